// @lifeline/core's createSocket against a real `ws` server on 127.0.0.1, for what issue 12 found the fakes alone could
// not prove: the queue's promises, close() and connect() from inside callbacks, and app callbacks that throw. Every count is taken on the server, which de-duplicates nothing. Waits are for conditions; the only fixed
// waits are short settling periods, each explained where it is used, in which a test proves nothing more happens.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { type FeatureOptions, withFeatures } from "./__fixtures__/features.js";
import { untilState } from "./__fixtures__/untilState.js";
import { createSocket, type DropCause, type SocketOptions, type SocketState } from "./index.js";
import { tokenBucket } from "./rateLimit/index.js";

let server: FaultyServer;
const cleanups: Array<() => unknown> = [];
// Last in, first out: a socket is closed (and its close handled) before the listener that catches its rethrown
// errors goes away.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.stop();
});

// Fast numbers for tests: the shapes of the schedule stay, the seconds shrink. No delay is above 500 ms.
const fast: SocketOptions["reconnect"] = {
  backoff: { baseMs: 50, factor: 2, maxMs: 200 },
  soon: { windowMs: 100 },
  slow: { floorMs: 150, maxMs: 400 },
  rateLimited: { minMs: 500 },
  minUptimeMs: 200,
};

function connect(url: string, options: SocketOptions & FeatureOptions = {}) {
  const diagnostics: Array<{ readonly type: string }> = [];
  const drops: Array<[unknown, DropCause]> = [];
  const onDiagnostic = options.onDiagnostic;
  const socket = createSocket(
    url,
    withFeatures({
      ...options,
      environment: { WebSocket, ...options.environment },
      reconnect: { ...fast, ...options.reconnect },
      queue: { ...options.queue, onDrop: (data, cause) => drops.push([data, cause]) },
      onDiagnostic: (event) => {
        diagnostics.push(event);
        onDiagnostic?.(event);
      },
    }),
  );
  const history: SocketState[] = [];
  socket.subscribe(() => history.push(socket.getSnapshot()));
  cleanups.push(async () => {
    if (socket.getSnapshot().status === "closed") return;
    socket.close();
    // A socket that never gets there has failed its test already; the cleanup must not hang on it.
    await untilState(socket, (state) => state.status === "closed", 2000).catch(() => {});
  });
  return {
    socket,
    history,
    diagnostics,
    drops,
    statuses: () => history.map((state) => `${state.status}:${state.reason}`),
  };
}

const isOpen = (state: SocketState) => state.status === "open";
const settlingPeriod = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what reaches `uncaughtException` until the test ends: the contract rethrows a callback's error there. */
function catchRethrown(): Error[] {
  const errors: Error[] = [];
  const onError = (error: Error) => errors.push(error);
  process.on("uncaughtException", onError);
  cleanups.push(() => process.off("uncaughtException", onError));
  return errors;
}

describe("createSocket against a real server: a message too big (1009)", () => {
  it("reports the oversized message through onDrop and a diagnostic, never sends it again, and delivers what follows", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, maxPayload: 1024, onMessage: (data) => received.push(data) });
    const { socket, diagnostics, drops } = connect(server.url);
    await untilState(socket, isOpen);
    socket.send("small-0");
    await vi.waitFor(() => expect(received).toEqual(["small-0"]), { timeout: 5000 });

    const big = "x".repeat(2048);
    expect(socket.send(big)).toBe("sent");
    const closed = await untilState(socket, (state) => state.status === "reconnecting");
    expect(closed.lastClose).toMatchObject({ code: 1009, kind: "message-too-big" });
    // Sent after the 1009 arrived, so they wait in the queue; a message sent on the doomed connection after the big
    // one would be the one "sent last on that connection" instead.
    for (const message of ["small-1", "small-2", "small-3"]) expect(socket.send(message)).toBe("queued");

    await untilState(socket, isOpen);
    await vi.waitFor(() => expect(received).toEqual(["small-0", "small-1", "small-2", "small-3"]), { timeout: 5000 });
    // Settling period: a resend of the big message would reach the server within milliseconds on loopback and close
    // this connection with 1009 again. 300 ms with nothing is proof enough.
    await settlingPeriod(300);
    expect(server.stats().oversizedMessages).toBe(1);
    expect(received).toEqual(["small-0", "small-1", "small-2", "small-3"]);
    expect(drops).toEqual([[big, "too-big"]]);
    expect(diagnostics).toContainEqual({ type: "message-too-big", bytes: 2048 });
    expect(socket.getSnapshot()).toMatchObject({ status: "open", queued: 0 });
  });
});

describe("createSocket against a real server: close() while CONNECTING", () => {
  it("ends closed by close-called, with no retry ever and nothing left, when the handshake hangs", async () => {
    server = await startFaultyServer();
    server.hangNext(1);
    // random 0: every backoff delay is 0, so a retry that should not happen would happen at once.
    const { socket, statuses } = connect(server.url, { connectTimeoutMs: 150, environment: { random: () => 0 } });
    await vi.waitFor(() => expect(server.upgradeAttempts).toHaveLength(1), { timeout: 5000 });
    expect(socket.getSnapshot().status).toBe("connecting");
    socket.close();
    expect(["closing", "closed"]).toContain(socket.getSnapshot().status);
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed.reason).toBe("close-called");
    // Settling period: longer than the connect timeout (150 ms) plus the largest backoff (200 ms, 0 here), so a
    // leaked timer or a retry would have dialled the server again by now.
    await settlingPeriod(400);
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(server.acceptedConnections).toBe(0);
    expect(server.openConnections).toBe(0);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called", nextRetryAt: null });
    expect(socket.webSocket).toBeNull();
    // The history begins after the first "connecting" (autoConnect runs inside createSocket): any here is a retry.
    expect(statuses().filter((status) => status.startsWith("connecting"))).toEqual([]);
  });

  it("ends closed by close-called, with no retry and no connection left, when close() follows createSocket at once", async () => {
    server = await startFaultyServer();
    const { socket, statuses } = connect(server.url, { connectTimeoutMs: 150, environment: { random: () => 0 } });
    socket.close();
    expect(["closing", "closed"]).toContain(socket.getSnapshot().status);
    await untilState(socket, (state) => state.status === "closed");
    // Settling period, as above: a retry or a connection that survived the close would show within 400 ms.
    await settlingPeriod(400);
    expect(server.upgradeAttempts.length).toBeLessThanOrEqual(1);
    expect(server.openConnections).toBe(0);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called" });
    expect(socket.webSocket).toBeNull();
    // The history begins after the first "connecting" (autoConnect runs inside createSocket): any here is a retry.
    expect(statuses().filter((status) => status.startsWith("connecting"))).toEqual([]);
  });
});

describe("createSocket against a real server: delivery", () => {
  // What is promised: every message is delivered at most once, always; a message that was queued (sent while the
  // socket was not open) is delivered exactly once, in order, once a connection opens. A message sent on an open
  // connection that then drops may be lost in TCP buffers: only "at most once" holds for it. Here m* are the
  // messages that must arrive (confirmed by the server before any drop, or queued), u* the ones that may be lost.
  it("delivers every queued message exactly once and in order across drops and a failed attempt, counted on the server", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const { socket, statuses } = connect(server.url, { connectTimeoutMs: 300 });
    await untilState(socket, isOpen);
    for (let index = 0; index < 5; index++) expect(socket.send(`m${index}`)).toBe("sent");
    await vi.waitFor(() => expect(received).toEqual(["m0", "m1", "m2", "m3", "m4"]), { timeout: 5000 });

    // The next attempt hangs until the connect timeout, so the queue must survive a failed attempt as well.
    server.hangNext(1);
    socket.send("u0");
    socket.send("u1");
    server.dropAll();
    await untilState(socket, (state) => state.status === "reconnecting");
    for (let index = 5; index < 10; index++) expect(socket.send(`m${index}`)).toBe("queued");
    await untilState(socket, (state) => state.status === "connecting");
    await vi.waitFor(() => expect(server.upgradeAttempts).toHaveLength(2), { timeout: 5000 });
    // The socket is CONNECTING on a handshake the server never answers.
    for (let index = 10; index < 15; index++) expect(socket.send(`m${index}`)).toBe("queued");
    expect(socket.getSnapshot().queued).toBe(10);
    await untilState(socket, isOpen);
    expect(statuses()).toContain("reconnecting:connect-timeout");
    await vi.waitFor(() => expect(received.filter((data) => data.startsWith("m"))).toHaveLength(15), {
      timeout: 5000,
    });

    // A second drop: what the last connection flushed must not go out again on the next one.
    server.dropAll();
    await untilState(socket, (state) => state.status === "reconnecting");
    for (let index = 15; index < 20; index++) expect(socket.send(`m${index}`)).toBe("queued");
    await untilState(socket, isOpen);
    await vi.waitFor(() => expect(received.filter((data) => data.startsWith("m"))).toHaveLength(20), {
      timeout: 5000,
    });
    // Settling period: a duplicate or a late resend from the queue would reach the server within milliseconds on
    // loopback; 300 ms of quiet shows there is none.
    await settlingPeriod(300);

    const sent = [
      "m0",
      "m1",
      "m2",
      "m3",
      "m4",
      "u0",
      "u1",
      ...Array.from({ length: 15 }, (_, index) => `m${index + 5}`),
    ];
    // The server's log is the sent list in order, each entry at most once, every m* present; a u* only if it made it.
    expect(received).toEqual(sent.filter((data) => data.startsWith("m") || received.includes(data)));
    expect(server.stats().receivedMessages).toBe(received.length);
    expect(socket.getSnapshot()).toMatchObject({ status: "open", queued: 0 });
  });
});

describe("createSocket against a real server: the queue once the socket is closed", () => {
  it("discards what is queued when the retries run out, reports each message, and never sends them after connect()", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    // The server is down: every handshake fails at the TCP level.
    server.restart({ refuseMs: 60_000 });
    const { socket, drops, diagnostics } = connect(server.url, { reconnect: { maxAttempts: 1 } });
    // Queued during the first attempt, which the server refuses; with maxAttempts 1 the socket gives up soon after.
    for (const message of ["q0", "q1", "q2"]) expect(socket.send(message)).toBe("queued");
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed).toMatchObject({ reason: "retries-exhausted", queued: 0 });
    expect(drops).toEqual([
      ["q0", "closed"],
      ["q1", "closed"],
      ["q2", "closed"],
    ]);
    expect(diagnostics).toContainEqual({ type: "queue-discarded", dropped: 3 });

    server.reset();
    socket.connect();
    await untilState(socket, isOpen);
    // Anything left in the queue would go out before this message.
    socket.send("after");
    await vi.waitFor(() => expect(received).toContain("after"), { timeout: 5000 });
    expect(received).toEqual(["after"]);
  });

  it("discards what the rate limit holds back when the server closes with a code it never retries (1008, no reason)", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    // The rate limit is what keeps messages in the queue while the socket is open: one now, the rest a second apart.
    const { socket, drops, diagnostics } = connect(server.url, { rateLimit: tokenBucket({ perSecond: 1, burst: 1 }) });
    await untilState(socket, isOpen);
    for (const message of ["m0", "m1", "m2", "m3", "m4"]) socket.send(message);
    expect(socket.getSnapshot().queued).toBe(4);
    await vi.waitFor(() => expect(received).toEqual(["m0"]), { timeout: 5000 });
    // An unexplained 1008 is a refusal Lifeline does not retry.
    server.closeAll(1008);
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed).toMatchObject({ reason: "retry-refused", queued: 0 });
    expect(closed.lastClose).toMatchObject({ code: 1008, policy: "unspecified" });
    expect(drops).toEqual([
      ["m1", "closed"],
      ["m2", "closed"],
      ["m3", "closed"],
      ["m4", "closed"],
    ]);
    expect(diagnostics).toContainEqual({ type: "queue-discarded", dropped: 4 });

    socket.connect();
    await untilState(socket, isOpen);
    // Anything left in the queue would go out before this message.
    socket.send("after");
    await vi.waitFor(() => expect(received).toContain("after"), { timeout: 8000 });
    expect(received).toEqual(["m0", "after"]);
  });

  it("discards what is queued on close(), reports each message, and never sends them after connect()", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const { socket, drops, diagnostics } = connect(server.url);
    await untilState(socket, isOpen);
    server.dropAll();
    await untilState(socket, (state) => state.status === "reconnecting");
    for (const message of ["q0", "q1"]) expect(socket.send(message)).toBe("queued");
    socket.close();
    await untilState(socket, (state) => state.status === "closed");
    expect(socket.getSnapshot()).toMatchObject({ reason: "close-called", queued: 0 });
    expect(drops).toEqual([
      ["q0", "closed"],
      ["q1", "closed"],
    ]);
    expect(diagnostics).toContainEqual({ type: "queue-discarded", dropped: 2 });

    socket.connect();
    await untilState(socket, isOpen);
    socket.send("after");
    await vi.waitFor(() => expect(received).toContain("after"), { timeout: 5000 });
    expect(received).toEqual(["after"]);
  });
});

describe("createSocket against a real server: calls from inside callbacks", () => {
  it("stays closed when a subscriber calls close() the moment it sees reconnecting", async () => {
    server = await startFaultyServer();
    // random 0: every backoff delay is 0, so a retry that should not happen would happen at once.
    const { socket } = connect(server.url, { environment: { random: () => 0 } });
    await untilState(socket, isOpen);
    socket.subscribe(() => {
      if (socket.getSnapshot().status === "reconnecting") socket.close();
    });
    server.dropAll();
    await untilState(socket, (state) => state.status === "closed");
    // Settling period: the retry, had one been armed, was due at once; 300 ms without a second upgrade request
    // proves there is none.
    await settlingPeriod(300);
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(server.acceptedConnections).toBe(1);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called", nextRetryAt: null });
    expect(socket.webSocket).toBeNull();
  });

  it("ends closed with no connection left when onDiagnostic calls close() on the connecting event", async () => {
    server = await startFaultyServer();
    let closedFromDiagnostic = false;
    const { socket, statuses } = connect(server.url, {
      autoConnect: false,
      environment: { random: () => 0 },
      onDiagnostic: (event) => {
        if (event.type !== "connecting" || closedFromDiagnostic) return;
        closedFromDiagnostic = true;
        socket.close();
      },
    });
    socket.connect();
    await untilState(socket, (state) => state.status === "closed");
    expect(closedFromDiagnostic).toBe(true);
    // Settling period: a WebSocket created after the close would open within milliseconds on loopback; 300 ms
    // without one shows none survived.
    await settlingPeriod(300);
    expect(socket.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called" });
    expect(socket.webSocket).toBeNull();
    expect(server.openConnections).toBe(0);
    expect(statuses()).not.toContain("open:opened");
  });

  it("opens again when a subscriber calls connect() on closing, and the new connection outlives the close timeout", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const { socket, statuses } = connect(server.url, { closeTimeoutMs: 200 });
    await untilState(socket, isOpen);
    let connected = false;
    socket.subscribe(() => {
      if (socket.getSnapshot().status !== "closing" || connected) return;
      connected = true;
      socket.connect();
    });
    socket.close();
    await vi.waitFor(() => expect(server.acceptedConnections).toBe(2), { timeout: 5000 });
    await untilState(socket, isOpen);
    // Settling period: twice the close timeout (200 ms), which must not end the new connection.
    await settlingPeriod(400);
    expect(socket.getSnapshot()).toMatchObject({ status: "open", reason: "opened" });
    expect(server.openConnections).toBe(1);
    expect(statuses()).toContain("closing:close-called");
    socket.send("still here");
    await vi.waitFor(() => expect(received).toEqual(["still here"]), { timeout: 5000 });
  });

  it("gives the attempt that connect() starts on closing its own connect timeout, so a hung handshake is abandoned", async () => {
    server = await startFaultyServer();
    const { socket, statuses } = connect(server.url, { connectTimeoutMs: 300 });
    await untilState(socket, isOpen);
    // The attempt connect() starts hangs: only its own connect timeout gets the socket out of CONNECTING.
    server.hangNext(1);
    let connected = false;
    socket.subscribe(() => {
      if (socket.getSnapshot().status !== "closing" || connected) return;
      connected = true;
      socket.connect();
    });
    socket.close();
    const reopened = await untilState(socket, (state) => isOpen(state) && server.acceptedConnections === 2);
    expect(reopened.reason).toBe("opened");
    expect(statuses()).toContain("reconnecting:connect-timeout");
    expect(server.upgradeAttempts).toHaveLength(3);
  });
});

describe("createSocket against a real server: app callbacks that throw", () => {
  it("still reconnects with the default classification when classify throws, and is not wedged", async () => {
    const rethrown = catchRethrown();
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const { socket, diagnostics } = connect(server.url, {
      classify: () => {
        throw new Error("classifier bug");
      },
    });
    await untilState(socket, isOpen);
    server.closeAll(1012, "service restart");
    const waiting = await untilState(socket, (state) => state.status === "reconnecting");
    expect(waiting.lastClose).toMatchObject({ code: 1012, kind: "service-restart", retry: { action: "soon" } });
    await untilState(socket, isOpen);
    socket.send("after the restart");
    await vi.waitFor(() => expect(received).toEqual(["after the restart"]), { timeout: 5000 });
    expect(server.acceptedConnections).toBe(2);
    expect(diagnostics).toContainEqual(expect.objectContaining({ type: "callback-failed", callback: "classify" }));
    await vi.waitFor(() => expect(rethrown.map((error) => error.message)).toContain("classifier bug"), {
      timeout: 5000,
    });
  });

  it("still delivers messages when isPong throws, and keeps the heartbeat on when heartbeat.message throws", async () => {
    const rethrown = catchRethrown();
    // The server answers each "ping" with "pong" so the heartbeat has replies to look at.
    server = await startFaultyServer({ echo: false, onMessage: (data) => data === "ping" && server.broadcast("pong") });
    const received: unknown[] = [];
    const { socket, diagnostics } = connect(server.url, {
      heartbeat: {
        intervalMs: 100,
        timeoutMs: 300,
        isPong: () => {
          throw new Error("isPong bug");
        },
        message: () => {
          throw new Error("message bug");
        },
      },
    });
    socket.onMessage((data) => received.push(String(data)));
    await untilState(socket, isOpen);
    server.broadcast("news");
    // The ping went out as the default "ping" and its "pong" reached the listeners, as did the news.
    await vi.waitFor(() => expect(received).toEqual(expect.arrayContaining(["news", "pong"])), { timeout: 5000 });
    // The heartbeat is still on: a half-open connection is found and the socket reconnects.
    server.halfOpen();
    await untilState(socket, (state) => state.reason === "heartbeat-timeout");
    await untilState(socket, isOpen);
    const failed = diagnostics.filter((event) => event.type === "callback-failed") as unknown as { callback: string }[];
    expect(new Set(failed.map((event) => event.callback))).toEqual(new Set(["heartbeat.isPong", "heartbeat.message"]));
    await vi.waitFor(() => expect(rethrown.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
  });
});

describe("createSocket against a real server: credentials", () => {
  it("refreshes again after connect() once the refreshed credentials were refused too", async () => {
    server = await startFaultyServer();
    server.expireSessions({ afterMs: 50 });
    let refreshes = 0;
    const { socket } = connect(server.url, { refreshCredentials: async () => void refreshes++ });
    // 4401, a refresh and one attempt, 4401 again: credentials-failed.
    await untilState(socket, (state) => state.status === "closed");
    expect(socket.getSnapshot().reason).toBe("credentials-failed");
    expect(refreshes).toBe(1);
    // The user signs in again; the server now accepts the session for good.
    server.expireSessions(null);
    socket.connect();
    await untilState(socket, isOpen);
    server.expireSessions({ afterMs: 50 });
    await vi.waitFor(() => expect(refreshes).toBe(2), { timeout: 5000 });
  });

  it("counts a refreshCredentials that never settles as failed after refreshTimeoutMs, with nothing left", async () => {
    server = await startFaultyServer();
    server.expireSessions({ afterMs: 50 });
    const { socket } = connect(server.url, { refreshCredentials: () => new Promise(() => {}), refreshTimeoutMs: 300 });
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed).toMatchObject({ reason: "credentials-failed", nextRetryAt: null });
    expect(socket.webSocket).toBeNull();
    expect(server.acceptedConnections).toBe(1);
  });
});

describe("createSocket against a real server: the schedule", () => {
  it("comes back after a rate-limit rejection's own hint, not after the 30 s floor", async () => {
    server = await startFaultyServer();
    server.rateLimit({ messagesPerSecond: 1, retryAfterSeconds: 1 });
    const { socket } = connect(server.url, { reconnect: { rateLimited: { minMs: 30_000 } } });
    await untilState(socket, isOpen);
    for (let index = 0; index < 5; index++) socket.send(`burst ${index}`);
    const waiting = await untilState(socket, (state) => state.status === "reconnecting");
    expect(waiting.lastClose).toMatchObject({ code: 1008, policy: "rate-limited", retry: { retryAfterMs: 1000 } });
    const closedAt = Date.now();
    await untilState(socket, isOpen);
    const waited = Date.now() - closedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(10_000);
  });
});
