import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { type Backend, type ServerMessage, startBackend } from "./backend.js";
import type { ChatMessage } from "./chatRoom.js";

// A real backend on loopback, real `ws` clients and real HTTP: what the page and the end-to-end tests see.

const WAIT = { timeout: 5000, interval: 10 } as const;

let backend: Backend;
const clients: WebSocket[] = [];

beforeEach(async () => {
  backend = await startBackend({ port: 0 });
});

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.terminate();
  await backend.stop();
});

interface Client {
  readonly socket: WebSocket;
  /** Every text frame received, in order, parsed when it is JSON ("pong" stays a string). */
  readonly received: unknown[];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
}

function connect(options: { tab?: string; token?: string | null } = {}): Client {
  const query = new URLSearchParams();
  if (options.tab !== undefined) query.set("tab", options.tab);
  if (options.token != null) query.set("token", options.token);
  const socket = new WebSocket(`${backend.server.url}/chat?${query}`);
  clients.push(socket);
  const received: unknown[] = [];
  socket.on("message", (data) => {
    const text = data.toString();
    try {
      received.push(JSON.parse(text));
    } catch {
      received.push(text);
    }
  });
  socket.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("close", () => reject(new Error("closed before it opened")));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return { socket, received, opened, closed };
}

/** A connection with a fresh valid token, open. */
async function join(tab?: string): Promise<Client> {
  const client = connect({ tab, token: await token() });
  await client.opened;
  return client;
}

const send = (client: Client, message: object | string) =>
  client.socket.send(typeof message === "string" ? message : JSON.stringify(message));

/**
 * Sends "ping" and waits for its "pong". The server handles one socket's frames in order and writes to it in order,
 * so everything the server did for this socket's earlier frames, or sent to it before, has arrived by then.
 */
async function roundTrip(client: Client): Promise<void> {
  const pongs = client.received.filter((item) => item === "pong").length;
  send(client, "ping");
  await vi.waitFor(() => {
    expect(client.received.filter((item) => item === "pong")).toHaveLength(pongs + 1);
  }, WAIT);
}

const messagesOf = (client: Client) =>
  client.received.filter((item): item is ServerMessage & { type: "message" } => {
    return typeof item === "object" && item !== null && (item as { type?: unknown }).type === "message";
  });
const errorsOf = (client: Client) =>
  client.received.filter((item): item is ServerMessage & { type: "error" } => {
    return typeof item === "object" && item !== null && (item as { type?: unknown }).type === "error";
  });

async function api(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; response: Response }> {
  const response = await fetch(`${backend.httpUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text), response };
}

async function token(): Promise<string> {
  const { status, body } = await api("/api/token", { method: "POST" });
  expect(status).toBe(200);
  const { token } = body as { token: string };
  expect(token).toEqual(expect.any(String));
  return token;
}

async function history(): Promise<ChatMessage[]> {
  const { status, body } = await api("/api/messages");
  expect(status).toBe(200);
  return (body as { messages: ChatMessage[] }).messages;
}

const postMessage = (message: object) =>
  api("/api/messages", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(message),
  });

describe("the chat socket", () => {
  it("delivers a post to a subscribed client and to the sender, not to unsubscribed ones", async () => {
    const sender = await join("sender");
    const reader = await join("reader");
    const never = await join("never");
    const left = await join("left");
    send(reader, { type: "subscribe" });
    send(left, { type: "subscribe" });
    send(left, { type: "unsubscribe" });
    await roundTrip(reader);
    await roundTrip(left);

    send(sender, { type: "post", clientId: "p1", author: "Ada", text: "hello" });
    await vi.waitFor(() => {
      expect(messagesOf(reader)).toHaveLength(1);
      expect(messagesOf(sender)).toHaveLength(1);
    }, WAIT);

    const expected = { id: 1, clientId: "p1", author: "Ada", text: "hello", at: expect.any(Number) };
    expect(messagesOf(reader)[0]!.message).toEqual(expected);
    expect(messagesOf(sender)[0]!.message).toEqual(expected);
    await roundTrip(never);
    await roundTrip(left);
    expect(messagesOf(never)).toEqual([]);
    expect(messagesOf(left)).toEqual([]);
    expect(await history()).toEqual([expected]);
  });

  it("sends a subscribed sender its own post once", async () => {
    const sender = await join();
    send(sender, { type: "subscribe" });
    send(sender, { type: "post", clientId: "p1", author: "Ada", text: "hello" });
    await roundTrip(sender);
    expect(messagesOf(sender).map(({ message }) => message.clientId)).toEqual(["p1"]);
  });

  it("stores a duplicate clientId once and answers only the sender again", async () => {
    const sender = await join();
    const reader = await join();
    send(reader, { type: "subscribe" });
    await roundTrip(reader);

    send(sender, { type: "post", clientId: "same", author: "Ada", text: "first" });
    send(sender, { type: "post", clientId: "same", author: "Ada", text: "resent" });
    await vi.waitFor(() => expect(messagesOf(sender)).toHaveLength(2), WAIT);
    const [first, second] = messagesOf(sender);
    expect(second!.message).toEqual(first!.message);
    expect(first!.message).toMatchObject({ id: 1, clientId: "same", text: "first" });

    await roundTrip(reader);
    expect(messagesOf(reader)).toHaveLength(1);
    const stored = await history();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 1, clientId: "same", text: "first" });
  });

  it('answers "ping" with "pong" and ignores typing', async () => {
    const client = await join();
    send(client, { type: "typing" });
    send(client, "ping");
    await vi.waitFor(() => expect(client.received).toContain("pong"), WAIT);
    expect(client.received).toEqual(["pong"]);
  });

  it("answers bad JSON, an unknown type and an invalid post with an error to the sender only", async () => {
    const client = await join();
    const reader = await join();
    send(reader, { type: "subscribe" });
    await roundTrip(reader);

    send(client, "{not json");
    send(client, { type: "shout" });
    send(client, { type: "post", clientId: "x", author: "Ada", text: "" });
    send(client, "null");
    await vi.waitFor(() => expect(errorsOf(client)).toHaveLength(4), WAIT);
    expect(errorsOf(client).map(({ error }) => error)).toEqual([
      '[@lifeline/demo] The server got a message that is not JSON. Send {"type": ...} objects.',
      '[@lifeline/demo] Unknown message type "shout".',
      "[@lifeline/demo] text must be a non-empty string of at most 500 characters.",
      "[@lifeline/demo] Unknown message type undefined.",
    ]);
    expect(messagesOf(client)).toEqual([]);

    await roundTrip(reader);
    expect(reader.received.filter((item) => item !== "pong")).toEqual([]);
    expect(await history()).toEqual([]);
    // The connection survives its mistakes.
    await roundTrip(client);
  });

  it('closes a connection with an invalid or missing token with 4401 "token expired"', async () => {
    const valid = connect({ token: await token() });
    await valid.opened;
    const invalid = connect({ token: "not-a-token" });
    const missing = connect({ token: null });

    expect(await invalid.closed).toEqual({ code: 4401, reason: "token expired" });
    expect(await missing.closed).toEqual({ code: 4401, reason: "token expired" });
    await roundTrip(valid);
    expect(valid.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("publishes a post made over HTTP to subscribed sockets", async () => {
    const reader = await join();
    const other = await join();
    send(reader, { type: "subscribe" });
    await roundTrip(reader);

    const { status } = await postMessage({ clientId: "h1", author: "Bob", text: "over http" });
    expect(status).toBe(201);
    await vi.waitFor(() => expect(messagesOf(reader)).toHaveLength(1), WAIT);
    expect(messagesOf(reader)[0]!.message).toMatchObject({ clientId: "h1", author: "Bob", text: "over http" });
    await roundTrip(other);
    expect(messagesOf(other)).toEqual([]);
  });
});

describe("the HTTP API", () => {
  it("serves the history in order, 201 for a new post and 200 with the stored message for a duplicate", async () => {
    expect(await history()).toEqual([]);

    const first = await postMessage({ clientId: "a", author: "Ada", text: "one" });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      message: { id: 1, clientId: "a", author: "Ada", text: "one", at: expect.any(Number) },
    });
    expect((await postMessage({ clientId: "b", author: "Bob", text: "two" })).status).toBe(201);
    const duplicate = await postMessage({ clientId: "a", author: "Ada", text: "one, resent" });
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toEqual(first.body);

    const stored = await history();
    expect(stored.map(({ id, clientId, text }) => ({ id, clientId, text }))).toEqual([
      { id: 1, clientId: "a", text: "one" },
      { id: 2, clientId: "b", text: "two" },
    ]);
  });

  it("includes socket posts in the history", async () => {
    const sender = await join();
    send(sender, { type: "post", clientId: "s1", author: "Ada", text: "from the socket" });
    await vi.waitFor(() => expect(messagesOf(sender)).toHaveLength(1), WAIT);
    expect(await history()).toEqual([messagesOf(sender)[0]!.message]);
  });

  it("answers malformed JSON with 400 and a clear error, and stores nothing", async () => {
    const { status, body, response } = await api("/api/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"clientId": "a", "author": "Ada", "text": ',
    });
    expect(status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toEqual({ error: "[@lifeline/demo] The body is not valid JSON. Send a JSON object." });
    expect(await history()).toEqual([]);
  });

  it("answers an invalid post with 400 and what is wrong, and stores nothing", async () => {
    const tooLong = await postMessage({ clientId: "a", author: "x".repeat(41), text: "hi" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({
      error: "[@lifeline/demo] author must be a non-empty string of at most 40 characters.",
    });
    const notAnObject = await api("/api/messages", { method: "POST", body: "42" });
    expect(notAnObject.status).toBe(400);
    expect((notAnObject.body as { error: string }).error).toMatch(/A post must be an object/);
    expect(await history()).toEqual([]);
  });

  it("answers the app's page with its origin in CORS, on every route and a preflight, never *", async () => {
    const page = { Origin: "http://127.0.0.1:5173" };
    const { response } = await api("/api/messages", { headers: page });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(response.headers.get("vary")).toBe("Origin");
    const preflight = await fetch(`${backend.httpUrl}/api/messages`, { method: "OPTIONS", headers: page });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const missing = await api("/api/nothing-here", { headers: page });
    expect(missing.response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    const chaos = await api("/__chaos/stats", { headers: page });
    expect([chaos.status, chaos.response.headers.get("access-control-allow-origin")]).toEqual([
      200,
      "http://127.0.0.1:5173",
    ]);
  });

  // Issue 13 §5: any site open in another tab could post to the room and trigger faults through these routes.
  it("refuses a page on another origin with 403, on its routes and the chaos API, and does nothing", async () => {
    const client = await join();
    const foreign = { Origin: "https://evil.example", "Content-Type": "text/plain" };
    const post = await api("/api/messages", {
      method: "POST",
      headers: foreign,
      body: JSON.stringify({ clientId: "evil-1", author: "mallory", text: "hi" }),
    });
    expect(post.status).toBe(403);
    expect(post.response.headers.get("access-control-allow-origin")).toBeNull();
    expect((post.body as { error: string }).error).toBe(
      "[@lifeline/demo] The backend refused a request from origin https://evil.example. Only pages on http://127.0.0.1:5173 or http://localhost:5173 may call it: open the app there.",
    );
    expect((await api("/api/faults/drop", { method: "POST", headers: foreign })).status).toBe(403);
    expect((await api("/__chaos/broadcast", { method: "POST", headers: foreign, body: "pwned" })).status).toBe(403);
    expect((await api("/__chaos/drop", { method: "POST", headers: foreign })).status).toBe(403);
    await roundTrip(client);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    expect(client.received).toEqual(["pong"]);
    expect(await history()).toEqual([]);
  });

  it("serves the origins it is given instead of the default", async () => {
    await backend.stop();
    backend = await startBackend({ port: 0, allowedOrigins: ["http://127.0.0.1:4173"] });
    const app = await api("/api/faults", { headers: { Origin: "http://127.0.0.1:4173" } });
    expect([app.status, app.response.headers.get("access-control-allow-origin")]).toEqual([
      200,
      "http://127.0.0.1:4173",
    ]);
    expect((await api("/__chaos/stats", { headers: { Origin: "http://127.0.0.1:4173" } })).status).toBe(200);
    expect((await api("/api/faults", { headers: { Origin: "http://127.0.0.1:5173" } })).status).toBe(403);
    expect((await api("/__chaos/stats", { headers: { Origin: "http://127.0.0.1:5173" } })).status).toBe(403);
  });

  it("answers an unknown route with 404 and names it", async () => {
    const unknown = await api("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: "[@lifeline/demo] No route GET /api/nothing-here. See apps/demo/server/backend.ts.",
    });
    const unknownFault = await api("/api/faults/meteor", { method: "POST" });
    expect(unknownFault.status).toBe(404);
    const faultByGet = await api("/api/faults/drop");
    expect(faultByGet.status).toBe(404);
    expect((faultByGet.body as { error: string }).error).toContain("GET /api/faults/drop");
    const deleteMessages = await api("/api/messages", { method: "DELETE" });
    expect(deleteMessages.status).toBe(404);
  });

  it("lists the faults", async () => {
    const { status, body } = await api("/api/faults");
    expect(status).toBe(200);
    expect((body as { faults: string[] }).faults).toEqual(
      expect.arrayContaining(["drop", "token-expiry", "sign-out", "reject", "reset"]),
    );
  });

  it("keeps the chaos API of @lifeline/testing on the same port", async () => {
    await join();
    await join();
    const { status, body } = await api("/__chaos/attempts");
    expect(status).toBe(200);
    expect((body as { attempts: number[] }).attempts).toHaveLength(2);
  });
});

describe("the faults", () => {
  const fault = (path: string) => api(`/api/faults/${path}`, { method: "POST" });

  it('"token-expiry" closes open sockets with 4401; old tokens stop working, a new one works', async () => {
    const oldToken = await token();
    const first = connect({ token: oldToken });
    const second = connect({ token: oldToken });
    await Promise.all([first.opened, second.opened]);

    const { status, body } = await fault("token-expiry");
    expect(status).toBe(200);
    expect(body).toEqual({ fault: "token-expiry", closed: 2 });
    expect(await first.closed).toEqual({ code: 4401, reason: "token expired" });
    expect(await second.closed).toEqual({ code: 4401, reason: "token expired" });

    const withOld = connect({ token: oldToken });
    expect(await withOld.closed).toEqual({ code: 4401, reason: "token expired" });

    const withNew = connect({ token: await token() });
    await withNew.opened;
    await roundTrip(withNew);
    expect(withNew.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('"sign-out" closes sockets and makes /api/token answer 401 until /api/sign-in', async () => {
    const client = await join();
    const { status, body } = await fault("sign-out");
    expect(status).toBe(200);
    expect(body).toEqual({ fault: "sign-out", closed: 1 });
    expect(await client.closed).toEqual({ code: 4401, reason: "token expired" });

    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await api("/api/token", { method: "POST" });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: "[@lifeline/demo] Signed out. Sign in again." });
    }

    const signIn = await api("/api/sign-in", { method: "POST" });
    expect(signIn.status).toBe(200);
    const { token: signedIn } = signIn.body as { token: string };
    expect(signedIn).toEqual(expect.any(String));
    const back = connect({ token: signedIn });
    await back.opened;
    await roundTrip(back);

    expect(await token()).not.toBe(signedIn);
  });

  it('"drop?tab=x" drops only that tab\'s connection, which sees 1006', async () => {
    const x = await join("x");
    const y = await join("y");
    const { status, body } = await fault("drop?tab=x");
    expect(status).toBe(200);
    expect(body).toEqual({ fault: "drop", dropped: 1 });
    expect((await x.closed).code).toBe(1006);

    await roundTrip(y);
    expect(y.socket.readyState).toBe(WebSocket.OPEN);
    await vi.waitFor(() => expect(backend.server.openConnections).toBe(1), WAIT);
  });

  it('"malformed" sends each connection three messages a page must not accept, and keeps it open', async () => {
    const x = await join("x");
    const y = await join("y");
    const { status, body } = await fault("malformed");
    expect(status).toBe(200);
    expect(body).toEqual({ fault: "malformed", messages: 3, connections: 2 });
    for (const client of [x, y]) {
      await roundTrip(client);
      const texts = client.received.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
      expect(texts).toEqual(
        expect.arrayContaining([expect.stringContaining('"text":42'), expect.stringContaining('"gossip"')]),
      );
      expect(client.received).toContain("{mallory: not json");
      expect(client.socket.readyState).toBe(WebSocket.OPEN);
    }
  });

  it('"drop" without a tab drops everyone', async () => {
    const x = await join("x");
    const y = await join("y");
    expect((await fault("drop")).body).toEqual({ fault: "drop", dropped: 2 });
    expect((await x.closed).code).toBe(1006);
    expect((await y.closed).code).toBe(1006);
  });

  it('"reject?status=418" answers 400 with what to use, and changes nothing', async () => {
    const client = await join();
    const { status, body } = await fault("reject?status=418");
    expect(status).toBe(400);
    expect(body).toEqual({ error: "[@lifeline/demo] reject takes ?status=401, 429 or 503, not 418." });
    await roundTrip(client);
    const next = await join();
    await roundTrip(next);
  });

  it('"refuse?status=429" refuses every handshake and answers a plain GET on the socket URL the same, until reset', async () => {
    const client = await join();
    const { status, body } = await fault("refuse?status=429");
    expect(status).toBe(200);
    expect(body).toEqual({ fault: "refuse", status: 429, retryAfterSeconds: 5, dropped: 1 });
    expect((await client.closed).code).toBe(1006);

    // Twice, so the refusal is not a count that one handshake used up.
    for (let round = 0; round < 2; round++) {
      const refused = connect({ token: await token() });
      const upgrade = await new Promise<number>((resolve) =>
        refused.socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0)),
      );
      expect(upgrade).toBe(429);
    }
    // What the page's probe asks: the http form of the socket URL, from the app's origin.
    const probe = await fetch(`${backend.httpUrl}/chat?tab=x&token=t`, {
      headers: { Origin: "http://127.0.0.1:5173" },
    });
    await probe.arrayBuffer();
    expect(probe.status).toBe(429);
    expect(probe.headers.get("retry-after")).toBe("5");
    expect(probe.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(probe.headers.get("access-control-expose-headers")).toBe("Retry-After");

    await fault("reset");
    const back = await join();
    await roundTrip(back);
  });

  it.each([
    ["401", null],
    ["403", null],
    ["404", null],
    ["503", 5],
  ])('"refuse?status=%s" answers the probe with that status (Retry-After %s)', async (code, retryAfter) => {
    expect((await fault(`refuse?status=${code}`)).body).toMatchObject({ status: Number(code) });
    const probe = await fetch(`${backend.httpUrl}/chat`);
    await probe.arrayBuffer();
    expect(probe.status).toBe(Number(code));
    expect(probe.headers.get("retry-after")).toBe(retryAfter === null ? null : String(retryAfter));
  });

  it('"refuse?status=426" answers 400 with what to use, and changes nothing', async () => {
    const { status, body } = await fault("refuse?status=426");
    expect(status).toBe(400);
    expect(body).toEqual({ error: "[@lifeline/demo] refuse takes ?status=401, 403, 404, 429 or 503, not 426." });
    await roundTrip(await join());
  });

  it('"reset" signs in again after "sign-out"', async () => {
    await fault("sign-out");
    expect((await api("/api/token", { method: "POST" })).status).toBe(401);
    expect((await fault("reset")).body).toEqual({ fault: "reset" });
    await join();
  });
});
