import { type CloseClassification, classifyClose, type RetryAction, type SocketState } from "@lifeline/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { bannerEn } from "../locales/en.js";
import { bannerZhCN } from "../locales/zh-CN.js";
import { ConnectionBanner } from "./ConnectionBanner.js";
import type { BannerSource } from "./useConnectionBanner.js";

// Stories use a simulated connection: a fixed socket state, never the network.
const base: SocketState = {
  status: "reconnecting",
  reason: "connection-lost",
  attempt: 2,
  nextRetryAt: null,
  lastClose: classifyClose({ code: 1006 }, { opened: true }),
  openedAt: null,
  stableAt: null,
  queued: 0,
  failedOpens: 0,
  decision: null,
};

// The retry time is fixed when the banner first reads it, not when this module loads: on a slow machine the
// catalogue can render a story seconds after import, and "Retrying in 4 seconds" would already read 2. A play
// function that reads the countdown calls `restart()` first, since on a busy machine seconds can pass between the
// first render and the play function too.
function fixed(state: Partial<SocketState>, retryInMs?: number): BannerSource & { restart(): void } {
  const listeners = new Set<() => void>();
  const make = (): SocketState => ({
    ...base,
    ...state,
    nextRetryAt: retryInMs === undefined ? null : Date.now() + retryInMs,
  });
  let snapshot: SocketState | undefined;
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => {
      snapshot ??= make();
      return snapshot;
    },
    reconnect: () => {},
    restart: () => {
      snapshot = make();
      for (const listener of listeners) listener();
    },
  };
}

const close = (code: number, reason = "", opened = true) => classifyClose({ code, reason }, { opened });
// The close and what the socket did about it (`decision`), which is what the banner reads: the close's own action
// while it retries, "never" once it stopped.
const decided = (lastClose: CloseClassification, action: RetryAction = lastClose.retry.action) => ({
  lastClose,
  decision: {
    action,
    category: lastClose.category,
    delayMs: action === "never" ? null : 1000,
    retryAfterMs: action === "never" ? null : (lastClose.retry.retryAfterMs ?? null),
  },
});

/** Every state the banner can be in, with the words it must say and the region that says it. */
const STATES = {
  lost: { source: () => fixed({}, 4200), region: "status" },
  reconnecting: { source: () => fixed({ status: "connecting", reason: "retry-timer" }), region: "status" },
  unreachable: {
    source: () => fixed({ reason: "connect-failed", failedOpens: 3, ...decided(close(1006, "", false)) }, 8200),
    region: "status",
  },
  restarting: { source: () => fixed({ reason: "closed-by-server", ...decided(close(1012)) }, 2200), region: "status" },
  busy: {
    source: () => fixed({ reason: "closed-by-server", ...decided(close(1013, "retry-after=20")) }, 20_200),
    region: "status",
  },
  rateLimited: {
    source: () => fixed({ reason: "closed-by-server", ...decided(close(1008, "rate limit exceeded")) }, 30_200),
    region: "status",
  },
  auth: {
    source: () =>
      fixed({ status: "closed", reason: "credentials-failed", ...decided(close(4401, "token expired"), "never") }),
    region: "alert",
  },
  forbidden: {
    source: () => fixed({ status: "closed", reason: "retry-refused", ...decided(close(3003)) }),
    region: "alert",
  },
  rejected: {
    source: () => fixed({ status: "closed", reason: "retry-refused", ...decided(close(1008, "policy 17")) }),
    region: "alert",
  },
  offline: { source: () => fixed({ status: "offline", reason: "network-offline" }), region: "status" },
  gaveUp: {
    source: () => fixed({ status: "closed", reason: "retries-exhausted", ...decided(close(1006), "never") }),
    region: "alert",
  },
} as const;
type StateName = keyof typeof STATES;

const meta = {
  title: "Connection/ConnectionBanner",
  component: ConnectionBanner,
  args: { source: STATES.lost.source(), timing: { graceMs: 0 }, onSignIn: fn() },
  argTypes: { source: { control: false }, locale: { control: false } },
} satisfies Meta<typeof ConnectionBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

function stateStory(name: StateName): Story {
  const { source, region } = STATES[name];
  const title = bannerEn[name].title;
  return {
    args: { source: source() },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await expect(canvas.getByRole(region)).toHaveTextContent(title);
      const quiet = canvas.getByRole(region === "status" ? "alert" : "status");
      await expect(quiet).toHaveTextContent("");
      // Empty, it takes no room, without display: contents (which has cost live regions their role in WebKit).
      await expect(getComputedStyle(quiet).display).not.toBe("contents");
      await expect(quiet.getBoundingClientRect().height).toBeLessThanOrEqual(1);
    },
  };
}

const lostSource = STATES.lost.source();
export const Lost: Story = {
  ...stateStory("lost"),
  args: { source: lostSource },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("status")).toHaveTextContent("Connection lost.");
    lostSource.restart();
    await expect(await canvas.findByText(/^Retrying in [4-5] seconds…$/)).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Retry now" }));
    // Off by default: end users never see the server's close reason.
    await expect(canvas.queryByText("Details")).toBeNull();
  },
};
const lostChineseSource = STATES.lost.source();
/** The countdown in Chinese word order, written by the browser's Intl.RelativeTimeFormat. */
export const LostChinese: Story = {
  args: { source: lostChineseSource, locale: bannerZhCN },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("status")).toHaveTextContent("连接已断开");
    lostChineseSource.restart();
    await expect(await canvas.findByText(/^[4-5]秒后重试…$/)).toBeVisible();
    await expect(canvasElement.querySelector(".ll-banner")?.getAttribute("lang")).toBe("zh-CN");
  },
};
/** For developer or support builds: `details` adds the close code and the server's reason, as text. */
export const WithDetails: Story = {
  args: {
    source: fixed({ status: "closed", reason: "retry-refused", ...decided(close(1008, "policy 17: <b>not bold</b>")) }),
    details: true,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("alert")).toHaveTextContent(bannerEn.rejected.title);
    await userEvent.click(canvas.getByText("Details"));
    await expect(canvas.getByText("Policy Violation")).toBeVisible();
    await expect(canvas.getByText("policy 17: <b>not bold</b>")).toBeVisible();
    await expect(canvasElement.querySelector(".ll-banner__details b")).toBeNull();
  },
};
export const Reconnecting: Story = stateStory("reconnecting");
export const Unreachable: Story = stateStory("unreachable");
export const Restarting: Story = stateStory("restarting");
export const Busy: Story = stateStory("busy");
export const RateLimited: Story = stateStory("rateLimited");
export const SessionExpired: Story = {
  ...stateStory("auth"),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("alert")).toHaveTextContent("Rejected: your session has expired.");
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(args.onSignIn).toHaveBeenCalledTimes(1);
  },
};
export const Forbidden: Story = stateStory("forbidden");
export const Rejected: Story = stateStory("rejected");
export const Offline: Story = stateStory("offline");
export const GaveUp: Story = stateStory("gaveUp");

/**
 * Recovery: after trouble was shown the connection opens, and the banner says "Reconnecting…" until it has held for
 * the banner's `timing.heldMs` (1 s by default); then "Reconnected." appears, and goes.
 */
// The connection opens 300 ms after `begin()`, which the play function calls: timers started at the first render
// could run out before a busy machine gets to the play function, and "Reconnecting…" lasts only a second.
const recovering = (() => {
  let snapshot: SocketState = { ...base, nextRetryAt: Date.now() + 60_000 };
  const listeners = new Set<() => void>();
  const change = (next: Partial<SocketState>) => {
    snapshot = { ...snapshot, ...next };
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    begin() {
      change({ ...base, nextRetryAt: Date.now() + 60_000 });
      setTimeout(() => change({ status: "open", reason: "opened", nextRetryAt: null, openedAt: Date.now() }), 300);
      setTimeout(() => change({ attempt: 0, stableAt: Date.now() }), 900);
    },
  };
})();
export const Recovered: Story = {
  args: { source: recovering },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    recovering.begin();
    await expect(await canvas.findByText("Reconnecting…", {}, { timeout: 3000 })).toBeVisible();
    await expect(await canvas.findByText("Reconnected.", {}, { timeout: 3000 })).toBeVisible();
  },
};

/** `placement="bottom"`: floats over the page at the bottom, clear of the device's safe area. */
export const PlacementBottom: Story = {
  args: { source: STATES.lost.source(), placement: "bottom" },
  play: async ({ canvasElement }) => {
    const banner = canvasElement.querySelector(".ll-banner") as HTMLElement;
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("Connection lost.");
    await expect(getComputedStyle(banner).position).toBe("fixed");
    await expect(window.innerHeight - banner.getBoundingClientRect().bottom).toBeLessThan(24);
  },
};
/** `placement="inline"`: in the flow where it is rendered; what follows moves down when it appears. */
export const PlacementInline: Story = {
  args: { source: STATES.lost.source(), placement: "inline" },
  play: async ({ canvasElement }) => {
    const banner = canvasElement.querySelector(".ll-banner") as HTMLElement;
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("Connection lost.");
    await expect(getComputedStyle(banner).position).toBe("relative");
  },
};
/** The nearest `data-theme` decides: a light wrapper inside a dark page gets a light banner, whatever the OS says. */
export const ThemeFromWrapper: Story = {
  render: () => (
    <div data-theme="dark" style={{ padding: "1rem", background: "#0d1117" }}>
      <div data-theme="light" style={{ padding: "1rem", background: "#ffffff" }}>
        <ConnectionBanner placement="inline" source={STATES.gaveUp.source()} />
      </div>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const banner = canvasElement.querySelector(".ll-banner") as HTMLElement;
    await expect(within(canvasElement).getByRole("alert")).toHaveTextContent(bannerEn.gaveUp.title);
    await expect(getComputedStyle(banner).colorScheme).toBe("light");
  },
};

function Grid({ locale, theme }: { locale: typeof bannerEn; theme: "light" | "dark" }) {
  return (
    <div
      data-theme={theme}
      style={{ display: "grid", gap: "0.75rem", padding: "1rem", background: theme === "dark" ? "#0d1117" : "#ffffff" }}
    >
      {(Object.keys(STATES) as StateName[]).map((name) => (
        <ConnectionBanner
          key={name}
          placement="inline"
          source={STATES[name].source()}
          locale={locale}
          timing={{ graceMs: 0 }}
          onSignIn={() => {}}
        />
      ))}
    </div>
  );
}

function allStates(locale: typeof bannerEn, theme: "light" | "dark"): Story {
  return {
    render: () => <Grid locale={locale} theme={theme} />,
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      const titles = [...canvas.getAllByRole("status"), ...canvas.getAllByRole("alert")]
        .map((node) => node.textContent)
        .filter(Boolean);
      const expected = (Object.keys(STATES) as StateName[]).map((name) => locale[name].title);
      await expect(titles.sort()).toEqual([...expected].sort());
    },
  };
}

export const AllStatesEnglish: Story = allStates(bannerEn, "light");
export const AllStatesChinese: Story = allStates(bannerZhCN, "light");
export const AllStatesEnglishDark: Story = allStates(bannerEn, "dark");
export const AllStatesChineseDark: Story = allStates(bannerZhCN, "dark");
