import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { CHAOS_ENDPOINTS } from "./chaosApi.js";
import { FaultArgumentError } from "./errors.js";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

// Each test calls the control API over real HTTP, as a demo page or a shell would, and watches a real `ws` client.

let server: FaultyServer;
afterEach(async () => {
  await server?.stop();
});

function control(path: string, init: RequestInit = { method: "POST" }) {
  return fetch(`http://127.0.0.1:${server.port}${path}`, init);
}

function watch(url: string) {
  const client = new WebSocket(url);
  const messages: string[] = [];
  client.addEventListener("message", (event) => messages.push(String(event.data)));
  client.addEventListener("error", () => {});
  const opened = new Promise((resolve) => client.addEventListener("open", resolve));
  const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) => {
    client.addEventListener("close", (event) =>
      resolve({ code: event.code, reason: event.reason, wasClean: event.wasClean }),
    );
  });
  return { client, messages, opened, closed };
}

describe("the chaos HTTP API", () => {
  it("drops every connection on POST /__chaos/drop and says how many", async () => {
    server = await startFaultyServer();
    const { opened, closed } = watch(server.url);
    await opened;
    const response = await control("/__chaos/drop");
    expect(response.status).toBe(200);
    // No Origin, no browser: nothing to allow.
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ ok: true, dropped: 1 });
    expect(await closed).toMatchObject({ code: 1006, wasClean: false });
  });

  it("closes with the code and reason from the query on POST /__chaos/close", async () => {
    server = await startFaultyServer();
    const { opened, closed } = watch(server.url);
    await opened;
    const response = await control(`/__chaos/close?code=4000&reason=${encodeURIComponent("bye now")}`);
    expect(await response.json()).toEqual({ ok: true, closed: 1 });
    expect(await closed).toEqual({ code: 4000, reason: "bye now", wasClean: true });
  });

  it("turns the rate limit on and off over HTTP", async () => {
    server = await startFaultyServer();
    const on = await control("/__chaos/rate-limit?perSecond=2&retryAfter=9");
    expect(await on.json()).toEqual({ ok: true, rateLimit: { messagesPerSecond: 2, retryAfterSeconds: 9 } });
    const limited = watch(server.url);
    await limited.opened;
    for (const message of ["a", "b", "c"]) limited.client.send(message);
    expect(await limited.closed).toEqual({ code: 1008, reason: "rate limit exceeded; retry-after=9", wasClean: true });

    const off = await control("/__chaos/rate-limit?off");
    expect(await off.json()).toEqual({ ok: true, rateLimit: null });
    const free = watch(server.url);
    await free.opened;
    for (const message of ["a", "b", "c"]) free.client.send(message);
    await vi.waitFor(() => expect(free.messages).toEqual(["a", "b", "c"]), { timeout: 5000 });
    free.client.close();
  });

  it("limits the message size over HTTP, refuses a bad size with 400, and lifts the limit with ?off", async () => {
    server = await startFaultyServer();
    const on = await control("/__chaos/max-payload?bytes=4");
    expect(await on.json()).toEqual({ ok: true, maxPayload: 4 });
    const limited = watch(server.url);
    await limited.opened;
    limited.client.send("12345");
    expect(await limited.closed).toEqual({ code: 1009, reason: "", wasClean: true });

    const bad = await control("/__chaos/max-payload?bytes=0");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^\[@lifeline\/testing\] \/__chaos\/max-payload: bytes is 0/);

    const off = await control("/__chaos/max-payload?off");
    expect(await off.json()).toEqual({ ok: true, maxPayload: null });
    const free = watch(server.url);
    await free.opened;
    free.client.send("12345");
    await vi.waitFor(() => expect(free.messages).toEqual(["12345"]), { timeout: 5000 });
    free.client.close();
  });

  it("broadcasts the request body", async () => {
    server = await startFaultyServer();
    const { client, messages, opened } = watch(server.url);
    await opened;
    const response = await control("/__chaos/broadcast", { method: "POST", body: '{"type":"news"}' });
    expect(await response.json()).toEqual({ ok: true, sent: 1 });
    await vi.waitFor(() => expect(messages).toEqual(['{"type":"news"}']), { timeout: 5000 });
    client.close();
  });

  it("reports stats on GET /__chaos/stats", async () => {
    server = await startFaultyServer();
    const { client, messages, opened } = watch(server.url);
    await opened;
    client.send("one");
    await vi.waitFor(() => expect(messages).toHaveLength(1), { timeout: 5000 });
    const response = await control("/__chaos/stats", { method: "GET" });
    expect(await response.json()).toEqual({
      ok: true,
      openConnections: 1,
      acceptedConnections: 1,
      upgradeAttempts: 1,
      receivedMessages: 1,
      oversizedMessages: 0,
    });
    client.close();
  });

  it("lists upgrade attempts, on the server's clock, after ?since=", async () => {
    server = await startFaultyServer();
    const first = watch(server.url);
    await first.opened;
    const between = Date.now();
    server.rejectNext(503);
    const rejected = watch(server.url);
    await vi.waitFor(() => expect(server?.upgradeAttempts).toHaveLength(2), { timeout: 5000 });
    const all = (await (await control("/__chaos/attempts", { method: "GET" })).json()) as { attempts: number[] };
    expect(all.attempts).toEqual(server.upgradeAttempts);
    const since = await control(`/__chaos/attempts?since=${between}`, { method: "GET" });
    expect(await since.json()).toEqual({ ok: true, attempts: server.upgradeAttempts.filter((at) => at > between) });
    const bad = await control("/__chaos/attempts?since=yesterday", { method: "GET" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/since is "yesterday"/);
    first.client.close();
    rejected.client.close();
  });

  it.each([
    ["/__chaos/rate-limit?perSecond=abc", /perSecond is "abc"\. Use a whole number from 1/],
    ["/__chaos/rate-limit", /perSecond is missing\. Add \?perSecond=<number>/],
    ["/__chaos/close?code=1006", /code is 1006, which a server cannot send/],
    ["/__chaos/close?reason=why", /a reason needs a code/],
    ["/__chaos/expire-sessions?afterMs=100&code=4000", /expireSessions: code is 4000\. Use 4401/],
    ["/__chaos/idle-timeout?ms=-5", /ms is -5/],
    ["/__chaos/reject?status=101", /status is 101/],
    ["/__chaos/hang?count=0", /count is 0/],
  ])("answers %s with 400 and a message that says what to do", async (path, message) => {
    server = await startFaultyServer();
    const response = await control(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/^\[@lifeline\/testing\] /);
    expect(body.error).toMatch(message);
  });

  it("answers an unknown path with 404 and a wrong method with 405", async () => {
    server = await startFaultyServer();
    const missing = await control("/__chaos/meltdown");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: "[@lifeline/testing] There is no chaos endpoint /__chaos/meltdown. GET /__chaos lists them all.",
    });
    const wrongMethod = await control("/__chaos/drop", { method: "GET" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("answers a CORS preflight, and leaves paths outside /__chaos to the WebSocket server", async () => {
    server = await startFaultyServer();
    const preflight = await control("/__chaos/drop", {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:5173", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    const other = await control("/chaos", { method: "GET" });
    expect(other.status).toBe(426);
  });

  it("lists every endpoint on GET /__chaos, and each one answers 200 with its documented method", async () => {
    server = await startFaultyServer();
    const listing = await control("/__chaos", { method: "GET" });
    expect(await listing.json()).toEqual({ endpoints: CHAOS_ENDPOINTS });
    const valid: Record<string, string> = {
      "/__chaos/rate-limit": "?perSecond=5",
      "/__chaos/expire-sessions": "?afterMs=1000",
      "/__chaos/reject": "?status=503",
      "/__chaos/refuse": "?status=503",
      "/__chaos/idle-timeout": "?ms=1000",
      "/__chaos/max-payload": "?bytes=1024",
    };
    for (const endpoint of CHAOS_ENDPOINTS) {
      const response = await control(`${endpoint.path}${valid[endpoint.path] ?? ""}`, { method: endpoint.method });
      expect([endpoint.path, response.status]).toEqual([endpoint.path, 200]);
    }
  });

  it("applies the faults it is asked for: restart, overload, half-open, hang, reject, expiry, idle, reset", async () => {
    server = await startFaultyServer();
    const first = watch(server.url);
    await first.opened;
    await control("/__chaos/restart?refuseMs=0");
    expect(await first.closed).toMatchObject({ code: 1012, reason: "service restart" });

    const second = watch(server.url);
    await second.opened;
    await control("/__chaos/overload?retryAfter=3");
    expect(await second.closed).toMatchObject({ code: 1013, reason: "overloaded; retry-after=3" });

    await control("/__chaos/expire-sessions?afterMs=30&code=1008");
    expect(await watch(server.url).closed).toMatchObject({ code: 1008, reason: "token expired" });
    await control("/__chaos/expire-sessions?off");

    await control("/__chaos/idle-timeout?ms=50");
    expect(await watch(server.url).closed).toMatchObject({ code: 1006, wasClean: false });
    await control("/__chaos/reset");

    const silent = watch(server.url);
    await silent.opened;
    expect(await (await control("/__chaos/half-open")).json()).toEqual({ ok: true, halfOpen: 1 });
    silent.client.send("hello?");

    await control("/__chaos/reject?status=429");
    const rejected = watch(server.url);
    expect(await rejected.closed).toMatchObject({ code: 1006 });

    await control("/__chaos/refuse?status=503&retryAfter=5");
    const refused = await fetch(`http://127.0.0.1:${server.port}/chat`);
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([503, "5"]);
    expect(await watch(server.url).closed).toMatchObject({ code: 1006 });
    expect(await (await control("/__chaos/refuse?off")).json()).toEqual({ ok: true, refuse: null });
    expect((await fetch(`http://127.0.0.1:${server.port}/chat`)).status).toBe(426);

    await control("/__chaos/hang");
    const hung = watch(server.url);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(hung.client.readyState).toBe(WebSocket.CONNECTING);
    expect(silent.messages).toEqual([]);
    expect(silent.client.readyState).toBe(WebSocket.OPEN);
    silent.client.terminate();
    hung.client.terminate();
  });
});

describe("who may call the chaos HTTP API", () => {
  // Issue 13 §5: with `Access-Control-Allow-Origin: *` any web page the developer opened could broadcast into their
  // running app. CORS only hides answers; a simple POST still arrives, so the server must refuse it itself.
  it("refuses a simple POST /__chaos/broadcast from a page on another origin with 403, and broadcasts nothing", async () => {
    server = await startFaultyServer();
    const { client, messages, opened } = watch(server.url);
    await opened;
    // What a form post from https://evil.example sends: no preflight, so nothing in the browser stops it.
    const foreign = await control("/__chaos/broadcast", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "pwned",
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect((await foreign.json()).error).toBe(
      '[@lifeline/testing] The chaos API refused a request from origin https://evil.example. If that page is yours, allow it: startFaultyServer({ chaosApi: { allowedOrigins: ["https://evil.example"] } }), or lifeline-chaos --allow-origin https://evil.example.',
    );
    // Messages arrive in order on one connection: once the allowed one is in, the refused one would have been too.
    const allowed = await control("/__chaos/broadcast", { method: "POST", body: "news" });
    expect(await allowed.json()).toEqual({ ok: true, sent: 1 });
    await vi.waitFor(() => expect(messages).toEqual(["news"]), { timeout: 5000 });
    client.close();
  });

  it("refuses every endpoint and its preflight to a foreign origin, before any fault runs", async () => {
    server = await startFaultyServer();
    const { client, opened } = watch(server.url);
    await opened;
    const headers = { Origin: "http://localhost:6006" };
    for (const endpoint of CHAOS_ENDPOINTS) {
      const response = await control(`${endpoint.path}?status=503&count=5&code=4000&perSecond=1`, {
        method: endpoint.method,
        headers,
      });
      expect([endpoint.path, response.status]).toEqual([endpoint.path, 403]);
      const preflight = await control(endpoint.path, {
        method: "OPTIONS",
        headers: { ...headers, "Access-Control-Request-Method": endpoint.method },
      });
      expect([endpoint.path, preflight.status, preflight.headers.get("access-control-allow-origin")]).toEqual([
        endpoint.path,
        403,
        null,
      ]);
    }
    expect((await control("/__chaos", { method: "GET", headers })).status).toBe(403);
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(server.stats()).toMatchObject({ openConnections: 1, acceptedConnections: 1, upgradeAttempts: 1 });
    // No rejection, refusal or hang was queued: the next client gets in.
    const next = watch(server.url);
    await next.opened;
    client.close();
    next.client.close();
  });

  it("refuses a browser's request from another site that carries no Origin, such as an <img>", async () => {
    server = await startFaultyServer();
    const response = await control("/__chaos/stats", { method: "GET", headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/cross-site browser request without an Origin header/);
    const typed = await control("/__chaos/stats", { method: "GET", headers: { "Sec-Fetch-Site": "none" } });
    expect(typed.status).toBe(200);
  });

  it("serves the demo's origin by default, naming it in Access-Control-Allow-Origin, never *", async () => {
    server = await startFaultyServer();
    for (const origin of ["http://127.0.0.1:5173", "http://localhost:5173"]) {
      const response = await control("/__chaos/stats", { method: "GET", headers: { Origin: origin } });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("vary")).toBe("Origin");
    }
  });

  it("serves the origins it is given instead of the default, or those a function picks", async () => {
    server = await startFaultyServer({ chaosApi: { allowedOrigins: ["http://app.test:3000"] } });
    const allowed = await control("/__chaos/drop", { method: "POST", headers: { Origin: "http://app.test:3000" } });
    expect([allowed.status, allowed.headers.get("access-control-allow-origin")]).toEqual([200, "http://app.test:3000"]);
    const formerDefault = await control("/__chaos/drop", {
      method: "POST",
      headers: { Origin: "http://127.0.0.1:5173" },
    });
    expect(formerDefault.status).toBe(403);
    await server.stop();

    server = await startFaultyServer({
      chaosApi: { allowedOrigins: (origin) => new URL(origin).hostname === "127.0.0.1" },
    });
    const anyPort = await control("/__chaos/drop", { method: "POST", headers: { Origin: "http://127.0.0.1:61234" } });
    expect([anyPort.status, anyPort.headers.get("access-control-allow-origin")]).toEqual([
      200,
      "http://127.0.0.1:61234",
    ]);
    const other = await control("/__chaos/drop", { method: "POST", headers: { Origin: "http://localhost:61234" } });
    expect(other.status).toBe(403);
    // new URL("null") throws: a sandboxed frame's origin is refused, on the API and on the socket path alike.
    const sandboxed = await control("/__chaos/drop", { method: "POST", headers: { Origin: "null" } });
    expect(sandboxed.status).toBe(403);
    const probe = await control("/chat", { method: "GET", headers: { Origin: "null" } });
    expect([probe.status, probe.headers.get("access-control-allow-origin")]).toEqual([426, null]);
  });

  it("refuses a request without the token with 401 when there is one, and does nothing", async () => {
    server = await startFaultyServer({ chaosApi: { token: "s3cret-token" } });
    const { client, opened, closed } = watch(server.url);
    await opened;
    const missing = await control("/__chaos/drop");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="lifeline-chaos"');
    expect((await missing.json()).error).toBe(
      "[@lifeline/testing] The chaos API needs its token. Send Authorization: Bearer <token>, or add ?token=<token> to the URL; lifeline-chaos prints the token at start.",
    );
    const wrong = await control("/__chaos/drop", { method: "POST", headers: { Authorization: "Bearer guess" } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatch(/token does not match/);
    // An allowed page needs it too, and can read why it was refused.
    const page = await control("/__chaos/drop", { method: "POST", headers: { Origin: "http://127.0.0.1:5173" } });
    expect([page.status, page.headers.get("access-control-allow-origin")]).toEqual([401, "http://127.0.0.1:5173"]);
    expect(client.readyState).toBe(WebSocket.OPEN);

    const listing = await control("/__chaos?token=s3cret-token", { method: "GET" });
    expect(listing.status).toBe(200);
    const dropped = await control("/__chaos/drop", {
      method: "POST",
      headers: { Authorization: "Bearer s3cret-token" },
    });
    expect(await dropped.json()).toEqual({ ok: true, dropped: 1 });
    expect(await closed).toMatchObject({ code: 1006 });
  });

  it("answers an allowed preflight without the token, since browsers send none in it", async () => {
    server = await startFaultyServer({ chaosApi: { token: "s3cret-token" } });
    const preflight = await control("/__chaos/drop", {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
  });

  it.each([
    [
      { allowedOrigins: ["http://127.0.0.1:5173/"] },
      /allowedOrigins has "http:\/\/127\.0\.0\.1:5173\/", which is not an origin\..*: "http:\/\/127\.0\.0\.1:5173"\.$/,
    ],
    [{ allowedOrigins: ["127.0.0.1:5173"] }, /allowedOrigins has "127\.0\.0\.1:5173", which is not an origin/],
    [{ allowedOrigins: ["null"] }, /allowedOrigins has "null", which is not an origin/],
    [{ token: "" }, /chaosApi\.token is ""\. Use a non-empty string/],
    [{ token: "two words" }, /chaosApi\.token is "two words"/],
  ])("refuses the chaosApi option %j with a message that says what to do", async (chaosApi, message) => {
    const attempt = startFaultyServer({ chaosApi });
    await expect(attempt).rejects.toThrow(FaultArgumentError);
    await expect(attempt).rejects.toThrow(message);
  });
});
