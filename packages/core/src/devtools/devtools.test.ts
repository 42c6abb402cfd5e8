// Issue 23: what @lifeline/devtools reads and does, against a real `ws` server on loopback that counts connections,
// upgrade attempts and every message. Each fault must reach the socket as the real one would, so the tests check
// what the socket then decides and what the server then sees, not what the devtools say.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { createFakeLocks } from "@lifeline/testing/fake";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { untilState } from "../__fixtures__/untilState.js";
import { heartbeat } from "../heartbeat/index.js";
import { createSocket, type Socket } from "../index.js";
import { browser } from "../platform/browser.js";
import type { SocketOptions } from "../socketOptions.js";
import { tabs } from "../tabs/index.js";
import { createTypedMessages, defineMessages, type StandardSchemaV1 } from "../typed/index.js";
import { type InspectedSocket, inspectable, watchSockets } from "./index.js";

let server: FaultyServer | undefined;
const sockets: Socket[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  server = undefined;
});

// Devtools on the page: from here on, development builds list every socket made.
let listed: readonly InspectedSocket[] = [];
watchSockets((sockets) => {
  listed = sockets;
});

async function open(options: SocketOptions = {}, url?: string) {
  server ??= await startFaultyServer({ echo: true });
  const socket = createSocket(url ?? server.url, {
    environment: { WebSocket },
    reconnect: { backoff: { baseMs: 20, maxMs: 40 }, minUptimeMs: 50 },
    ...options,
  });
  sockets.push(socket);
  await untilState(socket, (state) => state.status === "open");
  const inspected = listed.find((entry) => entry.getSnapshot() === socket.getSnapshot());
  if (!inspected) throw new Error("the socket is not on the devtools' list");
  return { socket, inspected };
}

// A hand-written Standard Schema: core's own tests take no schema library.
const typedTick: StandardSchemaV1<{ n: number }> = {
  "~standard": {
    version: 1,
    vendor: "test",
    validate: (value) =>
      typeof (value as { n?: unknown }).n === "number"
        ? { value: value as { n: number } }
        : { issues: [{ message: "n must be a number", path: ["n"] }] },
  },
};

const until = async (predicate: () => boolean, timeoutMs = 8000) => {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the devtools' list", () => {
  it("lists each socket made once devtools are on the page, until its app closes it", async () => {
    const { socket, inspected } = await open();
    expect(inspected.url()).toBe(server?.url);
    socket.close();
    await until(() => !listed.includes(inspected));
  });

  it("keeps the last messages in and out, redacted, and the timeline", async () => {
    const { socket, inspected } = await open();
    expect(inspected.pingSentAt()).toBeUndefined();
    let changes = 0;
    stops.push(inspected.subscribe(() => changes++));
    socket.send("hello token=s3cret");
    await until(() => inspected.traffic().some((entry) => entry.direction === "in"));
    const [out, back] = inspected.traffic();
    expect(out).toMatchObject({ direction: "out", size: 18 });
    expect(out?.preview).not.toContain("s3cret");
    expect(back).toMatchObject({ direction: "in", size: 18 });
    expect(changes).toBeGreaterThan(0);
    expect(inspected.timeline().map(({ event }) => event.type)).toEqual(["connecting", "opened"]);
  });

  it("shows a message that typed messages refused in the timeline, once however many views read it", async () => {
    const { socket, inspected } = await open();
    const definitions = defineMessages({ server: { tick: typedTick } });
    const heard: unknown[] = [];
    for (let view = 0; view < 2; view++) {
      const typed = createTypedMessages(socket, definitions);
      stops.push(
        typed.on("tick", (message) => heard.push(message)),
        typed.close,
      );
    }
    socket.send(JSON.stringify({ type: "tick", n: "one" }));
    socket.send(JSON.stringify({ type: "tick", n: 1 }));
    await until(() => heard.length === 2);
    const refused = inspected.timeline().filter((entry) => entry.event.type === "message-invalid");
    expect(refused.map((entry) => entry.event)).toEqual([
      { type: "message-invalid", reason: "invalid", messageType: "tick", error: "n: n must be a number" },
    ]);
  });

  it("redacts the credentials in the timeline's URLs", async () => {
    server = await startFaultyServer({ echo: true });
    const { inspected } = await open({}, `${server.url}/?token=s3cret`);
    const urls = inspected.timeline().map(({ event }) => (event as { url?: string }).url);
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).not.toContain("s3cret");
    expect(inspected.url()).not.toContain("s3cret");
  });

  it("shows a socket made with inspectable() in its use once, whether or not the build adds it", async () => {
    const before = listed.length;
    await open({ use: [inspectable()] });
    expect(listed.length).toBe(before + 1);
  });
});

describe("faults, as the socket sees them", () => {
  it("drop: a 1006 with no close frame; the socket reconnects and the server sees a new connection", async () => {
    const { socket, inspected } = await open();
    inspected.fault({ type: "drop" });
    const lost = await untilState(socket, (state) => state.status === "reconnecting");
    expect(lost).toMatchObject({ reason: "connection-lost", lastClose: { code: 1006, category: "lost" } });
    await untilState(socket, (state) => state.status === "open");
    await until(() => server?.acceptedConnections === 2);
  });

  it.each([
    [1001, "going away"],
    [1008, "rate limit exceeded; retry-after=1"],
    [4401, "token expired"],
    [4403, "forbidden"],
    [1011, "internal error"],
    [1013, "try again later"],
  ])("close %i: the socket reports the code and reason asked for", async (code, reason) => {
    const { socket, inspected } = await open({ use: [browser()] });
    inspected.fault({ type: "close", code, reason });
    const closed = await untilState(socket, (state) => state.lastClose?.code === code);
    expect(closed.lastClose).toMatchObject({ code, reason });
  });

  it("1008 rate limited with retry-after=1: no new connection before the second", async () => {
    const { socket, inspected } = await open({ use: [browser()] });
    const at = Date.now();
    inspected.fault({ type: "close", code: 1008, reason: "rate limit exceeded; retry-after=1" });
    const waiting = await untilState(socket, (state) => state.status === "reconnecting");
    expect(waiting.decision).toMatchObject({ action: "after-hint" });
    expect(waiting.decision?.delayMs).toBeGreaterThanOrEqual(1000);
    await until(() => server?.upgradeAttempts.length === 2);
    expect(Date.now() - at).toBeGreaterThanOrEqual(950);
  });

  it("offline and online: the socket waits offline, and connects again when the network is back", async () => {
    const { socket, inspected } = await open({ use: [browser()] });
    inspected.fault({ type: "offline" });
    expect(inspected.faults()).toEqual({ offline: true, refusals: 0, silenced: false });
    await untilState(socket, (state) => state.status === "offline" || state.status === "reconnecting");
    await untilState(socket, (state) => state.status === "offline");
    const attempts = server?.upgradeAttempts.length;
    inspected.fault({ type: "online" });
    await untilState(socket, (state) => state.status === "open");
    expect(server?.upgradeAttempts.length).toBe((attempts ?? 0) + 1);
  });

  it("offline with a heartbeat: the ping it sends goes unanswered, so the connection is let go and the socket waits offline", async () => {
    const { socket, inspected } = await open({
      use: [browser(), heartbeat({ intervalMs: 60_000, timeoutMs: 60_000 })],
    });
    inspected.fault({ type: "offline" });
    const offline = await untilState(socket, (state) => state.status === "offline");
    // The platform asked the heartbeat to check within a second; its ping went unanswered.
    expect(offline.lastClose?.reason).toBe("heartbeat timeout");
    inspected.fault({ type: "online" });
    await untilState(socket, (state) => state.status === "open");
    await until(() => server?.acceptedConnections === 2);
  });

  it("silence: nothing arrives any more, and the heartbeat finds the half-open connection", async () => {
    const { socket, inspected } = await open({ use: [heartbeat({ intervalMs: 150, timeoutMs: 400 })] });
    expect(inspected.pingSentAt()).toBeNull();
    const before = Date.now();
    inspected.fault({ type: "silence" });
    expect(inspected.faults().silenced).toBe(true);
    // The next ping goes unanswered: the devtools can say since when it waits.
    await until(() => typeof inspected.pingSentAt() === "number");
    expect(inspected.pingSentAt()).toBeGreaterThanOrEqual(before);
    const lost = await untilState(socket, (state) => state.status === "reconnecting");
    expect(lost.lastClose).toMatchObject({ code: 1006 });
    expect(lost.lastClose?.reason).toMatch(/heartbeat/);
    await untilState(socket, (state) => state.status === "open");
  });

  it("refuse 2: the next two handshakes fail before open, and the third opens", async () => {
    const { socket, inspected } = await open();
    inspected.fault({ type: "refuse", count: 2 });
    inspected.fault({ type: "drop" });
    const failed: number[] = [];
    stops.push(
      socket.subscribe(() => {
        const state = socket.getSnapshot();
        if (state.status === "reconnecting" && state.reason === "connect-failed") failed.push(state.attempt);
      }),
    );
    await until(() => failed.length === 2);
    await untilState(socket, (state) => state.status === "open");
    expect(new Set(failed).size).toBe(2);
    expect(inspected.faults().refusals).toBe(0);
  });

  it("says clearly what is wrong with a fault it cannot inject, and the socket goes on", async () => {
    const { socket, inspected } = await open();
    expect(() => inspected.fault({ type: "close", code: 999 })).toThrow(/\[@lifeline\/core\].*1000 to 4999/);
    expect(() => inspected.fault({ type: "refuse", count: 0 })).toThrow(/1 or more/);
    expect(() => inspected.fault({ type: "explode" } as never)).toThrow(/Unknown devtools fault "explode"/);
    expect(socket.getSnapshot().status).toBe("open");
  });

  it("refuses a fault in a tab that follows another tab's connection, and says where to inject it", async () => {
    const locks = createFakeLocks();
    const leader = await open({ use: [tabs({ key: "user-1", locks, lifecycle: null })] });
    const follower = await open({ use: [tabs({ key: "user-1", locks, lifecycle: null })] });
    await untilState(follower.socket, (state) => state.tab?.role === "follower");
    expect(() => follower.inspected.fault({ type: "drop" })).toThrow(/another tab holds.*whose socket leads/);
    leader.inspected.fault({ type: "drop" });
    await untilState(follower.socket, (state) => state.status === "reconnecting");
  });
});
