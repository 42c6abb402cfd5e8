// What machine.test.ts asserted of the pure transition() before issue 21 made the kernel imperative, asserted again at
// the socket level: the fake WebSocket and Vitest's fake timers, and what an app can observe (snapshots, the
// WebSockets made, what they sent and how they were closed, the diagnostics, the timers left).

import { createFakePage, createFakeSignal, createFakeWebSocket } from "@lifeline/testing/fake";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FeatureOptions, withFeatures } from "./__fixtures__/features.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { createSocket, type SocketOptions } from "./index.js";
import { verdictOf } from "./probe/httpProbe.js";
import type { CloseClassification } from "./types.js";

let fake: ReturnType<typeof createFakeWebSocket>;

function setup(options: SocketOptions & FeatureOptions = {}) {
  const online = createFakeSignal(true);
  const visible = createFakeSignal(true);
  const heard: DiagnosticEvent[] = [];
  const socket = createSocket("wss://x.test/?token=secret", {
    ...withFeatures({ onDiagnostic: (event) => heard.push(event), ...options }),
    environment: { WebSocket: fake.WebSocket, random: () => 0.5, online, visible, page: createFakePage() },
  });
  return { socket, online, visible, heard };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1000 });
  fake = createFakeWebSocket();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the kernel's decisions, at the socket level", () => {
  it("starts an attempt with its own connect deadline, and listens to the platform from then on", () => {
    const { socket, online } = setup();
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "connect-called" });
    expect(online.listenerCount()).toBe(1);
    vi.advanceTimersByTime(9999);
    expect(socket.getSnapshot().status).toBe("connecting");
    vi.advanceTimersByTime(1);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "connect-timeout" });
  });

  it("creates the WebSocket once the URL is known, and says so with the token redacted", () => {
    const { heard } = setup();
    expect(fake.sockets).toHaveLength(1);
    expect(heard[0]).toEqual({ type: "connecting", url: "wss://x.test/?token=redacted", attempt: 0 });
  });

  it("opens: the minimum-uptime deadline replaces the connect deadline, and the queue is flushed", () => {
    const { socket } = setup();
    socket.send("queued");
    vi.advanceTimersByTime(9000);
    fake.last().open();
    expect(socket.getSnapshot()).toMatchObject({ status: "open", openedAt: 10_000, failedOpens: 0, queued: 0 });
    expect(fake.last().sent).toEqual(["queued"]);
    vi.advanceTimersByTime(4000);
    expect(socket.getSnapshot()).toMatchObject({ status: "open", stableAt: null });
  });

  // Issue 14: a server that accepts each upgrade and cuts it at once made every 1 ms open look like a recovery.
  it("says a connection held only once it stayed open for the minimum uptime, and not while it is new", () => {
    const { socket } = setup();
    fake.last().open();
    expect(socket.getSnapshot().stableAt).toBeNull();
    vi.advanceTimersByTime(5000);
    expect(socket.getSnapshot()).toMatchObject({ status: "open", openedAt: 1000, stableAt: 6000, attempt: 0 });
  });

  it("never marks an open that is cut before the minimum uptime as held, and backs off further", () => {
    const { socket } = setup();
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", attempt: 1, stableAt: null });
    vi.runOnlyPendingTimers();
    fake.last().open();
    expect(socket.getSnapshot()).toMatchObject({ status: "open", attempt: 1, stableAt: null });
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", attempt: 2, stableAt: null });
  });

  it("forgets that a connection held once it closes, and on every status after it", () => {
    const { socket } = setup();
    fake.last().open();
    vi.advanceTimersByTime(5000);
    expect(socket.getSnapshot().stableAt).toBe(6000);
    socket.reconnect();
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", stableAt: null });
    fake.last().open();
    vi.advanceTimersByTime(5000);
    socket.close();
    expect(socket.getSnapshot()).toMatchObject({ status: "closing", openedAt: 6000, stableAt: null });
  });

  it("ignores an answer from an attempt it has abandoned", () => {
    const { socket } = setup();
    const abandoned = fake.last();
    socket.reconnect();
    const before = socket.getSnapshot();
    abandoned.open();
    expect(socket.getSnapshot()).toBe(before);
    expect(before.status).toBe("connecting");
  });

  it("keeps the snapshot's identity when an event changes nothing in it", () => {
    const { socket } = setup();
    fake.last().open();
    const state = socket.getSnapshot();
    fake.last().receive("hello");
    expect(socket.send("sent at once")).toBe("sent");
    expect(socket.getSnapshot()).toBe(state);
    socket.reconnect();
    const connecting = socket.getSnapshot();
    expect(socket.send("queued")).toBe("queued");
    expect(socket.getSnapshot()).not.toBe(connecting);
    expect(socket.getSnapshot().queued).toBe(1);
  });

  // Issue 12: close() from a subscriber that saw "reconnecting" was undone by a retry timer armed afterwards.
  it("closes from reconnecting for good: the retry deadline is cleared and nothing starts", () => {
    const { socket, online } = setup();
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot().status).toBe("reconnecting");
    socket.close();
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called", nextRetryAt: null });
    expect(vi.getTimerCount()).toBe(0);
    expect(online.listenerCount()).toBe(0);
  });

  // Issue 12: connect() from a subscriber on "closing" lost its connect timeout and stayed connecting forever.
  it("gives an attempt started from closing its own connect deadline", () => {
    const { socket } = setup();
    fake.last().open();
    socket.close(1000);
    expect(socket.getSnapshot().status).toBe("closing");
    socket.connect();
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "connect-called" });
    vi.advanceTimersByTime(10_000);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "connect-timeout" });
  });

  it("reports the message a 1009 refused and never sends it again", () => {
    const dropped: unknown[] = [];
    const { socket, heard } = setup({ queue: { onDrop: (data, cause) => dropped.push([data, cause]) } });
    fake.last().open();
    socket.send("x".repeat(2000));
    fake.last().serverClose(1009);
    expect(heard).toContainEqual({ type: "message-too-big", bytes: 2000 });
    expect(dropped).toEqual([["x".repeat(2000), "too-big"]]);
    vi.runOnlyPendingTimers();
    fake.last().open();
    expect(fake.last().sent).toEqual([]);
  });

  it("redacts a close reason before it goes to the diagnostics", () => {
    const { heard } = setup();
    fake.last().open();
    fake.last().serverClose(4000, "bad token=abc123 for you");
    const closed = heard.find((event) => event.type === "closed");
    expect(JSON.stringify(closed)).toContain("token=redacted");
    expect(JSON.stringify(closed)).not.toContain("abc123");
  });

  it("pings after a quiet interval and presumes the connection dead when the ping goes unanswered", () => {
    const { socket, heard } = setup({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } });
    fake.last().open();
    vi.advanceTimersByTime(1000);
    expect(fake.last().sent).toEqual(["ping"]);
    vi.advanceTimersByTime(499);
    expect(socket.getSnapshot().status).toBe("open");
    vi.advanceTimersByTime(1);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
    expect(heard).toContainEqual({ type: "heartbeat-missed", silentMs: 1500 });
  });

  it("refreshes credentials once, and a refresh that never settles counts as failed after its deadline", () => {
    let refreshes = 0;
    const { socket } = setup({ refreshCredentials: () => new Promise(() => void refreshes++) });
    fake.last().open();
    fake.last().serverClose(4401);
    expect(socket.getSnapshot().status).toBe("reconnecting");
    vi.runOnlyPendingTimers();
    expect(refreshes).toBe(1);
    expect(socket.getSnapshot().nextRetryAt).toBeNull();
    vi.advanceTimersByTime(9999);
    expect(socket.getSnapshot().status).toBe("reconnecting");
    vi.advanceTimersByTime(1);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "credentials-failed" });
  });

  it("refreshes again after connect(), for a user who signed in again", async () => {
    let refreshes = 0;
    const { socket } = setup({ refreshCredentials: () => Promise.reject(new Error(`401 #${++refreshes}`)) });
    fake.last().open();
    fake.last().serverClose(4401);
    await vi.runOnlyPendingTimersAsync();
    expect(socket.getSnapshot().reason).toBe("credentials-failed");
    socket.connect();
    fake.last().open();
    fake.last().serverClose(4401);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "closed-by-server" });
    await vi.runOnlyPendingTimersAsync();
    expect(refreshes).toBe(2);
  });

  it("keeps a terminal close terminal while offline, and waits for the network after a retryable one", () => {
    // With a heartbeat, the platform's "offline" pings the open connection instead of letting it go.
    const first = setup({ heartbeat: { intervalMs: 60_000, timeoutMs: 60_000 } });
    fake.last().open();
    first.online.set(false);
    fake.last().serverClose(4403);
    expect(first.socket.getSnapshot()).toMatchObject({ status: "closed", reason: "retry-refused" });
    const second = setup({ heartbeat: { intervalMs: 60_000, timeoutMs: 60_000 } });
    fake.last().open();
    second.online.set(false);
    fake.last().drop();
    expect(second.socket.getSnapshot()).toMatchObject({ status: "offline", reason: "network-offline", attempt: 0 });
    second.online.set(true);
    expect(second.socket.getSnapshot().status).toBe("connecting");
  });

  it("gives up by the global limit, and by a code's own limit over closes of its kind only", () => {
    const { socket } = setup({ reconnect: { maxAttempts: 1 } });
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot().status).toBe("reconnecting");
    vi.runOnlyPendingTimers();
    fake.last().failHandshake();
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "retries-exhausted" });
  });

  it("puts the decision it applied in the snapshot: the hint it follows, and `never` once it stops", () => {
    const { socket } = setup();
    fake.last().open();
    fake.last().serverClose(1008, "rate limit exceeded; retry-after=3");
    expect(socket.getSnapshot().decision).toEqual({
      action: "after-hint",
      category: "rejected",
      delayMs: 3500,
      retryAfterMs: 3000,
    });
    vi.runOnlyPendingTimers();
    fake.last().open();
    fake.last().serverClose(4403);
    expect(socket.getSnapshot().decision).toEqual({
      action: "never",
      category: "rejected",
      delayMs: null,
      retryAfterMs: null,
    });
    socket.connect();
    expect(socket.getSnapshot().decision).toBeNull();
  });
});

describe("the heartbeat, at the socket level", () => {
  const opened = () => {
    const result = setup({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } });
    fake.last().open();
    return result;
  };

  it("waits for an answer to a ping sent in the same millisecond as the last message, and drops a connection that gives none", () => {
    const { socket, online } = opened();
    vi.advanceTimersByTime(300);
    fake.last().receive("news");
    // The network goes in that same millisecond: the platform has the heartbeat ping with a second to answer.
    online.set(false);
    expect(fake.last().sent).toEqual(["ping"]);
    vi.advanceTimersByTime(1000);
    expect(socket.getSnapshot()).toMatchObject({ status: "offline", lastClose: { reason: "heartbeat timeout" } });
  });

  it("does not ping a busy connection: any message is proof of life", () => {
    opened();
    vi.advanceTimersByTime(900);
    fake.last().receive("news");
    vi.advanceTimersByTime(100);
    expect(fake.last().sent).toEqual([]);
    vi.advanceTimersByTime(900);
    expect(fake.last().sent).toEqual(["ping"]);
  });

  it("raises no false alarm when a throttled timer fires a minute late but the pong came in time", () => {
    const { socket } = opened();
    vi.advanceTimersByTime(1000);
    fake.last().receive("pong");
    // The tab's timers were throttled: the clock jumps a minute before the check runs.
    vi.setSystemTime(62_000);
    vi.advanceTimersByTime(500);
    expect(socket.getSnapshot().status).toBe("open");
    expect(fake.last().sent).toEqual(["ping", "ping"]);
  });

  it("reports a stale deadline at once when it checks after a sleep", () => {
    const { socket, visible } = opened();
    vi.advanceTimersByTime(1000);
    visible.set(false);
    vi.setSystemTime(3_600_000);
    visible.set(true);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
  });

  it("pings again one interval after the pong, not one timeout after the ping", () => {
    opened();
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(100);
    fake.last().receive("pong");
    vi.advanceTimersByTime(999);
    expect(fake.last().sent).toEqual(["ping"]);
    vi.advanceTimersByTime(1);
    expect(fake.last().sent).toEqual(["ping", "ping"]);
  });

  it("stops when the connection is no longer open", () => {
    const { socket } = opened();
    socket.close();
    vi.advanceTimersByTime(5000);
    expect(fake.last().sent).toEqual([]);
    expect(socket.getSnapshot().status).toBe("closed");
  });
});

describe("the handshake probe, at the socket level", () => {
  /** A socket whose probe answers `answer(close)` (null: nothing usable), and the closes it was asked about. */
  function probing(answer: (close: CloseClassification) => CloseClassification | null = () => null) {
    const asked: string[] = [];
    const result = setup({
      probe: (url, close) => {
        asked.push(url);
        return answer(close);
      },
    });
    return { ...result, asked };
  }
  /** One more handshake refused; the probe's answer, if asked, is handled before this resolves. */
  async function refuse(times = 1) {
    for (let index = 0; index < times; index++) {
      fake.last().failHandshake();
      // The probe's answer comes back through a promise: a few microtasks, and no timer run.
      for (let tick = 0; tick < 5; tick++) await Promise.resolve();
      if (index < times - 1) vi.runOnlyPendingTimers();
    }
  }

  it("asks after 3 handshakes in a row that never opened, then after 6 and 12, and not in between", async () => {
    const { asked } = probing();
    await refuse(2);
    expect(asked).toEqual([]);
    vi.runOnlyPendingTimers();
    await refuse();
    expect(asked).toEqual(["wss://x.test/?token=secret"]);
    vi.runOnlyPendingTimers();
    await refuse(2);
    expect(asked).toHaveLength(1);
    vi.runOnlyPendingTimers();
    await refuse();
    expect(asked).toHaveLength(2);
    vi.runOnlyPendingTimers();
    await refuse(6);
    expect(asked).toHaveLength(3);
  });

  it("turns a 429 with Retry-After into a rate-limit rejection that waits for it, without counting an attempt", async () => {
    const { socket } = probing((close) => verdictOf(close, 429, 5000));
    await refuse(3);
    expect(socket.getSnapshot()).toMatchObject({
      status: "reconnecting",
      attempt: 3,
      lastClose: { policy: "rate-limited", category: "rejected", httpStatus: 429 },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    expect(socket.getSnapshot().nextRetryAt).toBeGreaterThanOrEqual(Date.now() + 5000);
  });

  it.each([
    [401, { status: "reconnecting", lastClose: { policy: "unauthorized" }, decision: { action: "refresh-auth" } }],
    [403, { status: "closed", reason: "retry-refused", lastClose: { policy: "forbidden" } }],
    [503, { status: "reconnecting", lastClose: { category: "overloaded" }, decision: { action: "slow" } }],
  ] as const)("maps a probed %i into the decision", async (status, expected) => {
    const { socket } = probing((close) => verdictOf(close, status));
    await refuse(3);
    expect(socket.getSnapshot()).toMatchObject(expected);
  });

  it("decides every later refusal by a standing verdict, and asks again after each one", async () => {
    let answer: number | null = 429;
    const { socket, asked } = probing((close) => (answer === null ? null : verdictOf(close, answer, 5000)));
    await refuse(3);
    vi.runOnlyPendingTimers();
    await refuse();
    // Not back to "can't reach the server" between two probes: the 4th refusal is still the rate limit.
    expect(socket.getSnapshot()).toMatchObject({
      status: "reconnecting",
      failedOpens: 4,
      lastClose: { policy: "rate-limited", httpStatus: 429 },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    expect(asked).toHaveLength(2);
    // An answer with no status (the server is reachable, the reason unknown) ends the verdict: a plain lost close.
    answer = null;
    vi.runOnlyPendingTimers();
    await refuse();
    expect(asked).toHaveLength(3);
    expect(socket.getSnapshot().lastClose).toMatchObject({ code: 1006, category: "lost" });
    expect(socket.getSnapshot().lastClose?.httpStatus).toBeUndefined();
    expect(socket.getSnapshot().decision).toMatchObject({ action: "backoff" });
  });

  it("stops on a second 401 after credentials were refreshed, without waiting for another probe", async () => {
    const { socket } = probing((close) => verdictOf(close, 401));
    await refuse(3);
    expect(socket.getSnapshot().decision).toMatchObject({ action: "refresh-auth" });
    // No hint: the refresh is due at once, and the one attempt after it follows when it settles.
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.getSnapshot().reason).toBe("credentials-refreshed");
    await refuse();
    expect(socket.getSnapshot()).toMatchObject({
      status: "closed",
      reason: "credentials-failed",
      lastClose: { policy: "unauthorized", httpStatus: 401 },
    });
  });

  it("forgets the verdict once a connection opens, and on reconnect()", async () => {
    const { socket } = probing((close) => verdictOf(close, 503));
    await refuse(3);
    vi.runOnlyPendingTimers();
    fake.last().open();
    fake.last().drop();
    socket.reconnect();
    fake.last().failHandshake();
    expect(socket.getSnapshot().lastClose).toMatchObject({ code: 1006, category: "lost" });
  });
});
