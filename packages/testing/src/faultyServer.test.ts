import type { AddressInfo } from "node:net";
import { type CloseClassification, classifyClose } from "@lifeline/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { FaultArgumentError } from "./errors.js";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

// Each test connects a real `ws` client over loopback and classifies the close it really receives.

let server: FaultyServer;
afterEach(async () => {
  await server?.stop();
});

interface Outcome {
  opened: boolean;
  classification: CloseClassification;
}

function connect(url: string): { client: WebSocket; outcome: Promise<Outcome> } {
  const client = new WebSocket(url);
  let opened = false;
  client.on("open", () => {
    opened = true;
  });
  // ws reports a refused upgrade through "error"; the close that follows carries 1006 like a browser's.
  client.on("error", () => {});
  const outcome = new Promise<Outcome>((resolve) => {
    client.on("close", (code, reason) => {
      resolve({ opened, classification: classifyClose({ code, reason: reason.toString() }, { opened }) });
    });
  });
  return { client, outcome };
}

const opened = (client: WebSocket) => new Promise((resolve) => client.once("open", resolve));

describe("startFaultyServer", () => {
  it("listens on 127.0.0.1 and counts accepted connections", async () => {
    server = await startFaultyServer();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const { client } = connect(server.url);
    await opened(client);
    await server.nextConnection();
    expect(server.acceptedConnections).toBe(1);
    expect(server.openConnections).toBe(1);
    client.close();
  });

  it("closes with a code and reason that the client classifies as a rate-limit rejection with a hint", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.closeAll(1008, "rate limit exceeded; retry-after=30");
    const { classification } = await outcome;
    expect(classification).toMatchObject({
      code: 1008,
      kind: "policy-violation",
      policy: "rate-limited",
      retry: { action: "after-hint", retryAfterMs: 30_000 },
      beforeOpen: false,
    });
  });

  it("announces a restart with 1012, which the client retries soon", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.closeAll(1012);
    expect((await outcome).classification).toMatchObject({ kind: "service-restart", retry: { action: "soon" } });
  });

  it("drops the TCP connection without a Close frame, which the client sees as 1006", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.dropAll();
    const { classification } = await outcome;
    expect(classification).toMatchObject({ code: 1006, kind: "abnormal", reserved: true, beforeOpen: false });
    expect(classification.retry.action).toBe("backoff");
  });

  it("rejects the upgrade with HTTP 429, which reaches the client as 1006 before any open", async () => {
    server = await startFaultyServer();
    server.rejectNext(429);
    const { outcome } = connect(server.url);
    const result = await outcome;
    expect(result.opened).toBe(false);
    expect(result.classification).toMatchObject({ code: 1006, beforeOpen: true, retry: { action: "backoff" } });
    expect(server.acceptedConnections).toBe(0);

    // Only the next upgrade was rejected: the one after it is accepted.
    const second = connect(server.url);
    await opened(second.client);
    expect(server.acceptedConnections).toBe(1);
    second.client.close();
  });

  it("passes client messages to onMessage", async () => {
    const received: string[] = [];
    server = await startFaultyServer({
      onMessage: (data, socket) => {
        received.push(data);
        socket.send(`echo:${data}`);
      },
    });
    const { client } = connect(server.url);
    await opened(client);
    const reply = new Promise((resolve) => client.once("message", (data) => resolve(data.toString())));
    client.send("ping");
    expect(await reply).toBe("echo:ping");
    expect(received).toEqual(["ping"]);
    client.close();
  });
});

// The tests below watch what a `ws` client sees through the browser-style event API: whether it opened, what it
// received, and the close event's code, reason and wasClean.
interface Seen {
  opened: boolean;
  messages: string[];
}
interface Closed {
  code: number;
  reason: string;
  wasClean: boolean;
  at: number;
}

function watch(url: string) {
  const client = new WebSocket(url);
  const seen: Seen = { opened: false, messages: [] };
  client.addEventListener("open", () => {
    seen.opened = true;
  });
  client.addEventListener("message", (event) => seen.messages.push(String(event.data)));
  // ws emits "error" for a failed handshake and throws if nobody listens; browsers fire it too.
  client.addEventListener("error", () => {});
  const closed = new Promise<Closed>((resolve) => {
    client.addEventListener("close", (event) =>
      resolve({ code: event.code, reason: event.reason, wasClean: event.wasClean, at: Date.now() }),
    );
  });
  const opened = new Promise<number>((resolve) => client.addEventListener("open", () => resolve(Date.now())));
  return { client, seen, closed, opened };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startFaultyServer: messages", () => {
  it("echoes text and binary messages by default", async () => {
    server = await startFaultyServer();
    const { client, opened } = watch(server.url);
    await opened;
    const replies: Array<[string, boolean]> = [];
    client.on("message", (data, isBinary) => replies.push([data.toString(), isBinary]));
    client.send("hello");
    client.send(Buffer.from("bytes"));
    await vi.waitFor(
      () =>
        expect(replies).toEqual([
          ["hello", false],
          ["bytes", true],
        ]),
      { timeout: 5000 },
    );
    client.close();
  });

  it("echoes nothing with echo: false, and still passes text to onMessage", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const { client, seen, opened } = watch(server.url);
    await opened;
    client.send("quiet");
    await sleep(100);
    expect(received).toEqual(["quiet"]);
    expect(seen.messages).toEqual([]);
    client.close();
  });

  it("broadcasts to every open connection and says how many", async () => {
    server = await startFaultyServer();
    const first = watch(server.url);
    const second = watch(server.url);
    await Promise.all([first.opened, second.opened]);
    expect(server.broadcast("news")).toBe(2);
    await vi.waitFor(() => expect([first.seen.messages, second.seen.messages]).toEqual([["news"], ["news"]]), {
      timeout: 5000,
    });
    first.client.close();
    second.client.close();
  });

  it("broadcasts only to the connections a filter picks", async () => {
    const names = new Map<object, string>();
    server = await startFaultyServer({ onConnection: (socket, request) => names.set(socket, request.url ?? "") });
    const first = watch(`${server.url}/a`);
    const second = watch(`${server.url}/b`);
    await Promise.all([first.opened, second.opened]);
    await vi.waitFor(() => expect(names.size).toBe(2), { timeout: 5000 });
    expect(server.broadcast("for b", (socket) => names.get(socket) === "/b")).toBe(1);
    await vi.waitFor(() => expect(second.seen.messages).toEqual(["for b"]), { timeout: 5000 });
    expect(first.seen.messages).toEqual([]);
    first.client.close();
    second.client.close();
  });
});

describe("startFaultyServer: an app's own routes", () => {
  it("hands each accepted connection to onConnection with its upgrade request", async () => {
    const seen: string[] = [];
    server = await startFaultyServer({
      onConnection: (socket, request) => {
        seen.push(request.url ?? "");
        socket.send(`hello ${new URL(request.url ?? "/", "http://x").searchParams.get("name")}`);
      },
    });
    const client = new WebSocket(`${server.url}/chat?name=ada`);
    const greeting = new Promise<string>((resolve) => client.once("message", (data) => resolve(String(data))));
    expect(await greeting).toBe("hello ada");
    expect(seen).toEqual(["/chat?name=ada"]);
    client.close();
  });

  it("serves the app's HTTP routes through onRequest and keeps /__chaos/ for the control API", async () => {
    server = await startFaultyServer({
      onRequest: (request, response) => {
        if (!request.url?.startsWith("/api/")) return false;
        response.writeHead(200, { "Content-Type": "text/plain" }).end(`app ${request.url}`);
        return true;
      },
    });
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/api/messages`)).text()).toBe("app /api/messages");
    expect((await (await fetch(`${base}/__chaos/stats`)).json()).acceptedConnections).toBe(0);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(426);
  });
});

describe("startFaultyServer: upgrade attempts and stats", () => {
  it("records the time of every upgrade request, rejected ones included", async () => {
    server = await startFaultyServer();
    server.rejectNext(503);
    const before = Date.now();
    const rejected = watch(server.url);
    expect((await rejected.closed).code).toBe(1006);
    const accepted = watch(server.url);
    await accepted.opened;
    expect(server.upgradeAttempts).toHaveLength(2);
    for (const at of server.upgradeAttempts) {
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    expect(rejected.seen.opened).toBe(false);
    accepted.client.close();
  });

  it("counts open and accepted connections, upgrade attempts and received messages", async () => {
    server = await startFaultyServer();
    server.rejectNext(401);
    await watch(server.url).closed;
    const { client, seen, opened } = watch(server.url);
    await opened;
    client.send("one");
    client.send("two");
    await vi.waitFor(() => expect(seen.messages).toHaveLength(2), { timeout: 5000 });
    expect(server.stats()).toEqual({
      openConnections: 1,
      acceptedConnections: 1,
      upgradeAttempts: 2,
      receivedMessages: 2,
      oversizedMessages: 0,
    });
    client.close();
  });
});

describe("startFaultyServer: faults on open connections", () => {
  it("closes a connection that sends more than N messages in a second with 1008 and a retry hint", async () => {
    server = await startFaultyServer();
    server.rateLimit({ messagesPerSecond: 3, retryAfterSeconds: 7 });
    const { client, seen, closed, opened } = watch(server.url);
    await opened;
    for (const message of ["a", "b", "c", "d", "e"]) client.send(message);
    expect(await closed).toMatchObject({ code: 1008, reason: "rate limit exceeded; retry-after=7", wasClean: true });
    expect(seen.messages).toEqual(["a", "b", "c"]);
  });

  it("counts the rate over a sliding second, not since the start", async () => {
    server = await startFaultyServer();
    server.rateLimit({ messagesPerSecond: 2 });
    const { client, seen, opened } = watch(server.url);
    await opened;
    client.send("a");
    client.send("b");
    // Past the second by a margin: a loaded machine may deliver "a" and "b" to the server late.
    await vi.waitFor(() => expect(server.stats().receivedMessages).toBe(2), { timeout: 5000 });
    await sleep(1200);
    client.send("c");
    client.send("d");
    await vi.waitFor(() => expect(seen.messages).toEqual(["a", "b", "c", "d"]), { timeout: 5000 });
    expect(client.readyState).toBe(WebSocket.OPEN);
    client.close();
  });

  it("stops limiting after rateLimit(null)", async () => {
    server = await startFaultyServer();
    server.rateLimit({ messagesPerSecond: 1 });
    server.rateLimit(null);
    const { client, seen, opened } = watch(server.url);
    await opened;
    for (let index = 0; index < 10; index++) client.send(`m${index}`);
    await vi.waitFor(() => expect(seen.messages).toHaveLength(10), { timeout: 5000 });
    expect(client.readyState).toBe(WebSocket.OPEN);
    client.close();
  });

  it("closes each session with 4401 'token expired' once it has been open afterMs, new ones on their own timer", async () => {
    server = await startFaultyServer();
    server.expireSessions({ afterMs: 400 });
    const first = watch(server.url);
    const firstOpenedAt = await first.opened;
    await sleep(250);
    const second = watch(server.url);
    const secondOpenedAt = await second.opened;
    const [firstClosed, secondClosed] = await Promise.all([first.closed, second.closed]);
    expect(firstClosed).toMatchObject({ code: 4401, reason: "token expired", wasClean: true });
    expect(secondClosed).toMatchObject({ code: 4401, reason: "token expired", wasClean: true });
    // Client-side clocks on a loaded machine lag the server's by tens of milliseconds, hence the wide margins:
    // each session lasts about afterMs, and the second ends about 250 ms after the first.
    expect(firstClosed.at - firstOpenedAt).toBeGreaterThanOrEqual(300);
    expect(secondClosed.at - secondOpenedAt).toBeGreaterThanOrEqual(300);
    expect(secondClosed.at - firstClosed.at).toBeGreaterThan(100);
  });

  it("expires sessions with 1008 when asked, and refuses other codes", async () => {
    server = await startFaultyServer();
    expect(() => server.expireSessions({ afterMs: 100, code: 4000 as 4401 })).toThrow(FaultArgumentError);
    server.expireSessions({ afterMs: 50, code: 1008 });
    const { closed } = watch(server.url);
    expect(await closed).toMatchObject({ code: 1008, reason: "token expired", wasClean: true });
  });

  it("restarts: 1012 to everyone, failed handshakes for refuseMs, then accepts again", async () => {
    server = await startFaultyServer();
    const before = watch(server.url);
    await before.opened;
    // Long enough that a loaded CI machine still connects "during" inside the window.
    server.restart({ refuseMs: 1500 });
    const restartedAt = Date.now();
    expect(await before.closed).toMatchObject({ code: 1012, reason: "service restart", wasClean: true });
    const during = watch(server.url);
    expect(await during.closed).toMatchObject({ code: 1006, wasClean: false });
    expect(during.seen.opened).toBe(false);
    expect(server.acceptedConnections).toBe(1);
    await sleep(1500 - (Date.now() - restartedAt) + 20);
    const after = watch(server.url);
    await after.opened;
    expect(server.acceptedConnections).toBe(2);
    after.client.close();
  });

  it("overloads: 1013 with a retry hint to everyone, and to new connections for durationMs after they open", async () => {
    server = await startFaultyServer();
    const before = watch(server.url);
    await before.opened;
    // Long enough that a loaded CI machine still connects "during" inside the window.
    server.overload({ retryAfterSeconds: 5, durationMs: 1500 });
    const overloadedAt = Date.now();
    expect(await before.closed).toMatchObject({ code: 1013, reason: "overloaded; retry-after=5", wasClean: true });
    const during = watch(server.url);
    expect(await during.closed).toMatchObject({ code: 1013, reason: "overloaded; retry-after=5", wasClean: true });
    expect(during.seen.opened).toBe(true);
    await sleep(1500 - (Date.now() - overloadedAt) + 20);
    const after = watch(server.url);
    await after.opened;
    await sleep(50);
    expect(after.client.readyState).toBe(WebSocket.OPEN);
    after.client.close();
  });

  it("goes half-open: no echo, no pong, no close, while the client stays OPEN; new connections are normal", async () => {
    server = await startFaultyServer();
    const stuck = watch(server.url);
    await stuck.opened;
    expect(server.halfOpen()).toBeUndefined();
    let pongs = 0;
    stuck.client.on("pong", () => pongs++);
    stuck.client.send("anyone there?");
    stuck.client.ping();
    expect(server.broadcast("news")).toBe(0);
    expect(server.closeAll(1000)).toBe(0);
    await sleep(300);
    expect(stuck.seen.messages).toEqual([]);
    expect(pongs).toBe(0);
    expect(stuck.client.readyState).toBe(WebSocket.OPEN);
    expect(server.openConnections).toBe(1);

    const fresh = watch(server.url);
    await fresh.opened;
    fresh.client.send("hello");
    await vi.waitFor(() => expect(fresh.seen.messages).toEqual(["hello"]), { timeout: 5000 });
    fresh.client.close();
    stuck.client.terminate();
  });

  it("terminates a connection idle in both directions for ms, like a proxy: 1006 without a Close frame", async () => {
    server = await startFaultyServer();
    server.idleTimeout(200);
    const { opened, closed } = watch(server.url);
    const openedAt = await opened;
    const result = await closed;
    expect(result).toMatchObject({ code: 1006, wasClean: false });
    // Measured from the client's "open", which a loaded machine delivers after the server's clock starts (once by
    // more than 50 ms), so the lower bound only rules out a close at once.
    expect(result.at - openedAt).toBeGreaterThanOrEqual(100);
    expect(result.at - openedAt).toBeLessThan(1500);
  });

  it("keeps a connection with traffic below the idle timeout, and idleTimeout(null) turns it off", async () => {
    server = await startFaultyServer();
    // Ticks every 100 ms against a 600 ms limit: a wide margin, as a loaded CI machine can stretch a 100 ms sleep.
    server.idleTimeout(600);
    const busy = watch(server.url);
    await busy.opened;
    for (let index = 0; index < 10; index++) {
      busy.client.send("tick");
      await sleep(100);
    }
    expect(busy.client.readyState).toBe(WebSocket.OPEN);
    server.idleTimeout(null);
    await sleep(900);
    expect(busy.client.readyState).toBe(WebSocket.OPEN);
    busy.client.close();
  });
});

describe("startFaultyServer: the message size limit", () => {
  it("closes a connection that sends a message over maxPayload with 1009 and no reason, exactly as ws's own does", async () => {
    // The reference: a plain ws server with its own maxPayload, seen by the same kind of client.
    const reference = new WebSocketServer({ port: 0, host: "127.0.0.1", maxPayload: 16 });
    reference.on("connection", (socket) => {
      // ws reports the oversized frame as an "error" on the server's socket, and throws if nobody listens.
      socket.on("error", () => {});
      socket.on("message", (data) => socket.send(data));
    });
    await new Promise((resolve) => reference.once("listening", resolve));
    const expected = watch(`ws://127.0.0.1:${(reference.address() as AddressInfo).port}`);
    await expected.opened;
    for (const message of ["small", "x".repeat(17), "after"]) expected.client.send(message);
    const referenceClose = await expected.closed;
    await new Promise((resolve) => reference.close(resolve));

    server = await startFaultyServer({ maxPayload: 16 });
    const { client, seen, closed, opened } = watch(server.url);
    await opened;
    for (const message of ["small", "x".repeat(17), "after"]) client.send(message);
    const result = await closed;
    expect(result).toMatchObject({ code: 1009, reason: "", wasClean: true });
    expect({ code: result.code, reason: result.reason, wasClean: result.wasClean }).toEqual({
      code: referenceClose.code,
      reason: referenceClose.reason,
      wasClean: referenceClose.wasClean,
    });
    expect(seen.messages).toEqual(expected.seen.messages);
    expect(seen.messages).toEqual(["small"]);
    expect(server.stats()).toMatchObject({ receivedMessages: 1, oversizedMessages: 1 });
  });

  it("counts UTF-8 bytes, not characters, accepts a message of exactly maxPayload, and limits binary messages too", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ maxPayload: 16, onMessage: (data) => received.push(data) });
    const exact = watch(server.url);
    await exact.opened;
    exact.client.send("x".repeat(16));
    exact.client.send(Buffer.alloc(16));
    await vi.waitFor(() => expect(exact.seen.messages).toHaveLength(2), { timeout: 5000 });
    expect(exact.client.readyState).toBe(WebSocket.OPEN);
    exact.client.close();

    // Nine characters, eighteen bytes.
    const wide = watch(server.url);
    await wide.opened;
    wide.client.send("é".repeat(9));
    expect(await wide.closed).toMatchObject({ code: 1009, wasClean: true });

    const binary = watch(server.url);
    await binary.opened;
    binary.client.send(Buffer.alloc(17));
    expect(await binary.closed).toMatchObject({ code: 1009, wasClean: true });
    expect(received).toEqual(["x".repeat(16)]);
    expect(server.stats()).toMatchObject({ receivedMessages: 2, oversizedMessages: 2 });
  });

  it("changes the limit at run time for open connections too; null lifts it, and reset() goes back to the option", async () => {
    server = await startFaultyServer({ maxPayload: 1024 });
    const open = watch(server.url);
    await open.opened;
    server.maxPayload(8);
    open.client.send("123456789");
    expect(await open.closed).toMatchObject({ code: 1009, reason: "" });

    server.maxPayload(null);
    const free = watch(server.url);
    await free.opened;
    free.client.send("y".repeat(4096));
    await vi.waitFor(() => expect(free.seen.messages).toEqual(["y".repeat(4096)]), { timeout: 5000 });
    expect(free.client.readyState).toBe(WebSocket.OPEN);

    server.reset();
    free.client.send("z".repeat(1025));
    expect(await free.closed).toMatchObject({ code: 1009, reason: "" });
    expect(server.stats().oversizedMessages).toBe(2);
  });
});

describe("startFaultyServer: faults on the handshake", () => {
  it("hangs the next upgrade: the client stays CONNECTING, the one after it connects, stop() ends it", async () => {
    server = await startFaultyServer();
    server.hangNext();
    const hung = watch(server.url);
    await sleep(300);
    expect(hung.client.readyState).toBe(WebSocket.CONNECTING);
    const next = watch(server.url);
    await next.opened;
    next.client.close();
    await server.stop();
    expect(await hung.closed).toMatchObject({ code: 1006, wasClean: false });
    expect(hung.seen.opened).toBe(false);
  });

  it.each([401, 503])("rejects the next %i upgrades with that status, then accepts", async (status) => {
    server = await startFaultyServer();
    server.rejectNext(status, 2);
    const errors: string[] = [];
    for (let index = 0; index < 2; index++) {
      const rejected = watch(server.url);
      rejected.client.on("error", (error) => errors.push(error.message));
      expect(await rejected.closed).toMatchObject({ code: 1006, wasClean: false });
      expect(rejected.seen.opened).toBe(false);
    }
    expect(errors).toEqual([`Unexpected server response: ${status}`, `Unexpected server response: ${status}`]);
    const accepted = watch(server.url);
    await accepted.opened;
    accepted.client.close();
  });
});

/** The HTTP answer to one upgrade request that does not succeed: its status and Retry-After, as ws reads them. */
function upgradeAnswer(url: string): Promise<{ status: number; retryAfter: string | null }> {
  const client = new WebSocket(url);
  client.on("error", () => {});
  return new Promise((resolve, reject) => {
    client.once("open", () => reject(new Error("the upgrade was accepted")));
    // Handling this event makes ending the request ours, as the ws docs say.
    client.once("unexpected-response", (request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"] ?? null });
      request.destroy();
    });
  });
}

// Issue 13 §4: a browser hides a refused handshake's status, so a client probes the socket's URL with fetch(). The
// plain answer must say what the upgrade would hear, and let a page read it.
describe("startFaultyServer: plain HTTP on the socket path", () => {
  const demoPage = { Origin: "http://127.0.0.1:5173" };

  it("answers 426 Upgrade Required while nothing is refused, with CORS headers for an allowed origin only", async () => {
    server = await startFaultyServer();
    const response = await fetch(`http://127.0.0.1:${server.port}/chat`, { headers: demoPage });
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
    expect(response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(response.headers.get("access-control-expose-headers")).toBe("Retry-After");
    expect(response.headers.get("vary")).toBe("Origin");
    const foreign = await fetch(`http://127.0.0.1:${server.port}/chat`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(426);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect(foreign.headers.get("access-control-expose-headers")).toBeNull();
  });

  it("answers a probe from Node with the refusal's status, Retry-After and the page's origin, as the upgrade hears it", async () => {
    server = await startFaultyServer();
    server.refuseUpgrades({ status: 429, retryAfterSeconds: 5 });
    const probe = await fetch(`http://127.0.0.1:${server.port}/chat?token=abc`, { headers: demoPage });
    expect(probe.status).toBe(429);
    expect(probe.headers.get("retry-after")).toBe("5");
    expect(probe.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(probe.headers.get("access-control-expose-headers")).toBe("Retry-After");
    expect(probe.headers.get("vary")).toBe("Origin");
    const head = await fetch(`http://127.0.0.1:${server.port}/chat`, { method: "HEAD", headers: demoPage });
    expect([head.status, head.headers.get("retry-after")]).toEqual([429, "5"]);

    expect(await upgradeAnswer(`${server.url}/chat`)).toEqual({ status: 429, retryAfter: "5" });
    // Until turned off, not for a count.
    expect(await upgradeAnswer(`${server.url}/chat`)).toEqual({ status: 429, retryAfter: "5" });
    expect(server.acceptedConnections).toBe(0);

    server.refuseUpgrades(null);
    expect((await fetch(`http://127.0.0.1:${server.port}/chat`)).status).toBe(426);
    const accepted = watch(`${server.url}/chat`);
    await accepted.opened;
    accepted.client.close();
  });

  it("answers probes with a pending rejectNext status without using it up; only upgrades do", async () => {
    server = await startFaultyServer();
    server.rejectNext(503, 1);
    for (let index = 0; index < 3; index++) {
      const probe = await fetch(`http://127.0.0.1:${server.port}/`, { headers: demoPage });
      expect([probe.status, probe.headers.get("retry-after")]).toEqual([503, null]);
    }
    expect(await upgradeAnswer(server.url)).toEqual({ status: 503, retryAfter: null });
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(426);
    const accepted = watch(server.url);
    await accepted.opened;
    accepted.client.close();
  });

  it("lets rejectNext's count go before refuseUpgrades, then refuses with the policy", async () => {
    server = await startFaultyServer();
    server.refuseUpgrades({ status: 503, retryAfterSeconds: 9 });
    server.rejectNext(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(401);
    expect(await upgradeAnswer(server.url)).toEqual({ status: 401, retryAfter: null });
    expect(await upgradeAnswer(server.url)).toEqual({ status: 503, retryAfter: "9" });
  });

  it("fails a probe at the TCP level during restart's refuseMs, as the upgrades do, and answers again after", async () => {
    server = await startFaultyServer();
    server.restart({ refuseMs: 10_000 });
    await expect(fetch(`http://127.0.0.1:${server.port}/chat`)).rejects.toThrow();
    // The control API stays up, or nothing could end the fault early.
    expect((await fetch(`http://127.0.0.1:${server.port}/__chaos/stats`)).status).toBe(200);
    server.reset();
    expect((await fetch(`http://127.0.0.1:${server.port}/chat`)).status).toBe(426);
  });

  it("answers an allowed probe's preflight, for a probe that adds headers", async () => {
    server = await startFaultyServer();
    const preflight = await fetch(`http://127.0.0.1:${server.port}/chat`, {
      method: "OPTIONS",
      headers: {
        ...demoPage,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "cache-control",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Cache-Control");
  });
});

describe("startFaultyServer: policies and arguments", () => {
  it("reset() turns every policy off", async () => {
    server = await startFaultyServer();
    server.rateLimit({ messagesPerSecond: 1 });
    server.expireSessions({ afterMs: 50 });
    server.idleTimeout(50);
    server.rejectNext(429);
    server.refuseUpgrades({ status: 503 });
    server.hangNext();
    server.overload({ durationMs: 10_000 });
    server.restart({ refuseMs: 10_000 });
    server.reset();
    const { client, seen, opened } = watch(server.url);
    await opened;
    for (let index = 0; index < 5; index++) client.send(`m${index}`);
    await vi.waitFor(() => expect(seen.messages).toHaveLength(5), { timeout: 5000 });
    await sleep(150);
    expect(client.readyState).toBe(WebSocket.OPEN);
    client.close();
  });

  it("refuses arguments it cannot use with a FaultArgumentError that says what to do", async () => {
    server = await startFaultyServer();
    expect(() => server.closeAll(1006)).toThrow(/closeAll: code is 1006.*drop the connection instead/);
    expect(() => server.closeAll(undefined, "why")).toThrow(/a reason needs a code/);
    expect(() => server.closeAll(1000, "x".repeat(124))).toThrow(/124 bytes/);
    expect(() => server.rateLimit({ messagesPerSecond: 0 })).toThrow(/messagesPerSecond is 0\. Use a whole number/);
    expect(() => server.idleTimeout(-1)).toThrow(FaultArgumentError);
    expect(() => server.rejectNext(101)).toThrow(/status is 101/);
    expect(() => server.refuseUpgrades({ status: 101 })).toThrow(/refuseUpgrades: status is 101/);
    expect(() => server.refuseUpgrades({ status: 401, retryAfterSeconds: 5 })).toThrow(
      "[@lifeline/testing] refuseUpgrades: retryAfterSeconds goes with status 429 or 503, not 401. Use one of those, or leave retryAfterSeconds out.",
    );
    expect(() => server.refuseUpgrades({ status: 503, retryAfterSeconds: -1 })).toThrow(/retryAfterSeconds is -1/);
    expect(() => server.hangNext(1.5)).toThrow(/count is 1.5/);
    expect(() => server.maxPayload(0)).toThrow(/maxPayload: bytes is 0\. Use a whole number from 1 to 104857600/);
    expect(() => server.maxPayload(1.5)).toThrow(FaultArgumentError);
    await expect(startFaultyServer({ maxPayload: -1 })).rejects.toThrow(
      /startFaultyServer: maxPayload is -1\. Use a whole number/,
    );
  });

  it("stops once even when asked twice", async () => {
    server = await startFaultyServer();
    await Promise.all([server.stop(), server.stop()]);
    const { closed } = watch(server.url);
    expect(await closed).toMatchObject({ code: 1006 });
  });

  it("listens on the host it is given", async () => {
    server = await startFaultyServer({ host: "localhost" });
    expect(server.url).toBe(`ws://localhost:${server.port}`);
  });
});
