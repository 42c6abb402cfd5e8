import { createSocket, type Socket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createDiagnostics, diagnostics as diagnosticsFeature } from "@lifeline/core/diagnostics";
import { useSocketState } from "@lifeline/react";
import { createFakeSignal, createFakeWebSocket } from "@lifeline/testing/fake";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, within } from "storybook/test";
import { ConnectionBanner } from "../ConnectionBanner/index.js";
import { ConnectionTimeline, useDiagnostics } from "../ConnectionTimeline/index.js";
import { bannerZhCN, timelineZhCN } from "../locales/zh-CN.js";

// A connection with no network: a real Lifeline socket over the fake WebSocket of @lifeline/testing, steered by
// the buttons below as a server or the network would. Timers are real, so countdowns and retries run live.

function createSimulation(baseDelayMs: number) {
  const fake = createFakeWebSocket();
  // An online/offline signal the story flips, in place of the browser's online and offline events.
  const network = createFakeSignal();
  // The socket's history for the timeline: the socket hands each event to the log, the timeline reads the log.
  const diagnostics = createDiagnostics();
  const socket: Socket = createSocket("wss://playground.example/live?token=s3cr3t", {
    // Connected from an effect instead, so an unmount (or a re-run under StrictMode) closes and reopens cleanly.
    autoConnect: false,
    environment: {
      WebSocket: fake.WebSocket,
      online: network,
      visible: null,
      // A fixed draw, so each retry waits the same time on every run: half the backoff ceiling.
      random: () => 0.5,
    },
    reconnect: { backoff: { baseMs: baseDelayMs } },
    // Stands in for a token refresh: a 4401 gets one more attempt after it.
    refreshCredentials: () => new Promise<void>((resolve) => setTimeout(resolve, 400)),
    use: [browser(), diagnosticsFeature(diagnostics.record)],
  });
  return { fake, network, socket, diagnostics };
}

/** What the Storybook control can make the server or the network do. */
const FAULTS = [
  "none",
  "drop 1006",
  "rate limited 1008",
  "token expired 4401",
  "restart 1012",
  "overload 1013",
  "offline",
  "online",
] as const;
type Fault = (typeof FAULTS)[number];

interface PlaygroundProps {
  /** The language of the banner and the timeline. */
  readonly locale: "en" | "zh-CN";
  /** Fire a fault from the Controls panel; the buttons in the story do the same. */
  readonly fault?: Fault;
  /** The first retry's backoff ceiling; the fixed jitter waits half of it. */
  readonly baseDelayMs: number;
}

function Playground({ locale, baseDelayMs, fault = "none" }: PlaygroundProps) {
  const [{ fake, network, socket, diagnostics }] = useState(() => createSimulation(baseDelayMs));
  const [online, setOnline] = useState(true);
  const state = useSocketState(socket);
  const entries = useDiagnostics(diagnostics);

  useEffect(() => {
    socket.connect();
    return () => socket.close();
  }, [socket]);

  const connecting = state.status === "connecting";
  const open = state.status === "open";
  const serverClose = (code: number, reason = "") => fake.last().serverClose(code, reason);
  const setNetwork = (next: boolean) => {
    if (next === network.get()) return;
    network.set(next);
    // The network going away takes the connection with it: a browser sees 1006 once the TCP connection is gone.
    if (!next && open) fake.last().drop();
    if (!next && connecting) fake.last().failHandshake();
    // For the buttons: the timeline shows "offline"/"online" as soon as the log has them.
    setOnline(next);
  };

  // A fault picked in the Controls panel: a server close needs an open socket, so a pending attempt opens first.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per pick of the control, on purpose.
  useEffect(() => {
    if (fault === "none") return;
    if (fault === "offline" || fault === "online") return setNetwork(fault === "online");
    if (socket.getSnapshot().status === "connecting") fake.last().open();
    if (socket.getSnapshot().status !== "open") return;
    if (fault === "drop 1006") fake.last().drop();
    if (fault === "rate limited 1008") serverClose(1008, "rate limit exceeded; retry-after=30");
    if (fault === "token expired 4401") serverClose(4401, "token expired");
    if (fault === "restart 1012") serverClose(1012);
    if (fault === "overload 1013") serverClose(1013, "retry-after=20");
  }, [fault]);

  return (
    <div style={{ display: "grid", gap: "1rem", maxWidth: "48rem" }}>
      <fieldset style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", margin: 0 }}>
        <legend>Simulate the server and the network</legend>
        <button type="button" disabled={!connecting} onClick={() => fake.last().open()}>
          Open
        </button>
        <button type="button" disabled={!connecting} onClick={() => fake.last().failHandshake()}>
          Refuse handshake
        </button>
        <button type="button" disabled={!open} onClick={() => fake.last().drop()}>
          Drop (1006)
        </button>
        <button type="button" disabled={!open} onClick={() => serverClose(1008, "rate limit exceeded; retry-after=30")}>
          Rate limited (1008)
        </button>
        <button type="button" disabled={!open} onClick={() => serverClose(4401, "token expired")}>
          Token expired (4401)
        </button>
        <button type="button" disabled={!open} onClick={() => serverClose(1012)}>
          Restart (1012)
        </button>
        <button type="button" disabled={!open} onClick={() => serverClose(1013, "retry-after=20")}>
          Overload (1013)
        </button>
        <button type="button" disabled={!online} onClick={() => setNetwork(false)}>
          Go offline
        </button>
        <button type="button" disabled={online} onClick={() => setNetwork(true)}>
          Back online
        </button>
      </fieldset>
      <p style={{ margin: 0 }}>
        Socket: <code>{state.status}</code> because <code>{state.reason}</code>, attempt {state.attempt}
      </p>
      <ConnectionBanner
        source={socket}
        timing={{ graceMs: 0 }}
        // A developer's playground: the close code and reason are what it is for.
        details
        onSignIn={() => socket.reconnect()}
        {...(locale === "zh-CN" ? { locale: bannerZhCN } : {})}
      />
      <ConnectionTimeline entries={entries} {...(locale === "zh-CN" ? { locale: timelineZhCN } : {})} />
    </div>
  );
}

const meta = {
  title: "Connection/Playground",
  component: Playground,
  args: { locale: "en", baseDelayMs: 8000, fault: "none" },
  argTypes: {
    locale: { options: ["en", "zh-CN"], control: { type: "inline-radio" } },
    fault: { options: FAULTS, control: { type: "select" } },
    baseDelayMs: { control: { type: "number", min: 100, step: 500 } },
  },
  // A new simulation when the backoff changes; the language changes in place.
  render: (args) => <Playground key={args.baseDelayMs} {...args} />,
} satisfies Meta<typeof Playground>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Simulated: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const banner = within(canvasElement.querySelector(".ll-banner") as HTMLElement);
    const timeline = () => within(canvas.getByRole("list", { name: "Connection timeline" }));

    await userEvent.click(canvas.getByRole("button", { name: "Open" }));
    await expect(await timeline().findByText(/^Connected to/)).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Drop (1006)" }));
    await expect(banner.getByRole("status")).toHaveTextContent("Connection lost.");
    await expect(canvas.getByRole("list", { name: "Connection timeline" })).toHaveTextContent(
      "Closed: 1006 Abnormal Closure — will back off",
    );

    // The retry is seconds away: "Retry now" starts it at once, and the server accepts it.
    await userEvent.click(banner.getByRole("button", { name: "Retry now" }));
    await userEvent.click(canvas.getByRole("button", { name: "Open" }));
    await userEvent.click(canvas.getByRole("button", { name: "Rate limited (1008)" }));
    await expect(banner.getByRole("status")).toHaveTextContent("Rejected: rate limited.");
    await expect(timeline().getByText("Reason:", { exact: false })).toHaveTextContent(
      "Reason: rate limit exceeded; retry-after=30",
    );
  },
};

export const Chinese: Story = {
  args: { locale: "zh-CN" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Open" }));
    await userEvent.click(canvas.getByRole("button", { name: "Go offline" }));
    await expect(
      within(canvasElement.querySelector(".ll-banner") as HTMLElement).getByRole("status"),
    ).toHaveTextContent(/^网络已断开$/);
    await expect(canvas.getByRole("list", { name: "连接时间线" })).toHaveTextContent("网络已断开");
    await userEvent.click(canvas.getByRole("button", { name: "Back online" }));
    await expect(canvas.getByRole("list", { name: "连接时间线" })).toHaveTextContent("网络已恢复");
  },
};

/** The Controls panel's `fault` fires at once: here a 1008 rate limit, as soon as the connection opens. */
export const FiredFromControls: Story = {
  args: { fault: "rate limited 1008" },
  play: async ({ canvasElement }) => {
    const banner = within(canvasElement.querySelector(".ll-banner") as HTMLElement);
    await expect(banner.getByRole("status")).toHaveTextContent("Rejected: rate limited.");
  },
};
