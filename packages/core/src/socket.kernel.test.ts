// Issue 21: createSocket with no feature is the kernel, and what it still does on its own: reconnect the right way
// after a 1006, stop after a 1008 it cannot read, refresh once after a 4401. The features an app passes in `use`
// bring the rest; here each one is shown to be what turns its behaviour on, against a real `ws` server where a server
// is involved and with the fake WebSocket and fake timers where exact times are asserted.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { createFakeSignal, createFakeWebSocket } from "@lifeline/testing/fake";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { untilState } from "./__fixtures__/untilState.js";
import { closeReasons } from "./classify/closeReasons.js";
import { createSocket, type Socket } from "./index.js";
import { browser } from "./platform/browser.js";

const SEED_CLOSE = "rate limit exceeded; retry-after=5";

describe("the kernel alone, against a real server", () => {
  let server: FaultyServer | undefined;
  let socket: Socket | undefined;
  afterEach(async () => {
    socket?.close();
    await server?.stop();
    socket = server = undefined;
  });

  it("reconnects after a 1006 with backoff, and opens again", async () => {
    server = await startFaultyServer();
    socket = createSocket(server.url, { environment: { WebSocket }, reconnect: { backoff: { baseMs: 50 } } });
    await untilState(socket, (state) => state.status === "open");
    server.dropAll();
    const waiting = await untilState(socket, (state) => state.status === "reconnecting");
    expect(waiting).toMatchObject({ reason: "connection-lost", lastClose: { code: 1006, category: "lost" } });
    expect(waiting.decision).toMatchObject({ action: "backoff" });
    await untilState(socket, (state) => state.status === "open");
    expect(server.upgradeAttempts).toHaveLength(2);
  });

  it("stops after the seed's 1008 it cannot read, and tries nothing more", async () => {
    server = await startFaultyServer();
    socket = createSocket(server.url, { environment: { WebSocket }, reconnect: { backoff: { baseMs: 10 } } });
    await untilState(socket, (state) => state.status === "open");
    server.closeAll(1008, SEED_CLOSE);
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed).toMatchObject({ reason: "retry-refused", decision: { action: "never", category: "rejected" } });
    // No reason read: a policy violation with no policy named.
    expect(closed.lastClose).toMatchObject({ code: 1008, policy: "unspecified", retry: { action: "never" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("refreshes credentials once after a 4401, and stops at a second one", async () => {
    server = await startFaultyServer();
    let refreshes = 0;
    socket = createSocket(server.url, {
      environment: { WebSocket },
      refreshCredentials: () => void refreshes++,
    });
    await untilState(socket, (state) => state.status === "open");
    server.closeAll(4401, "");
    await vi.waitFor(() => expect(server?.upgradeAttempts).toHaveLength(2), { timeout: 8000 });
    expect(refreshes).toBe(1);
    await untilState(socket, (state) => state.status === "open");
    server.closeAll(4401, "");
    const closed = await untilState(socket, (state) => state.status === "closed");
    expect(closed.reason).toBe("credentials-failed");
    expect(refreshes).toBe(1);
  });
});

describe("each feature turns its own behaviour on", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function open(options: Parameters<typeof createSocket>[1] = {}) {
    vi.useFakeTimers({ now: 0 });
    const fake = createFakeWebSocket();
    const online = createFakeSignal(true);
    const all = {
      ...options,
      environment: { WebSocket: fake.WebSocket, random: () => 0.5, online, visible: null, page: null },
    };
    const socket = createSocket("wss://x.test/live", all);
    fake.last().open();
    return { fake, online, socket, options: all };
  }

  it("closeReasons(): the seed's 1008 is a rate limit, and nothing is tried for the 5 s it asks", () => {
    const { fake, socket } = open({ use: [closeReasons()] });
    fake.last().serverClose(1008, SEED_CLOSE);
    expect(socket.getSnapshot()).toMatchObject({
      status: "reconnecting",
      lastClose: { policy: "rate-limited", category: "rejected" },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    vi.advanceTimersByTime(4999);
    expect(fake.sockets).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    expect(fake.sockets).toHaveLength(2);
  });

  it("browser(): includes the close reasons, and hears the network go", () => {
    const { fake, online, socket } = open({ use: [browser()] });
    online.set(false);
    expect(socket.getSnapshot()).toMatchObject({ status: "offline", reason: "network-offline" });
    online.set(true);
    fake.last().open();
    fake.last().serverClose(1008, SEED_CLOSE);
    expect(socket.getSnapshot().decision).toMatchObject({ action: "after-hint", retryAfterMs: 5000 });
  });

  it("without browser(), the platform's signals are not listened to", () => {
    const { online, socket } = open();
    online.set(false);
    expect(socket.getSnapshot()).toMatchObject({ status: "open" });
  });

  it("a feature added by setOptions starts then, and one given twice counts as the later one", () => {
    const { online, socket, options } = open();
    socket.setOptions({ ...options, use: [browser(), browser({ pauseWhenHiddenMs: 1000 })] });
    online.set(false);
    expect(socket.getSnapshot()).toMatchObject({ status: "offline" });
  });

  it("a platform taken out by setOptions no longer holds the socket offline, nor hears the network", () => {
    const { fake, online, socket, options } = open({ use: [browser()] });
    online.set(false);
    expect(socket.getSnapshot()).toMatchObject({ status: "offline" });
    socket.setOptions({ ...options, use: [] });
    // The slow probe's deadline (30 s) is the next attempt; it is not held back by a platform no longer in use.
    vi.advanceTimersByTime(30_000);
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "network-probe" });
    fake.last().open();
    fake.last().drop();
    expect(socket.getSnapshot()).toMatchObject({ status: "reconnecting", reason: "connection-lost" });
    online.set(true);
    online.set(false);
    expect(socket.getSnapshot().status).toBe("reconnecting");
  });
});
