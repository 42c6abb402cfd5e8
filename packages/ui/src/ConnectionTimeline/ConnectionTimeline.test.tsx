import { classifyClose, createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createDiagnostics, type DiagnosticEntry, type Diagnostics, diagnostics } from "@lifeline/core/diagnostics";
import { createFakeSignal, createFakeWebSocket } from "@lifeline/testing";
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LocaleProvider } from "../LocaleProvider.js";
import { timelineZhCN, uiZhCN } from "../locales/zh-CN.js";
import { ConnectionTimeline } from "./ConnectionTimeline.js";
import type { TimelineLabels } from "./labels.js";
import { useDiagnostics } from "./useDiagnostics.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// Local time, as the component shows it: 09:30:05.120 wherever the tests run.
const T0 = new Date(2025, 0, 15, 9, 30, 5, 120).getTime();
const SOCKET_URL = "wss://x.test/?token=redacted";

const items = (container: HTMLElement) => [...container.querySelectorAll("li")];
const sentence = (item: Element | undefined) => item?.querySelector(".ll-timeline__text")?.textContent;

/** One entry of every type, with the English sentence it must read as. Typed so that a new type fails to compile. */
const EVERY_TYPE: { readonly [Type in DiagnosticEntry["type"]]: readonly [DiagnosticEntry, string] } = {
  connecting: [{ at: T0, type: "connecting", url: SOCKET_URL, attempt: 2 }, `Connecting to ${SOCKET_URL} (attempt 2)`],
  opened: [{ at: T0, type: "opened", url: SOCKET_URL }, `Connected to ${SOCKET_URL}`],
  closed: [
    { at: T0, type: "closed", close: classifyClose({ code: 1006 }, { opened: true }) },
    "Closed: 1006 Abnormal Closure — will back off",
  ],
  "retry-scheduled": [{ at: T0, type: "retry-scheduled", delayMs: 1400, attempt: 1 }, "Retry scheduled in 1.4s"],
  "gave-up": [{ at: T0, type: "gave-up", reason: "retries-exhausted" }, "Gave up: out of retries"],
  "connect-timeout": [{ at: T0, type: "connect-timeout", afterMs: 10_000 }, "No answer: connect timed out after 10s"],
  "heartbeat-missed": [{ at: T0, type: "heartbeat-missed", silentMs: 30_000 }, "Heartbeat missed after 30s of silence"],
  offline: [{ at: T0, type: "offline" }, "Went offline"],
  online: [{ at: T0, type: "online" }, "Back online"],
  "queue-overflow": [{ at: T0, type: "queue-overflow", dropped: 1 }, "Queue full: 1 message dropped"],
  "queue-discarded": [{ at: T0, type: "queue-discarded", dropped: 3 }, "Closed with 3 unsent messages discarded"],
  "message-too-big": [
    { at: T0, type: "message-too-big", bytes: 70_000 },
    "Message too big: the server refused 70000 bytes",
  ],
  "url-failed": [{ at: T0, type: "url-failed", error: "Error: no token" }, "Couldn't get the URL: Error: no token"],
  "credentials-refreshed": [{ at: T0, type: "credentials-refreshed" }, "Credentials refreshed"],
  "credentials-failed": [
    { at: T0, type: "credentials-failed", error: "Error: 401" },
    "Couldn't refresh credentials: Error: 401",
  ],
  probed: [{ at: T0, type: "probed", status: 429 }, "Asked why the handshake fails: HTTP 429"],
  "message-invalid": [
    { at: T0, type: "message-invalid", reason: "invalid", messageType: "tick", error: "n: Expected number" },
    'Ignored an invalid "tick" message: n: Expected number',
  ],
  "callback-failed": [
    { at: T0, type: "callback-failed", callback: "classify", error: "TypeError: boom" },
    "Your classify threw, so the default was used: TypeError: boom",
  ],
};

describe("ConnectionTimeline", () => {
  it.each(Object.entries(EVERY_TYPE))("says a %s entry in a plain sentence", (type, [entry, expected]) => {
    const { container } = render(<ConnectionTimeline entries={[entry]} />);
    const [item] = items(container);
    expect(item?.dataset.type).toBe(type);
    expect(sentence(item)).toBe(expected);
  });

  it("puts every type into the same list, in the order given", () => {
    const entries = Object.values(EVERY_TYPE).map(([entry], index) => ({ ...entry, at: T0 + index }));
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(screen.getByRole("list", { name: "Connection timeline" })).toBeTruthy();
    expect(items(container).map((item) => item.dataset.type)).toEqual(Object.keys(EVERY_TYPE));
    expect(items(container).map(sentence)).toEqual(Object.values(EVERY_TYPE).map(([, text]) => text));
  });

  it("says what each kind of close leads to", () => {
    const close = (code: number, reason = "", context = {}) => classifyClose({ code, reason }, context);
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "closed", close: close(1006, "", { opened: false }) },
      { at: T0, type: "closed", close: close(1012) },
      { at: T0, type: "closed", close: close(1013, "retry-after=20") },
      { at: T0, type: "closed", close: close(4401, "token expired") },
      { at: T0, type: "closed", close: close(1008, "policy 17") },
      { at: T0, type: "closed", close: close(1000, "", { closeRequested: true }) },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(items(container).map(sentence)).toEqual([
      "Couldn't open: 1006 Abnormal Closure — will back off",
      "Closed: 1012 Service Restart — will reconnect shortly",
      "Closed: 1013 Try Again Later — will wait 20s, as the server asked",
      "Closed: 4401 Private Use — will refresh credentials",
      "Closed: 1008 Policy Violation — won't reconnect",
      "Closed by the app: 1000 Normal Closure",
    ]);
    expect(items(container).map((item) => item.dataset.tone)).toEqual([
      "warning",
      "warning",
      "warning",
      "warning",
      "danger",
      "neutral",
    ]);
  });

  it("shows the server's reason under a close, quoted, and nothing when there is none", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "closed", close: classifyClose({ code: 1008, reason: "rate limit exceeded; retry-after=30" }) },
      { at: T0, type: "closed", close: classifyClose({ code: 1006 }) },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    const [limited, lost] = items(container);
    expect(limited?.querySelector(".ll-timeline__reason")?.textContent).toBe(
      "Reason: rate limit exceeded; retry-after=30",
    );
    expect(limited?.querySelector("q")?.textContent).toBe("rate limit exceeded; retry-after=30");
    expect(lost?.querySelector(".ll-timeline__reason")).toBeNull();
  });

  it("names the gave-up reasons it knows and passes through the ones it does not", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "gave-up", reason: "retry-refused" },
      { at: T0, type: "gave-up", reason: "credentials-failed" },
      { at: T0, type: "gave-up", reason: "invalid-url" },
      { at: T0, type: "gave-up", reason: "something-new" },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(items(container).map(sentence)).toEqual([
      "Gave up: the server's close rules out a retry",
      "Gave up: the credentials were refused",
      "Gave up: the URL is not a WebSocket URL",
      "Gave up (something-new)",
    ]);
  });

  it("uses the singular and plural forms for one and several messages, and an unknown size", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "queue-overflow", dropped: 2 },
      { at: T0, type: "queue-discarded", dropped: 1 },
      { at: T0, type: "message-too-big", bytes: null },
      { at: T0, type: "connecting", url: SOCKET_URL, attempt: 0 },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(items(container).map(sentence)).toEqual([
      "Queue full: 2 messages dropped",
      "Closed with 1 unsent message discarded",
      "Message too big: the server refused it",
      `Connecting to ${SOCKET_URL}`,
    ]);
  });

  it("gives each entry its clock time as a machine-readable time, and the gap since the one before", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "connecting", url: SOCKET_URL, attempt: 0 },
      { at: T0 + 1200, type: "opened", url: SOCKET_URL },
      { at: T0 + 1540, type: "offline" },
      { at: T0 + 66_540, type: "online" },
      { at: T0 + 3_846_540, type: "offline" },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    const clocks = items(container).map((item) => item.querySelector("time.ll-timeline__clock"));
    expect(clocks.map((clock) => clock?.textContent)).toEqual([
      "09:30:05.120",
      "09:30:06.320",
      "09:30:06.660",
      "09:31:11.660",
      "10:34:11.660",
    ]);
    expect(clocks[0]?.getAttribute("datetime")).toBe(new Date(T0).toISOString());
    const gaps = items(container).map((item) => item.querySelector(".ll-timeline__gap"));
    expect(gaps.map((gap) => gap?.textContent)).toEqual(["", "+1.2s", "+340ms", "+1m 5s", "+1h 3m"]);
    expect(gaps[1]?.querySelector("time")?.getAttribute("datetime")).toBe("PT1.200S");
  });

  it("shows a gap that runs backwards when the wall clock was set back", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "offline" },
      { at: T0 - 2500, type: "online" },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(items(container)[1]?.querySelector(".ll-timeline__gap")?.textContent).toBe("−2.5s");
  });

  it("shows how long ago each entry was when given now", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "offline" },
      { at: T0 + 9000, type: "online" },
    ];
    const { container, rerender } = render(<ConnectionTimeline entries={entries} />);
    expect(container.querySelector(".ll-timeline__ago")).toBeNull();
    rerender(<ConnectionTimeline entries={entries} now={T0 + 12_000} />);
    expect([...container.querySelectorAll(".ll-timeline__ago")].map((node) => node.textContent)).toEqual([
      "12s ago",
      "3s ago",
    ]);
  });

  it("says so when nothing has happened yet", () => {
    const { container } = render(<ConnectionTimeline entries={[]} />);
    expect(container.querySelector("ol")).toBeNull();
    expect(screen.getByText("Nothing has happened yet.")).toBeTruthy();
  });

  it("renders a hostile close reason as text and creates no element from it", () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "closed", close: classifyClose({ code: 1008, reason: hostile }) },
      { at: T0, type: "url-failed", error: hostile },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    const quotes = [...container.querySelectorAll("q")];
    expect(quotes.map((quote) => quote.textContent)).toEqual([hostile, hostile]);
    expect(quotes.every((quote) => quote.children.length === 0)).toBe(true);
  });

  it("speaks Chinese with locale zh-CN, keeping the registry name in English", () => {
    const entries: DiagnosticEntry[] = [
      { at: T0, type: "closed", close: classifyClose({ code: 1006 }, { opened: true }) },
      { at: T0 + 1400, type: "retry-scheduled", delayMs: 1400, attempt: 1 },
      { at: T0 + 1500, type: "queue-overflow", dropped: 1 },
    ];
    const { container } = render(<ConnectionTimeline entries={entries} locale={timelineZhCN} />);
    expect(screen.getByRole("list", { name: "连接时间线" })).toBeTruthy();
    expect(container.firstElementChild?.getAttribute("lang")).toBe("zh-CN");
    expect(items(container).map(sentence)).toEqual([
      "连接已关闭：1006 Abnormal Closure，将逐步延长间隔重试",
      "1.4秒后重试",
      "发送队列已满，已丢弃 1 条消息",
    ]);
    expect(screen.getByText("Abnormal Closure").getAttribute("lang")).toBe("en");
    expect(items(container)[1]?.querySelector(".ll-timeline__gap")?.textContent).toBe("+1.4秒");
  });

  it("takes Chinese from the labels prop or a LocaleProvider too, and overrides single strings", () => {
    const entries: DiagnosticEntry[] = [{ at: T0, type: "offline" }];
    const { container, rerender } = render(<ConnectionTimeline entries={entries} labels={timelineZhCN} />);
    expect(sentence(items(container)[0])).toBe("网络已断开");
    rerender(
      <LocaleProvider locale={uiZhCN}>
        <ConnectionTimeline entries={entries} />
      </LocaleProvider>,
    );
    expect(sentence(items(container)[0])).toBe("网络已断开");
    rerender(<ConnectionTimeline entries={entries} labels={{ events: { offline: "Lost the network" } }} />);
    expect(sentence(items(container)[0])).toBe("Lost the network");
    expect(screen.getByRole("list", { name: "Connection timeline" })).toBeTruthy();
  });

  it("keeps the locale's words where an override or a locale leaves a group or a string undefined", () => {
    const entries: DiagnosticEntry[] = [{ at: T0, type: "offline" }];
    const { container, rerender } = render(
      <ConnectionTimeline entries={entries} labels={{ events: { offline: undefined }, time: undefined }} />,
    );
    expect(sentence(items(container)[0])).toBe("Went offline");
    // A locale that misses a group falls back to English for that group only.
    const partial = { ...timelineZhCN, events: undefined } as unknown as TimelineLabels;
    rerender(<ConnectionTimeline entries={entries} locale={partial} />);
    expect(sentence(items(container)[0])).toBe("Went offline");
    expect(container.querySelector(".ll-timeline__empty, ol")?.getAttribute("aria-label")).toBe(timelineZhCN.list);
  });

  it("warns once about an entry type from a newer core and still lists it", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const entry = { at: T0, type: "teleported" } as unknown as DiagnosticEntry;
    const { container, rerender } = render(<ConnectionTimeline entries={[entry]} />);
    rerender(<ConnectionTimeline entries={[entry, entry]} />);
    expect(items(container).map(sentence)).toEqual(["Unknown event: teleported", "Unknown event: teleported"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[@lifeline\/ui\] ConnectionTimeline got a diagnostics entry of type "teleported"/,
    );
    warn.mockRestore();
  });

  it("passes className and other props to the root", () => {
    const { container } = render(<ConnectionTimeline entries={[]} className="mine" data-testid="timeline" />);
    expect(container.firstElementChild?.className).toBe("ll-timeline mine");
    expect(screen.getByTestId("timeline")).toBe(container.firstElementChild);
  });
});

describe("useDiagnostics", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function Live({ diagnostics }: { diagnostics: Parameters<typeof useDiagnostics>[0] }) {
    return <ConnectionTimeline entries={useDiagnostics(diagnostics)} />;
  }

  it("follows the log of a live socket that writes to it through onDiagnostic", () => {
    vi.useFakeTimers({ now: T0 });
    const fake = createFakeWebSocket();
    const network = createFakeSignal();
    const log = createDiagnostics();
    const socket = createSocket("wss://x.test/?token=secret", {
      environment: { WebSocket: fake.WebSocket, online: network, visible: null, random: () => 0.5 },
      use: [browser(), diagnostics(log.record)],
    });
    const { container } = render(<Live diagnostics={log} />);
    expect(items(container).map(sentence)).toEqual([`Connecting to ${SOCKET_URL}`]);
    act(() => fake.last().open());
    act(() => {
      vi.advanceTimersByTime(1200);
      fake.last().drop();
    });
    expect(items(container).map(sentence)).toEqual([
      `Connecting to ${SOCKET_URL}`,
      `Connected to ${SOCKET_URL}`,
      "Closed: 1006 Abnormal Closure — will back off",
      "Retry scheduled in 500ms",
    ]);
    expect(items(container)[2]?.querySelector(".ll-timeline__gap")?.textContent).toBe("+1.2s");
    act(() => vi.advanceTimersByTime(500));
    expect(sentence(items(container).at(-1))).toBe(`Connecting to ${SOCKET_URL} (attempt 1)`);
    // Entries that come without a change of the socket's state show up at once too.
    act(() => fake.last().open());
    act(() => network.set(false));
    expect(sentence(items(container).at(-1))).toBe("Went offline");
    act(() => network.set(true));
    // Offline let the open socket go (no heartbeat to ask it); back online, it connects again at once.
    expect(items(container).map(sentence).slice(-2)).toEqual(["Back online", `Connecting to ${SOCKET_URL}`]);
    socket.close();
  });

  it("renders again with each new entry and keeps the same array while nothing was logged", () => {
    let now = T0;
    const log: Diagnostics = createDiagnostics({ now: () => now });
    const seen: (readonly DiagnosticEntry[])[] = [];
    function Probe() {
      const entries = useDiagnostics(log);
      seen.push(entries);
      return <ConnectionTimeline entries={entries} />;
    }
    const { container, rerender } = render(<Probe />);
    expect(seen).toEqual([[]]);
    expect(container.querySelector(".ll-timeline__empty")).not.toBeNull();

    act(() => log.record({ type: "offline" }));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual([{ type: "offline", at: T0 }]);
    expect(items(container).map(sentence)).toEqual(["Went offline"]);

    // A render for another reason reads the same snapshot: same array, so memoized children stay put.
    rerender(<Probe />);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe(seen[1]);

    now = T0 + 1500;
    act(() => log.record({ type: "online" }));
    expect(seen).toHaveLength(4);
    expect(seen[3]).not.toBe(seen[2]);
    expect(items(container).map(sentence)).toEqual(["Went offline", "Back online"]);
    expect(items(container)[1]?.querySelector(".ll-timeline__gap")?.textContent).toBe("+1.5s");

    act(() => log.clear());
    expect(seen).toHaveLength(5);
    expect(seen[4]).toEqual([]);
    expect(container.querySelector(".ll-timeline__empty")).not.toBeNull();
  });

  it("stops listening on unmount", () => {
    const log = createDiagnostics();
    let listening = 0;
    const source = {
      getSnapshot: log.getSnapshot,
      subscribe: (listener: () => void) => {
        listening++;
        const stop = log.subscribe(listener);
        return () => {
          listening--;
          stop();
        };
      },
    };
    const { unmount } = render(<Live diagnostics={source} />);
    expect(listening).toBe(1);
    unmount();
    expect(listening).toBe(0);
  });
});
