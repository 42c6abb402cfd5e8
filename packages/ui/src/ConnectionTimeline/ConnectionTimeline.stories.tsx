import { classifyClose } from "@lifeline/core";
import type { DiagnosticEntry } from "@lifeline/core/diagnostics";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { timelineZhCN } from "../locales/zh-CN.js";
import { ConnectionTimeline } from "./ConnectionTimeline.js";
import { timelineEn } from "./labels.js";

// Stories use a fixed log, as a createDiagnostics() log's getSnapshot() returns it: never the network.
const T0 = Date.UTC(2025, 0, 15, 8, 30, 5, 120);
const SOCKET_URL = "wss://live.example.com/feed?token=redacted";
const close = (code: number, reason = "", opened = true) => classifyClose({ code, reason }, { opened });

/** A morning in a support ticket: a drop, a rate limit, an expired session, and the end. */
const SESSION: readonly DiagnosticEntry[] = [
  { at: T0, type: "connecting", url: SOCKET_URL, attempt: 0 },
  { at: T0 + 180, type: "opened", url: SOCKET_URL },
  { at: T0 + 42_180, type: "heartbeat-missed", silentMs: 30_000 },
  { at: T0 + 42_181, type: "retry-scheduled", delayMs: 1400, attempt: 1 },
  { at: T0 + 43_581, type: "connecting", url: SOCKET_URL, attempt: 1 },
  { at: T0 + 43_790, type: "opened", url: SOCKET_URL },
  { at: T0 + 101_000, type: "closed", close: close(1008, "rate limit exceeded; retry-after=30") },
  { at: T0 + 101_001, type: "retry-scheduled", delayMs: 31_200, attempt: 1 },
  { at: T0 + 132_201, type: "connecting", url: SOCKET_URL, attempt: 1 },
  { at: T0 + 132_380, type: "opened", url: SOCKET_URL },
  { at: T0 + 140_000, type: "closed", close: close(4401, "token expired") },
  { at: T0 + 140_001, type: "retry-scheduled", delayMs: 0, attempt: 1 },
  { at: T0 + 140_420, type: "credentials-refreshed" },
  { at: T0 + 140_421, type: "connecting", url: SOCKET_URL, attempt: 1 },
  { at: T0 + 140_600, type: "opened", url: SOCKET_URL },
  { at: T0 + 150_600, type: "closed", close: close(4401, "token expired") },
  { at: T0 + 150_601, type: "gave-up", reason: "credentials-failed" },
];

/** One entry of every type the log can hold, a second apart. */
const EVERY_TYPE: readonly DiagnosticEntry[] = [
  { type: "connecting", url: SOCKET_URL, attempt: 2 } as const,
  { type: "opened", url: SOCKET_URL } as const,
  { type: "closed", close: close(1006) } as const,
  { type: "retry-scheduled", delayMs: 1400, attempt: 3 } as const,
  { type: "connect-timeout", afterMs: 10_000 } as const,
  { type: "heartbeat-missed", silentMs: 30_000 } as const,
  { type: "offline" } as const,
  { type: "online" } as const,
  { type: "queue-overflow", dropped: 1 } as const,
  { type: "message-too-big", bytes: 70_000 } as const,
  { type: "closed", close: close(1009, "frame too large") } as const,
  { type: "url-failed", error: "Error: the token endpoint answered 503" } as const,
  { type: "credentials-refreshed" } as const,
  { type: "credentials-failed", error: "Error: 401 Unauthorized" } as const,
  { type: "queue-discarded", dropped: 4 } as const,
  { type: "gave-up", reason: "retries-exhausted" } as const,
].map((entry, index) => ({ ...entry, at: T0 + index * 1000 }) as DiagnosticEntry);

const meta = {
  title: "Connection/ConnectionTimeline",
  component: ConnectionTimeline,
  args: { entries: SESSION, locale: timelineEn },
  argTypes: {
    entries: { control: false },
    locale: {
      options: ["en", "zh-CN"],
      mapping: { en: timelineEn, "zh-CN": timelineZhCN },
      control: { type: "inline-radio" },
    },
  },
} satisfies Meta<typeof ConnectionTimeline>;
export default meta;
type Story = StoryObj<typeof meta>;

export const SupportSession: Story = {
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("list", { name: "Connection timeline" });
    const items = within(list).getAllByRole("listitem");
    await expect(items).toHaveLength(SESSION.length);
    await expect(items[0]).toHaveTextContent(`Connecting to ${SOCKET_URL}`);
    await expect(items[6]).toHaveTextContent("Closed: 1008 Policy Violation — will wait 30s, as the server asked");
    await expect(items[6]).toHaveTextContent("Reason: rate limit exceeded; retry-after=30");
    await expect(items[1]).toHaveTextContent("+180ms");
    await expect(items.at(-1)).toHaveTextContent("Gave up: the credentials were refused");
  },
};

/** Every entry type in plain words, with each entry's age against a fixed "now". */
export const EveryEntryType: Story = {
  args: { entries: EVERY_TYPE, now: T0 + 20_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const items = canvas.getAllByRole("listitem");
    await expect(items.map((item) => item.dataset.type)).toEqual(EVERY_TYPE.map((entry) => entry.type));
    await expect(canvas.getByText("Heartbeat missed after 30s of silence")).toBeVisible();
    await expect(canvas.getByText("Queue full: 1 message dropped")).toBeVisible();
    await expect(canvas.getByText("20s ago")).toBeVisible();
  },
};

export const Chinese: Story = {
  args: { locale: timelineZhCN },
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole("list", { name: "连接时间线" });
    await expect(list).toHaveTextContent("连接已关闭：1008 Policy Violation，将按服务器要求等待30秒");
    await expect(list).toHaveTextContent("已停止重连：凭据被拒绝");
  },
};

/** The server's reason is data: markup in it shows as text and creates no element. */
export const HostileReason: Story = {
  args: {
    entries: [
      { at: T0, type: "closed", close: close(1008, '<img src=x onerror="alert(1)">') },
      { at: T0 + 1, type: "gave-up", reason: "retry-refused" },
    ],
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector(".ll-timeline img")).toBeNull();
    await expect(within(canvasElement).getByText('<img src=x onerror="alert(1)">')).toBeVisible();
  },
};

export const Empty: Story = {
  args: { entries: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Nothing has happened yet.")).toBeVisible();
  },
};

function Themed({ theme, locale }: { theme: "light" | "dark"; locale: "en" | "zh-CN" }) {
  return (
    <div data-theme={theme} style={{ padding: "1rem", background: theme === "dark" ? "#010409" : "#f6f8fa" }}>
      <ConnectionTimeline
        entries={EVERY_TYPE}
        now={T0 + 20_000}
        {...(locale === "zh-CN" ? { locale: timelineZhCN } : {})}
      />
    </div>
  );
}

export const EveryEntryTypeDark: Story = {
  render: () => <Themed theme="dark" locale="en" />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getAllByRole("listitem")).toHaveLength(EVERY_TYPE.length);
  },
};

export const EveryEntryTypeChineseDark: Story = {
  render: () => <Themed theme="dark" locale="zh-CN" />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("网络已断开")).toBeVisible();
  },
};
