import { classifyClose, type SocketState } from "@lifeline/core";
import type { InspectedSocket, TimelineEntry, TrafficEntry } from "@lifeline/core/devtools";
import { en as closeEn } from "@lifeline/core/locales/en";
import { zhCN as closeZhCN } from "@lifeline/core/locales/zh-CN";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { LifelineDevtools } from "./LifelineDevtools.js";
import { OPEN_KEY } from "./openState.js";
import { PanelView } from "./Panel.js";
import type { DevtoolsLocale, DevtoolsTheme } from "./props.js";

// Stories use fake inspected sockets: a fixed state, never the network. The panel's behaviour on real sockets is
// tested in the .test.tsx files beside it.

const idle: SocketState = {
  status: "open",
  reason: "opened",
  attempt: 0,
  nextRetryAt: null,
  lastClose: null,
  openedAt: 0,
  stableAt: 0,
  queued: 0,
  failedOpens: 0,
  decision: null,
};

const decided = (code: number, reason: string, delayMs: number | null, retryAfterMs: number | null = null) => {
  const lastClose = classifyClose({ code, reason }, { opened: true });
  return {
    lastClose,
    decision: {
      action: delayMs === null ? "never" : lastClose.retry.action,
      category: lastClose.category,
      delayMs,
      retryAfterMs,
    },
  } as const;
};

// 12:00:00 on a fixed day, so the times in the tables read the same in every run.
const T = new Date(2026, 11, 1, 12, 0, 0).getTime();

interface FakeOptions {
  readonly id: number;
  readonly url: string;
  readonly state: Partial<SocketState>;
  /** Set when the first render reads the state, not when this module loads: a slow machine renders late. */
  readonly retryInMs?: number;
  readonly features?: readonly string[];
  readonly queued?: readonly string[];
  readonly traffic?: readonly TrafficEntry[];
  readonly timeline?: readonly TimelineEntry[];
}

// Play functions that read a countdown restart it first: on a busy machine, seconds can pass between the first render
// and the play function.
const restarts = new Set<() => void>();
const restartCountdowns = () => {
  for (const restart of restarts) restart();
};

function fake(options: FakeOptions): InspectedSocket {
  const listeners = new Set<() => void>();
  const make = (): SocketState => ({
    ...idle,
    ...options.state,
    nextRetryAt: options.retryInMs === undefined ? null : Date.now() + options.retryInMs,
  });
  let snapshot: SocketState | undefined;
  restarts.add(() => {
    if (snapshot === undefined) return;
    snapshot = make();
    for (const listener of listeners) listener();
  });
  return {
    id: options.id,
    url: () => options.url,
    getSnapshot: () => {
      snapshot ??= make();
      return snapshot;
    },
    features: () => options.features ?? ["platform", "closeReasons"],
    queued: () => options.queued ?? [],
    traffic: () => options.traffic ?? [],
    timeline: () => options.timeline ?? [],
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fault: () => {},
    faults: () => ({ offline: false, refusals: 0, silenced: false }),
    pingSentAt: () => undefined,
  };
}

const URL = "wss://chat.example.com/live?token=redacted";

const SOCKETS = {
  open: () =>
    fake({
      id: 1,
      url: URL,
      state: {},
      features: ["platform", "closeReasons", "heartbeat"],
      traffic: [
        { direction: "out", at: T + 1200, size: 27, preview: '{"type":"join","room":"ops"}' },
        { direction: "in", at: T + 1250, size: 41, preview: '{"type":"joined","room":"ops","members":4}' },
      ],
      timeline: [
        { at: T, event: { type: "connecting", url: URL, attempt: 0 } },
        { at: T + 180, event: { type: "opened", url: URL } },
      ],
    }),
  reconnecting: () =>
    fake({
      id: 2,
      url: "wss://prices.example.com/stream",
      state: { status: "reconnecting", reason: "connection-lost", attempt: 2, queued: 2, ...decided(1006, "", 4000) },
      retryInMs: 4200,
      queued: ['{"type":"order","id":17}', '{"type":"order","id":18}'],
    }),
  rateLimited: () =>
    fake({
      id: 3,
      url: "wss://api.example.com/ws",
      state: {
        status: "reconnecting",
        reason: "closed-by-server",
        attempt: 1,
        ...decided(1008, "rate limit exceeded; retry-after=5", 5000, 5000),
      },
      retryInMs: 5200,
      timeline: [
        {
          at: T + 5000,
          event: { type: "closed", close: classifyClose({ code: 1008, reason: "rate limit exceeded; retry-after=5" }) },
        },
        { at: T + 5001, event: { type: "retry-scheduled", delayMs: 5000, attempt: 1 } },
      ],
    }),
  forbidden: () =>
    fake({
      id: 4,
      url: "wss://admin.example.com/events",
      state: {
        status: "closed",
        reason: "closed-by-server",
        attempt: 0,
        tab: { role: "leader", tabs: 3 },
        ...decided(4403, "forbidden", null),
      },
    }),
} as const;

type State = keyof typeof SOCKETS;

function Frame({
  states,
  locale = "en",
  theme = "light",
}: {
  readonly states: readonly State[];
  readonly locale?: DevtoolsLocale;
  readonly theme?: DevtoolsTheme;
}) {
  return (
    <div className="lldt-root" data-position="static" data-theme={theme} lang={locale}>
      <PanelView
        id="lldt-story-panel"
        locale={locale}
        onClose={() => {}}
        sockets={states.map((state) => SOCKETS[state]())}
      />
    </div>
  );
}

const meta = {
  title: "Devtools/Panel",
  component: Frame,
  args: { states: ["open"] },
} satisfies Meta<typeof Frame>;
export default meta;
type Story = StoryObj<typeof meta>;

const card = (canvasElement: HTMLElement, id: number) => {
  const heading = within(canvasElement).getByRole("heading", { name: new RegExp(`^#${id} `) });
  return heading.closest("section") as HTMLElement;
};

export const Open: Story = {
  args: { states: ["open"] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("region", { name: "Lifeline sockets" })).toBeVisible();
    const socket = within(card(canvasElement, 1));
    await expect(socket.getByText("open")).toBeVisible();
    await expect(socket.getByText("platform, closeReasons, heartbeat")).toBeVisible();
    await expect(socket.getByText("Messages (2)")).toBeVisible();
  },
};

export const ReconnectingWithCountdown: Story = {
  args: { states: ["reconnecting"] },
  play: async ({ canvasElement }) => {
    const socket = within(card(canvasElement, 2));
    await expect(socket.getByText("reconnecting")).toBeVisible();
    restartCountdowns();
    await expect(await socket.findByText(/^in [4-5] s$/)).toBeVisible();
    await expect(socket.getByText("2 waiting")).toBeVisible();
    await expect(socket.getByText(/wait 4000 ms/)).toBeVisible();
  },
};

export const RateLimited: Story = {
  args: { states: ["rateLimited"] },
  play: async ({ canvasElement }) => {
    const socket = within(card(canvasElement, 3));
    await expect(socket.getByText("rate limit exceeded; retry-after=5")).toBeVisible();
    await expect(socket.getByText("after-hint")).toBeVisible();
    await expect(socket.getByText("rate-limited")).toBeVisible();
    await expect(socket.getByText(/server asked for 5000 ms/)).toBeVisible();
    // The close-code texts load with the panel's language, in a chunk of their own.
    await expect(await socket.findByText(closeEn.codes[1008]!.meaning, {}, { timeout: 10_000 })).toBeVisible();
  },
};

export const ClosedForbidden: Story = {
  args: { states: ["forbidden"] },
  play: async ({ canvasElement }) => {
    const socket = within(card(canvasElement, 4));
    await expect(socket.getByText("closed")).toBeVisible();
    await expect(socket.getByText("never")).toBeVisible();
    await expect(socket.getByText("leader, 3 tab(s) sharing")).toBeVisible();
    await expect(socket.getByRole("button", { name: "Drop (1006)" })).toBeVisible();
  },
};

const ALL: readonly State[] = ["open", "reconnecting", "rateLimited", "forbidden"];

export const AllStatesDark: Story = {
  args: { states: ALL, theme: "dark" },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("4 sockets")).toBeVisible();
  },
};

export const AllStatesChinese: Story = {
  args: { states: ALL, locale: "zh-CN" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("region", { name: "Lifeline 连接" })).toBeVisible();
    await expect(canvas.getByText("4 个连接")).toBeVisible();
    await expect(within(card(canvasElement, 3)).getByText(/服务器要求 5000 毫秒/)).toBeVisible();
    const meaning = closeZhCN.codes[1008]!.meaning;
    await expect(await within(card(canvasElement, 3)).findByText(meaning, {}, { timeout: 10_000 })).toBeVisible();
    await expect(within(card(canvasElement, 4)).getByRole("button", { name: "断开（1006）" })).toBeVisible();
  },
};

export const AllStatesChineseDark: Story = {
  args: { states: ALL, locale: "zh-CN", theme: "dark" },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("4 个连接")).toBeVisible();
  },
};

/** The real toggle in Chromium: it opens the lazy panel, and Escape closes it and gives the focus back. */
export const Toggle: Story = {
  args: { states: [] },
  render: () => <LifelineDevtools buttonPosition="bottom-left" />,
  beforeEach: () => {
    localStorage.removeItem(OPEN_KEY);
    return () => localStorage.removeItem(OPEN_KEY);
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole("button", { name: "Lifeline devtools" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    const panel = await canvas.findByRole("region", { name: "Lifeline sockets" }, { timeout: 10_000 });
    await expect(toggle).toHaveAttribute("aria-controls", panel.id);
    await userEvent.click(within(panel).getByRole("button", { name: "Close the devtools" }));
    await waitFor(() => expect(canvas.queryByRole("region", { name: "Lifeline sockets" })).toBeNull());
    await expect(toggle).toHaveFocus();
    await userEvent.click(toggle);
    await canvas.findByRole("region", { name: "Lifeline sockets" }, { timeout: 10_000 });
    await userEvent.keyboard("{Tab}{Escape}");
    await waitFor(() => expect(canvas.queryByRole("region", { name: "Lifeline sockets" })).toBeNull());
    await expect(toggle).toHaveFocus();
  },
};
