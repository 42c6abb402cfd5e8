// When the bridge invalidates, with Vitest's fake timers, the fake WebSocket and a real QueryClient: the drawn delay,
// the window, a second drop, a new connection of every kind and the cleanup. The same bridge against a real `ws`
// server on loopback is in bridgeQueryClient.integration.test.ts.

import { createSocket, type Socket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createFakeWebSocket, type FakeWebSocketFactory } from "@lifeline/testing/fake";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BridgeOptions, bridgeQueryClient } from "./bridgeQueryClient.js";
import { liveQuery } from "./liveQuery.js";

type ServerMessage = { type: "price"; symbol: string; value: number };

let fake: FakeWebSocketFactory;
const cleanups: Array<() => unknown> = [];
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  fake = createFakeWebSocket();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.useRealTimers();
});

function createClient() {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  cleanups.push(() => client.clear());
  return client;
}

function createOpenSocket() {
  const socket = createSocket("wss://example.test/live", {
    use: [browser()],
    environment: { WebSocket: fake.WebSocket, random: () => 0.5 },
    reconnect: { backoff: { baseMs: 1000, maxMs: 1000 } },
  });
  cleanups.push(() => socket.close());
  fake.last().open();
  return socket;
}

function bridge(client: QueryClient, socket: Socket, options: BridgeOptions<ServerMessage> = {}) {
  const stop = bridgeQueryClient(client, socket, options);
  cleanups.push(stop);
  return stop;
}

/** Observes a live query whose fetcher counts its runs; resolves once the first fetch is done. */
async function observeLive(client: QueryClient, queryKey: readonly unknown[] = ["live"]) {
  const fetches = { count: 0 };
  const observer = new QueryObserver(
    client,
    liveQuery({ queryKey: [...queryKey], queryFn: async () => ++fetches.count }),
  );
  cleanups.push(observer.subscribe(() => {}));
  await vi.advanceTimersByTimeAsync(0);
  expect(fetches.count).toBe(1);
  return fetches;
}

/** The server side drops the connection; the socket's retry timer fires and the next connection opens. */
async function dropAndReopen(socket: Socket) {
  fake.last().drop();
  await reopen(socket);
}

async function reopen(socket: Socket) {
  const { nextRetryAt } = socket.getSnapshot();
  if (nextRetryAt !== null) await vi.advanceTimersByTimeAsync(nextRetryAt - Date.now());
  expect(socket.getSnapshot().status).toBe("connecting");
  fake.last().open();
  expect(socket.getSnapshot().status).toBe("open");
}

describe("bridgeQueryClient: invalidating after a new connection", () => {
  it("invalidates live queries after a drop no sooner than the drawn delay, and only once", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    // 0.25 of the 1000 ms window: 250 ms.
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.25 } });
    const live = await observeLive(client);
    const plainFetches = { count: 0 };
    const plain = new QueryObserver(client, { queryKey: ["plain"], queryFn: async () => ++plainFetches.count });
    cleanups.push(plain.subscribe(() => {}));

    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(249);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([live.count, plainFetches.count]).toEqual([2, 1]);
  });

  it("spreads the invalidation over 2 seconds by default", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    // The highest draw lands at the end of the window: 0.9999 of 2000 ms is 1999 ms.
    bridge(client, socket, { environment: { random: () => 0.9999 } });
    const live = await observeLive(client);

    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(1998);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
  });

  it("draws a new delay for each connection", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    const draws = [0.1, 0.7];
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => draws.shift() ?? 0 } });
    const live = await observeLive(client);

    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(100);
    expect(live.count).toBe(2);
    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(699);
    expect(live.count).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(3);
  });

  it("cancels a pending invalidation when the connection drops again, and invalidates once after the next open", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    const live = await observeLive(client);

    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(300);
    fake.last().drop();
    // Past the first connection's 500 ms, with the socket still waiting to retry: nothing is refetched meanwhile.
    expect(socket.getSnapshot().nextRetryAt).toBeGreaterThan(Date.now() + 200);
    await vi.advanceTimersByTimeAsync(200);
    expect(live.count).toBe(1);

    await reopen(socket);
    await vi.advanceTimersByTimeAsync(499);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(live.count).toBe(2);
  });

  it("invalidates after the first open when the bridge was created before the socket opened", async () => {
    const client = createClient();
    const socket = createSocket("wss://example.test/live", {
      use: [browser()],
      environment: { WebSocket: fake.WebSocket },
    });
    cleanups.push(() => socket.close());
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    // Loaded over HTTP before the socket is there, as a page does.
    const live = await observeLive(client);

    fake.last().open();
    await vi.advanceTimersByTimeAsync(499);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
  });

  it("does not invalidate for the connection that was already open when the bridge was created, as its snapshot changes", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    await dropAndReopen(socket);
    expect(socket.getSnapshot().attempt).toBe(1);
    const live = await observeLive(client);
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });

    // Once the connection has stayed up for minUptimeMs the attempt count resets: a new snapshot, the same connection.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.getSnapshot()).toMatchObject({ status: "open", attempt: 0 });
    expect(live.count).toBe(1);
  });

  it("invalidates after the app closes and connects again, as a URL change in useWebSocket does", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    const live = await observeLive(client);

    socket.close(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.getSnapshot().status).toBe("closed");
    socket.connect();
    fake.last().open();
    await vi.advanceTimersByTimeAsync(499);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
  });

  it("invalidates after reconnect() replaces an open connection", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    const live = await observeLive(client);

    socket.reconnect();
    expect(fake.sockets).toHaveLength(2);
    fake.last().open();
    await vi.advanceTimersByTimeAsync(500);
    expect(live.count).toBe(2);
  });

  it("invalidates after the first open of a new socket, as a new URL with a new socket and bridge does", async () => {
    const client = createClient();
    const first = createOpenSocket();
    const stopFirst = bridge(client, first, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    const live = await observeLive(client);

    // What `useEffect(() => bridgeQueryClient(client, socket), [client, socket])` does when the socket changes.
    stopFirst();
    first.close(1000);
    const second = createSocket("wss://example.test/other", {
      use: [browser()],
      environment: { WebSocket: fake.WebSocket },
    });
    cleanups.push(() => second.close());
    bridge(client, second, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    fake.last().open();
    await vi.advanceTimersByTimeAsync(499);
    expect(live.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.count).toBe(2);
  });

  it("tells a new connection by its openedAt when the close and the next open reach it together", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    // Subscribed before the bridge, this listener reconnects the moment the socket leaves open, so within one round
    // of notifications the bridge hears only the new connection, never the gap.
    let reopened = false;
    socket.subscribe(() => {
      if (reopened || socket.getSnapshot().status !== "reconnecting") return;
      reopened = true;
      vi.advanceTimersByTime(5);
      socket.reconnect();
      fake.last().open();
    });
    bridge(client, socket, { invalidateWindowMs: 1000, environment: { random: () => 0.5 } });
    const live = await observeLive(client);
    const statuses: string[] = [];
    socket.subscribe(() => statuses.push(socket.getSnapshot().status));

    fake.last().drop();
    expect(statuses).toEqual(["open"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(live.count).toBe(2);
  });

  it("invalidates at once with a window of 0", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    bridge(client, socket, { invalidateWindowMs: 0 });
    const live = await observeLive(client);

    fake.last().drop();
    await reopen(socket);
    expect(live.count).toBe(2);
  });

  it("clears a pending invalidation when the bridge is stopped, and does nothing afterwards", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    const handles: unknown[] = [];
    const cleared: unknown[] = [];
    const stop = bridge(client, socket, {
      invalidateWindowMs: 1000,
      environment: {
        random: () => 0.5,
        setTimeout: (callback, ms) => {
          const handle = setTimeout(callback, ms);
          handles.push(handle);
          return handle;
        },
        clearTimeout: (handle) => {
          cleared.push(handle);
          clearTimeout(handle as ReturnType<typeof setTimeout>);
        },
      },
    });
    const live = await observeLive(client);

    await dropAndReopen(socket);
    expect(handles).toHaveLength(1);
    stop();
    expect(cleared).toEqual(handles);
    await vi.advanceTimersByTimeAsync(10_000);
    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(live.count).toBe(1);
    expect(handles).toHaveLength(1);
  });

  it("invalidates only the listed keys, and nothing with invalidateOnConnect false", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    bridge(client, socket, { invalidateOnConnect: [["orders"]], invalidateWindowMs: 1000 });
    const offClient = createClient();
    bridge(offClient, socket, { invalidateOnConnect: false, invalidateWindowMs: 1000 });
    const orders = await observeLive(client, ["orders", 1]);
    const other = await observeLive(client, ["other"]);
    const off = await observeLive(offClient);

    await dropAndReopen(socket);
    await vi.advanceTimersByTimeAsync(1000);
    expect([orders.count, other.count, off.count]).toEqual([2, 1, 1]);
  });

  it("rejects a window that is negative or not a finite number", () => {
    const client = createClient();
    const socket = createOpenSocket();
    expect(() => bridgeQueryClient(client, socket, { invalidateWindowMs: -1 })).toThrow(
      "[@lifeline/react-query] bridgeQueryClient got invalidateWindowMs -1. Pass a finite number of milliseconds, 0 or more (0 invalidates at once).",
    );
    expect(() => bridgeQueryClient(client, socket, { invalidateWindowMs: Number.NaN })).toThrow(
      /invalidateWindowMs NaN/,
    );
  });
});

describe("bridgeQueryClient: subscriptions", () => {
  it("reports a subscribe payload that throws, and still subscribes and unsubscribes the other live queries", async () => {
    const client = createClient();
    const socket = createOpenSocket();
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on("uncaughtException", onError);
    try {
      for (const [room, subscribe] of [
        [
          1,
          () => {
            throw new Error("payload bug");
          },
        ],
        [2, "sub:2"],
      ] as const) {
        const observer = new QueryObserver(
          client,
          liveQuery(
            { queryKey: ["room", room], queryFn: async () => room },
            { subscribe, unsubscribe: `unsub:${room}` },
          ),
        );
        cleanups.push(observer.subscribe(() => {}));
      }
      const stop = bridge(client, socket);
      expect(fake.last().sent).toEqual(["sub:2"]);
      stop();
      expect(fake.last().sent).toEqual(["sub:2", "unsub:2"]);
      await vi.advanceTimersByTimeAsync(0);
    } finally {
      process.off("uncaughtException", onError);
    }
    expect(errors).toEqual([new Error("payload bug")]);
  });
});
