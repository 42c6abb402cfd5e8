// The fault-injecting server's HTTP control API, on the server's own port, so that a demo page, a shell or a test
// in another process can trigger the same faults as code. JSON in and out. Loopback is not enough protection: any
// page the developer opens can send requests to 127.0.0.1, so chaosAccess.ts decides who is served, before any
// handler runs, and CORS answers name the allowed origin, never `*`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChaosAccess, ChaosRefusal } from "./chaosAccess.js";
import { FaultArgumentError } from "./errors.js";
import { closeCode, closeReason, MAX_DELAY_MS, parseNumber, wholeNumber } from "./faultArguments.js";
import type { FaultyServer } from "./faultyServer.js";

/** Handles a request if its path is under `/__chaos`; returns whether it did. */
export type ChaosApi = (request: IncomingMessage, response: ServerResponse) => boolean;

/** One endpoint of the chaos HTTP API, as the CLI and the README list it. */
export interface ChaosEndpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** The query parameters, in the form `name=<meaning>`; `off` turns a policy off. */
  readonly query: string;
  readonly description: string;
}

/** Every endpoint of the chaos HTTP API. */
export const CHAOS_ENDPOINTS: readonly ChaosEndpoint[] = [
  { method: "POST", path: "/__chaos/drop", query: "", description: "Destroy every connection's TCP socket (1006)" },
  { method: "POST", path: "/__chaos/close", query: "code=&reason=", description: "Send a Close frame to everyone" },
  { method: "POST", path: "/__chaos/broadcast", query: "", description: "Send the request body to everyone" },
  {
    method: "POST",
    path: "/__chaos/rate-limit",
    query: "perSecond=&retryAfter=30 | off",
    description: "Close with 1008 above perSecond messages",
  },
  {
    method: "POST",
    path: "/__chaos/expire-sessions",
    query: "afterMs=&code=4401 | off",
    description: "Close with 4401/1008 after afterMs open",
  },
  {
    method: "POST",
    path: "/__chaos/restart",
    query: "refuseMs=0",
    description: "Close with 1012, refuse upgrades for refuseMs",
  },
  {
    method: "POST",
    path: "/__chaos/overload",
    query: "retryAfter=30&durationMs=0",
    description: "Close with 1013, and new connections for durationMs",
  },
  { method: "POST", path: "/__chaos/half-open", query: "", description: "Open connections go silent, TCP stays up" },
  { method: "POST", path: "/__chaos/hang", query: "count=1", description: "Never answer the next upgrades" },
  {
    method: "POST",
    path: "/__chaos/reject",
    query: "status=&count=1",
    description: "Answer the next upgrades with HTTP status",
  },
  {
    method: "POST",
    path: "/__chaos/refuse",
    query: "status=&retryAfter= | off",
    description: "Answer every upgrade, and plain GETs, with HTTP status",
  },
  {
    method: "POST",
    path: "/__chaos/idle-timeout",
    query: "ms= | off",
    description: "Terminate connections idle for ms",
  },
  {
    method: "POST",
    path: "/__chaos/max-payload",
    query: "bytes= | off",
    description: "Close with 1009 on a message over bytes",
  },
  { method: "POST", path: "/__chaos/reset", query: "", description: "Turn every policy off" },
  { method: "GET", path: "/__chaos/stats", query: "", description: "Open, accepted, upgrade attempts, messages" },
  {
    method: "GET",
    path: "/__chaos/attempts",
    query: "since=0",
    description: "Server-side times (Date.now()) of upgrade attempts after since",
  },
];

const MAX_BODY_BYTES = 1024 * 1024;

type Handler = (query: URLSearchParams, body: string) => object;

function integer(query: URLSearchParams, where: string, name: string, min: number, fallback?: number): number {
  const raw = query.get(name);
  if (raw === null) {
    if (fallback !== undefined) return fallback;
    throw new FaultArgumentError(`[@lifeline/testing] ${where}: ${name} is missing. Add ?${name}=<number> to the URL.`);
  }
  return wholeNumber(where, name, parseNumber(raw), min, MAX_DELAY_MS);
}

function handlers(server: FaultyServer): Record<string, Handler> {
  return {
    "/__chaos/drop": () => ({ dropped: server.dropAll() }),
    "/__chaos/close": (query) => {
      const where = "/__chaos/close";
      const rawCode = query.get("code");
      const code = rawCode === null ? undefined : closeCode(where, "code", parseNumber(rawCode));
      const reason = query.get("reason") ?? undefined;
      if (reason !== undefined) closeReason(where, "reason", reason);
      if (reason && code === undefined) {
        throw new FaultArgumentError(
          `[@lifeline/testing] ${where}: a reason needs a code. Add ?code=<code> to the URL.`,
        );
      }
      return { closed: server.closeAll(code, reason) };
    },
    "/__chaos/broadcast": (_query, body) => ({ sent: server.broadcast(body) }),
    "/__chaos/rate-limit": (query) => {
      const where = "/__chaos/rate-limit";
      const policy = query.has("off")
        ? null
        : {
            messagesPerSecond: integer(query, where, "perSecond", 1),
            retryAfterSeconds: integer(query, where, "retryAfter", 0, 30),
          };
      server.rateLimit(policy);
      return { rateLimit: policy };
    },
    "/__chaos/expire-sessions": (query) => {
      const where = "/__chaos/expire-sessions";
      const policy = query.has("off")
        ? null
        : { afterMs: integer(query, where, "afterMs", 0), code: integer(query, where, "code", 0, 4401) as 1008 | 4401 };
      server.expireSessions(policy);
      return { expireSessions: policy };
    },
    "/__chaos/restart": (query) => {
      const refuseMs = integer(query, "/__chaos/restart", "refuseMs", 0, 0);
      server.restart({ refuseMs });
      return { refuseMs };
    },
    "/__chaos/overload": (query) => {
      const retryAfterSeconds = integer(query, "/__chaos/overload", "retryAfter", 0, 30);
      const durationMs = integer(query, "/__chaos/overload", "durationMs", 0, 0);
      server.overload({ retryAfterSeconds, durationMs });
      return { retryAfterSeconds, durationMs };
    },
    "/__chaos/half-open": () => {
      const halfOpen = server.openConnections;
      server.halfOpen();
      return { halfOpen };
    },
    "/__chaos/hang": (query) => {
      const count = integer(query, "/__chaos/hang", "count", 1, 1);
      server.hangNext(count);
      return { hang: count };
    },
    "/__chaos/reject": (query) => {
      const status = integer(query, "/__chaos/reject", "status", 200);
      const count = integer(query, "/__chaos/reject", "count", 1, 1);
      server.rejectNext(status, count);
      return { status, count };
    },
    "/__chaos/refuse": (query) => {
      const where = "/__chaos/refuse";
      const policy = query.has("off")
        ? null
        : {
            status: integer(query, where, "status", 200),
            retryAfterSeconds: query.has("retryAfter") ? integer(query, where, "retryAfter", 0) : null,
          };
      server.refuseUpgrades(policy);
      return { refuse: policy };
    },
    "/__chaos/idle-timeout": (query) => {
      const ms = query.has("off") ? null : integer(query, "/__chaos/idle-timeout", "ms", 1);
      server.idleTimeout(ms);
      return { idleTimeoutMs: ms };
    },
    "/__chaos/max-payload": (query) => {
      const bytes = query.has("off") ? null : integer(query, "/__chaos/max-payload", "bytes", 1);
      server.maxPayload(bytes);
      return { maxPayload: bytes };
    },
    "/__chaos/reset": () => {
      server.reset();
      return {};
    },
    "/__chaos/stats": () => server.stats(),
    // Measured where the attempts land, so a test in another process can check a client's schedule against the
    // server's clock instead of its own.
    "/__chaos/attempts": (query) => {
      // A wall-clock time, far above the delay cap the other parameters share.
      const raw = query.get("since");
      const since =
        raw === null ? 0 : wholeNumber("/__chaos/attempts", "since", parseNumber(raw), 0, Number.MAX_SAFE_INTEGER);
      return { attempts: server.upgradeAttempts.filter((at) => at > since) };
    },
  };
}

function send(response: ServerResponse, status: number, body: object, headers: Record<string, string>): void {
  response
    .writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers })
    .end(JSON.stringify(body));
}

function refuse(response: ServerResponse, refusal: ChaosRefusal): void {
  send(response, refusal.status, { error: refusal.error }, { ...refusal.headers });
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Creates the request handler of the chaos HTTP API for `server`, serving only whom `access` allows. */
export function createChaosApi(server: FaultyServer, access: ChaosAccess): ChaosApi {
  const routes = handlers(server);
  const methods = new Map(CHAOS_ENDPOINTS.map((endpoint) => [endpoint.path, endpoint.method]));

  async function answer(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    // First, before the body is read or a handler runs: a simple POST from a foreign page arrives with no
    // preflight, and refusing it here is all that keeps it from acting.
    const foreign = access.checkOrigin(request);
    if (foreign) return refuse(response, foreign);
    const cors = access.corsHeaders(request);
    if (request.method === "OPTIONS") {
      // Browsers never send credentials in a preflight, so it needs no token; the request that follows does.
      response
        .writeHead(204, {
          ...cors,
          "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
          "Access-Control-Allow-Headers": "Authorization, Content-Type",
          "Access-Control-Max-Age": "600",
        })
        .end();
      return;
    }
    const unauthorized = access.checkToken(request, url);
    if (unauthorized) return refuse(response, unauthorized);
    if (url.pathname === "/__chaos" || url.pathname === "/__chaos/") {
      return send(response, 200, { endpoints: CHAOS_ENDPOINTS }, cors);
    }
    const route = routes[url.pathname];
    const method = methods.get(url.pathname);
    if (!route || !method) {
      return send(
        response,
        404,
        { error: `[@lifeline/testing] There is no chaos endpoint ${url.pathname}. GET /__chaos lists them all.` },
        cors,
      );
    }
    if (request.method !== method) {
      return send(
        response,
        405,
        {
          error: `[@lifeline/testing] ${url.pathname} takes ${method}, not ${request.method}. Send a ${method} request.`,
        },
        { ...cors, Allow: `${method}, OPTIONS` },
      );
    }
    const body = await readBody(request);
    if (body === null) {
      return send(
        response,
        413,
        {
          error: `[@lifeline/testing] ${url.pathname}: the body is over ${MAX_BODY_BYTES} bytes. Send a smaller message.`,
        },
        cors,
      );
    }
    try {
      send(response, 200, { ok: true, ...route(url.searchParams, body) }, cors);
    } catch (error) {
      if (!(error instanceof FaultArgumentError)) throw error;
      send(response, 400, { error: error.message }, cors);
    }
  }

  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/__chaos" && !url.pathname.startsWith("/__chaos/")) return false;
    answer(request, response, url).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        send(
          response,
          500,
          { error: `[@lifeline/testing] ${url.pathname} failed: ${message}. This is a bug; please report it.` },
          access.corsHeaders(request),
        );
      } else response.destroy();
    });
    return true;
  };
}
