// Issue 21: socket.setOptions(options), one contract for options that change after creation. The options are
// replaced as a whole (as TanStack Query's observer.setOptions takes them) and apply from the socket's next decision;
// the connection in place is kept. First with the fake WebSocket and fake timers, exact; then against a real `ws`
// server on loopback, timed on the server. The development warning in the two builds an app gets is tested from
// core's build, in @lifeline/testing's setOptions.build.test.ts.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { createFakeWebSocket } from "@lifeline/testing/fake";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { type FeatureOptions, withFeatures } from "./__fixtures__/features.js";
import { untilState } from "./__fixtures__/untilState.js";
import { createDiagnostics } from "./diagnostics/index.js";
import { classifyClose, createSocket, type SocketOptions } from "./index.js";
import { tokenBucket } from "./rateLimit/index.js";

type Options = SocketOptions & FeatureOptions;

describe("setOptions with the fake WebSocket", () => {
  let fake: ReturnType<typeof createFakeWebSocket>;
  // One environment for every socket of a test, so that passing it again is no change.
  let environment: SocketOptions["environment"];

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    fake = createFakeWebSocket();
    environment = { WebSocket: fake.WebSocket, random: () => 0.5 };
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("gives the next retry the new backoff, and leaves the retry already scheduled alone", () => {
    const log = createDiagnostics();
    const first: Options = { environment, onDiagnostic: log.record, reconnect: { backoff: { baseMs: 1000 } } };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    fake.last().drop();
    // Full jitter with random 0.5: half the ceiling, the base on a first retry.
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", nextRetryAt: 500 });
    socket.setOptions(withFeatures({ ...first, reconnect: { backoff: { baseMs: 10_000, factor: 1 } } }));
    expect(socket.getSnapshot().nextRetryAt).toBe(500);
    vi.advanceTimersByTime(500);
    expect(fake.sockets).toHaveLength(2);
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", attempt: 2, nextRetryAt: 500 + 5000 });
    const delays = log
      .getSnapshot()
      .flatMap((entry) => (entry.type === "retry-scheduled" ? [(entry as { delayMs: number }).delayMs] : []));
    expect(delays).toEqual([500, 5000]);
  });

  it("keeps the connection in place: no option it changes closes or reopens it", () => {
    const first: Options = { environment };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    const opened = socket.getSnapshot();
    socket.setOptions(
      withFeatures({
        ...first,
        protocols: ["chat.v2"],
        reconnect: { maxAttempts: 3, backoff: { baseMs: 1 } },
        connectTimeoutMs: 1,
        queue: { maxSize: 1 },
        heartbeat: { intervalMs: 60_000, timeoutMs: 1000 },
      }),
    );
    expect(fake.sockets).toHaveLength(1);
    expect(socket.getSnapshot()).toBe(opened);
    // The protocols are part of the handshake: the next connection offers them.
    fake.last().drop();
    vi.advanceTimersByTime(1);
    expect(fake.last().protocols).toEqual(["chat.v2"]);
  });

  it("stops at the next close once maxAttempts is lowered below the attempts made", () => {
    const first: Options = { environment, reconnect: { backoff: { baseMs: 100 } } };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    fake.last().drop();
    vi.advanceTimersByTime(100);
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", attempt: 2 });
    socket.setOptions(withFeatures({ ...first, reconnect: { ...first.reconnect, maxAttempts: 2 } }));
    vi.advanceTimersByTime(1000);
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "retries-exhausted" });
  });

  it("gives the next attempt the new connect timeout", () => {
    const first: Options = { environment, connectTimeoutMs: 10_000, reconnect: { backoff: { baseMs: 100 } } };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    socket.setOptions(withFeatures({ ...first, connectTimeoutMs: 300 }));
    // The attempt under way keeps the deadline it was given.
    vi.advanceTimersByTime(9999);
    expect(socket.getSnapshot().status).toBe("connecting");
    vi.advanceTimersByTime(1);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "connect-timeout" });
    vi.advanceTimersByTime(100);
    expect(socket.getSnapshot().status).toBe("connecting");
    vi.advanceTimersByTime(300);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "connect-timeout" });
  });

  it("checks the heartbeat at once with a new interval, not when the old timer fires", () => {
    const first: Options = { environment, heartbeat: { intervalMs: 60_000, timeoutMs: 1000 } };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    vi.advanceTimersByTime(5000);
    expect(fake.last().sent).toEqual([]);
    socket.setOptions(withFeatures({ ...first, heartbeat: { intervalMs: 2000, timeoutMs: 1000 } }));
    // Silent for 5 s, more than the new 2 s: the ping goes now.
    expect(fake.last().sent).toEqual(["ping"]);
    fake.last().receive("pong");
    vi.advanceTimersByTime(1999);
    expect(fake.last().sent).toEqual(["ping"]);
    vi.advanceTimersByTime(1);
    expect(fake.last().sent).toEqual(["ping", "ping"]);
    // Nothing answers this one: the new timeout's end says the connection is dead.
    vi.advanceTimersByTime(1000);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
  });

  it("stops the heartbeat when it is taken out, and starts one added to an open connection", () => {
    const first: Options = { environment, heartbeat: { intervalMs: 1000, timeoutMs: 500 } };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    socket.setOptions(withFeatures({ environment }));
    vi.advanceTimersByTime(10_000);
    expect(fake.last().sent).toEqual([]);
    expect(socket.getSnapshot().status).toBe("open");
    // Silent for 10 s by then, which the new interval does not allow: the ping goes at once.
    socket.setOptions(withFeatures(first));
    expect(fake.last().sent).toEqual(["ping"]);
    vi.advanceTimersByTime(500);
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
  });

  it("calls the latest callbacks: onDiagnostic, classify, queue.onDrop, heartbeat.isPong", () => {
    const calls: string[] = [];
    const options = (version: number): Options => ({
      environment,
      onDiagnostic: (event) => {
        if (event.type === "closed") calls.push(`diagnostic ${version}`);
      },
      classify: (event, context) => {
        calls.push(`classify ${version}`);
        return classifyClose(event, context);
      },
      queue: { maxSize: 1, overflow: "drop-oldest", onDrop: (data) => calls.push(`drop ${data} ${version}`) },
      heartbeat: { intervalMs: 60_000, timeoutMs: 1000, isPong: (data) => data === `pong ${version}` },
    });
    const socket = createSocket("wss://example.test/socket", withFeatures(options(1)));
    const received: unknown[] = [];
    socket.onMessage((data) => received.push(data));
    socket.setOptions(withFeatures(options(2)));
    fake.last().open();
    fake.last().receive("pong 1");
    fake.last().receive("pong 2");
    expect(received).toEqual(["pong 1"]);
    fake.last().serverClose(4000, "bye");
    socket.send("x");
    socket.send("y");
    expect(calls).toEqual(["classify 2", "diagnostic 2", "drop x 2"]);
  });

  it("follows a callback's presence too: without refreshCredentials, an auth rejection gets one plain attempt", async () => {
    let refreshes = 0;
    const first: Options = { environment, refreshCredentials: () => void refreshes++ };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    fake.last().open();
    socket.setOptions(withFeatures({ environment }));
    fake.last().serverClose(4401, "token expired");
    await vi.advanceTimersByTimeAsync(0);
    // What a socket made without one does: the one attempt, with nothing refreshed, then a stop.
    expect(refreshes).toBe(0);
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "credentials-refreshed" });
    fake.last().open();
    fake.last().serverClose(4401, "token expired");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "credentials-failed" });
    expect(fake.sockets).toHaveLength(2);
  });

  it("checks new options as createSocket does", () => {
    const socket = createSocket("wss://example.test/socket", withFeatures({ environment }));
    expect(() => socket.setOptions(withFeatures({ environment, reconnect: { maxAttempts: -1 } }))).toThrow(
      "[@lifeline/core] createSocket: options.reconnect.maxAttempts is -1. Use a whole number of 0 or more (or Infinity).",
    );
  });

  it("warns once per option that is kept from creation, naming it, and not for an environment with the same parts", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const rateLimit = tokenBucket({ perSecond: 5 });
    const first: Options = { environment, rateLimit };
    const socket = createSocket("wss://example.test/socket", withFeatures(first));
    // As a component's render writes it: a new object with the same parts.
    socket.setOptions(withFeatures({ environment: { ...environment }, rateLimit }));
    expect(warn).not.toHaveBeenCalled();
    socket.setOptions(
      withFeatures({ environment: { ...environment, random: () => 0 }, rateLimit: tokenBucket({ perSecond: 5 }) }),
    );
    socket.setOptions(
      withFeatures({ environment: { ...environment, random: () => 0 }, rateLimit: tokenBucket({ perSecond: 5 }) }),
    );
    socket.setOptions(withFeatures({ environment, rateLimit, autoConnect: false }));
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      "[@lifeline/core] setOptions: options.environment changed, and the socket keeps the one it was made with: its clock, timers, WebSocket constructor and platform sources are in use. Pass the same value each time (made once, outside a component or in useState), or make a new socket.",
      "[@lifeline/core] setOptions: options.rateLimit changed, and the socket keeps the one it was made with: the limiter counts what was sent, and a new one would start from a full allowance. Pass the same value each time (made once, outside a component or in useState), or make a new socket.",
      "[@lifeline/core] setOptions: options.autoConnect changed, and the socket keeps the one it was made with: it only decides whether creation connects; call connect() or close() instead. Pass the same value each time (made once, outside a component or in useState), or make a new socket.",
    ]);
  });
});

describe("setOptions against a real server", () => {
  let server: FaultyServer;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await server?.stop();
  });

  function make(options: Options) {
    const socket = createSocket(server.url, withFeatures(options));
    cleanups.push(() => socket.close());
    return socket;
  }

  it("retries after the new backoff, as the server sees it", async () => {
    server = await startFaultyServer();
    // The top of the jitter range: a first retry waits nearly the whole base.
    const first: Options = {
      environment: { WebSocket, random: () => 0.999 },
      reconnect: { backoff: { baseMs: 20_000 } },
    };
    const socket = make(first);
    await untilState(socket, (state) => state.status === "open");
    socket.setOptions(withFeatures({ ...first, reconnect: { backoff: { baseMs: 100 } } }));
    const dropped = Date.now();
    server.dropAll();
    await vi.waitFor(() => expect(server.upgradeAttempts).toHaveLength(2), { timeout: 10_000, interval: 10 });
    // 100 ms asked for; the old numbers would have waited 20 s. The margin is for a loaded machine.
    expect((server.upgradeAttempts[1] as number) - dropped).toBeLessThan(5000);
    await untilState(socket, (state) => state.status === "open");
  });

  it("sends a ping at the new interval on a connection already open, not after the old one", async () => {
    const pings: number[] = [];
    server = await startFaultyServer({ onMessage: (data) => data === "ping" && pings.push(Date.now()) });
    const first: Options = {
      environment: { WebSocket },
      heartbeat: { intervalMs: 60_000, timeoutMs: 10_000, isPong: (data) => data === "ping" },
    };
    const socket = make(first);
    await untilState(socket, (state) => state.status === "open");
    const changed = Date.now();
    socket.setOptions(
      withFeatures({ ...first, heartbeat: { ...first.heartbeat, intervalMs: 200 } as Options["heartbeat"] }),
    );
    await vi.waitFor(() => expect(pings).toHaveLength(1), { timeout: 10_000, interval: 10 });
    // 200 ms asked for; the old interval was a minute. The margin is for a loaded machine.
    expect((pings[0] as number) - changed).toBeLessThan(5000);
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("gives up at the next drop once maxAttempts is lowered to 0", async () => {
    server = await startFaultyServer();
    const first: Options = { environment: { WebSocket }, reconnect: { backoff: { baseMs: 50 } } };
    const socket = make(first);
    await untilState(socket, (state) => state.status === "open");
    socket.setOptions(withFeatures({ ...first, reconnect: { ...first.reconnect, maxAttempts: 0 } }));
    server.dropAll();
    await untilState(socket, (state) => state.status === "closed");
    expect(socket.getSnapshot().reason).toBe("retries-exhausted");
    expect(server.upgradeAttempts).toHaveLength(1);
  });
});
