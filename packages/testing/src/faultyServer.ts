/**
 * A real WebSocket server on loopback that misbehaves on command, for tests that must see what a network does.
 * Every fault can be triggered from code and over the HTTP control API on the same port (chaosApi.ts).
 *
 * Faults on open connections:
 * - `closeAll(code, reason)`: a proper Close frame, as a server that rejects or restarts sends it.
 * - `dropAll()`: destroys the TCP connections with no Close frame, as a crash or a pulled cable does. Clients see 1006.
 * - `rateLimit({ messagesPerSecond, retryAfterSeconds })`: more than N messages within any 1 s window closes that
 *   connection with 1008 `rate limit exceeded; retry-after=<s>`.
 * - `expireSessions({ afterMs, code })`: closes each connection with 4401 (or 1008) `token expired` once it has been
 *   open `afterMs`, as a server does when the token it accepted runs out.
 * - `restart({ refuseMs })`: 1012 `service restart` to everyone, then every upgrade fails at the TCP level for
 *   `refuseMs`, as while a server process is down.
 * - `overload({ retryAfterSeconds, durationMs })`: 1013 `overloaded; retry-after=<s>` to everyone, and to every new
 *   connection for `durationMs`.
 * - `halfOpen()`: the open connections go silent (nothing read, nothing sent) while TCP stays up, as a frozen
 *   process or a dead NAT entry looks. Only a heartbeat finds that.
 * - `idleTimeout(ms)`: terminates, without a Close frame, any connection with no byte either way for `ms`, as nginx
 *   (60 s), AWS ALB (60 s) or Heroku (55 s) do in front of a server.
 * - `maxPayload(bytes)` (or the `maxPayload` option): a message over `bytes` closes that connection with 1009 and no
 *   reason, as `ws` does with its own `maxPayload`. The message is not passed on, echoed or counted as received;
 *   `stats().oversizedMessages` counts it.
 * Faults on the handshake:
 * - `rejectNext(status, count)`: answers the next upgrades with an HTTP status instead of 101 (401, 429, 503...).
 *   Browsers report that as 1006, before any open.
 * - `refuseUpgrades({ status, retryAfterSeconds })`: answers every upgrade with that status (and `Retry-After` with
 *   a 429 or a 503) until `refuseUpgrades(null)`; `rejectNext` and `hangNext` counts go first.
 * - `hangNext(count)`: the next upgrades get no answer at all until `stop()`; clients stay CONNECTING.
 * Plain HTTP on the socket path (any path that is not `/__chaos/` and that `onRequest` leaves): while upgrades are
 * refused with a status, a GET or HEAD gets that status and `Retry-After` too, so a client can probe for what the
 * browser hid, and the probe uses up no `rejectNext`. Otherwise it gets 426 Upgrade Required. During `restart()`'s
 * `refuseMs` it fails at the TCP level, as the upgrades do. Allowed origins get `Access-Control-Allow-Origin`,
 * `Access-Control-Expose-Headers: Retry-After` and `Vary: Origin` (upgradeRefusal.ts).
 *
 * Who may use the control API: the `chaosApi` option (chaosAccess.ts). A request whose `Origin` is not allowed is
 * refused with 403 before it does anything; with a `token`, every request needs it, with or without an Origin.
 *
 * To add a fault: give `FaultyServer` a method that acts on `connections` (see faultyConnection.ts for faults that
 * live on one connection) or on the upgrade path in `handleUpgrade`, check its arguments with faultArguments.ts,
 * make `reset()` turn it off, add an endpoint to `CHAOS_ENDPOINTS` and its handler in chaosApi.ts, describe it in
 * this list and in the README, and cover it in faultyServer.test.ts with a real `ws` client.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { type ChaosApiOptions, createChaosAccess } from "./chaosAccess.js";
import { type ChaosApi, createChaosApi } from "./chaosApi.js";
import { FaultArgumentError } from "./errors.js";
import { closeCode, closeReason, MAX_DELAY_MS, WS_MAX_PAYLOAD_BYTES, wholeNumber } from "./faultArguments.js";
import { type FaultyConnection, trackConnection } from "./faultyConnection.js";
import {
  answerPlainRequest,
  checkRefusalPolicy,
  type Refusal,
  type UpgradeRefusalPolicy,
  upgradeRejection,
} from "./upgradeRefusal.js";

/** Options of `startFaultyServer`. */
export interface FaultyServerOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** The address to listen on. Anything but loopback exposes the faults to the network. @default "127.0.0.1" */
  readonly host?: string;
  /** Send every text and binary message back to the connection it came from. @default true */
  readonly echo?: boolean;
  /** Called with every text message a client sends, before the echo. */
  readonly onMessage?: (data: string, socket: WebSocket) => void;
  /** Called with each accepted connection and its upgrade request, e.g. to read a token from the URL. */
  readonly onConnection?: (socket: WebSocket, request: IncomingMessage) => void;
  /**
   * The largest message a client may send, in bytes; a larger one closes its connection with 1009, as `ws`'s own
   * `maxPayload` does. `maxPayload(bytes)` changes it while running, and `reset()` goes back to this value.
   * @default null (no limit below ws's own 100 MiB)
   */
  readonly maxPayload?: number | null;
  /**
   * Serves the app's own HTTP routes beside the socket, as a real backend does; return `true` for a request it
   * answered. `/__chaos/` stays the control API's. Its answers and their CORS headers are the app's own: the
   * `chaosApi` option does not apply to them.
   */
  readonly onRequest?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /**
   * Who may use the HTTP control API: the browser origins allowed (Vite's dev server on 5173 by default) and an
   * optional token that everyone must send. A page on any other origin is refused with 403, simple POSTs included.
   * @default { allowedOrigins: ["http://127.0.0.1:5173", "http://localhost:5173"], token: null }
   */
  readonly chaosApi?: ChaosApiOptions;
}

/** A rate limit: more than `messagesPerSecond` messages within any 1 s window close the connection with 1008. */
export interface RateLimitPolicy {
  readonly messagesPerSecond: number;
  /** The hint in the close reason, `retry-after=<s>`. @default 30 */
  readonly retryAfterSeconds?: number;
}

/** Session expiry: each connection is closed with `code` and "token expired" once it has been open `afterMs`. */
export interface SessionExpiryPolicy {
  readonly afterMs: number;
  /** @default 4401 */
  readonly code?: 1008 | 4401;
}

/** What `restart()` does after closing everyone with 1012. */
export interface RestartOptions {
  /** How long every upgrade is refused at the TCP level after the 1012 closes. @default 0 */
  readonly refuseMs?: number;
}

/** The hint and the duration of an `overload()`. */
export interface OverloadOptions {
  /** The hint in the close reason, `retry-after=<s>`. @default 30 */
  readonly retryAfterSeconds?: number;
  /** How long new connections are accepted and then closed with 1013 too. @default 0 */
  readonly durationMs?: number;
}

/** Counters since the start, from `stats()` and `GET /__chaos/stats`. */
export interface FaultyServerStats {
  readonly openConnections: number;
  readonly acceptedConnections: number;
  readonly upgradeAttempts: number;
  readonly receivedMessages: number;
  /** Messages refused by `maxPayload`, each of which closed its connection with 1009. */
  readonly oversizedMessages: number;
}

/** A running fault-injecting server, from `startFaultyServer`. Every fault is a method; the file header lists them. */
export interface FaultyServer {
  /** `ws://127.0.0.1:<port>` (or the `host` option) */
  readonly url: string;
  readonly port: number;
  /** Connections open now, half-open ones included. */
  readonly openConnections: number;
  /** Upgrades accepted since the start, rejected ones not included. */
  readonly acceptedConnections: number;
  /** `Date.now()` of every upgrade request since the start, refused, rejected and hung ones included. */
  readonly upgradeAttempts: readonly number[];
  /** Resolves with the oldest open connection no caller has claimed yet, or else the next one accepted. */
  nextConnection(): Promise<WebSocket>;
  /** Sends a Close frame to every answering connection; returns how many. No code means the client sees 1005. */
  closeAll(code?: number, reason?: string): number;
  /** Destroys every connection's TCP socket, half-open ones included; returns how many. Clients see 1006. */
  dropAll(): number;
  /** Sends `data` to every answering connection, or to those `to` picks; returns how many. */
  broadcast(data: string | Buffer, to?: (socket: WebSocket) => boolean): number;
  /** Answers the next `count` upgrade requests with HTTP `status` instead of 101. */
  rejectNext(status: number, count?: number): void;
  /**
   * Answers every upgrade with HTTP `status` instead of 101, and plain GETs of the socket path with it too, until
   * `refuseUpgrades(null)`.
   */
  refuseUpgrades(policy: UpgradeRefusalPolicy | null): void;
  /** Gives the next `count` upgrade requests no answer at all, until `stop()`. */
  hangNext(count?: number): void;
  /** Turns the rate limit on, or off with `null`. */
  rateLimit(policy: RateLimitPolicy | null): void;
  /** Turns session expiry on for open and new connections, or off with `null`. */
  expireSessions(policy: SessionExpiryPolicy | null): void;
  /** Closes everyone with 1012, then refuses upgrades for `refuseMs`. */
  restart(options?: RestartOptions): void;
  /** Closes everyone with 1013 and a retry hint, and new connections too for `durationMs`. */
  overload(options?: OverloadOptions): void;
  /** Makes every open connection silent while its TCP connection stays up. New connections are normal. */
  halfOpen(): void;
  /** Terminates connections idle for `ms` in both directions, or stops doing so with `null`. */
  idleTimeout(ms: number | null): void;
  /** Closes with 1009 any connection, open or new, that sends a message over `bytes`; `null` lifts the limit. */
  maxPayload(bytes: number | null): void;
  /**
   * Turns every policy above off, and puts `maxPayload` back to the option's value. Open, half-open and hung
   * connections stay as they are.
   */
  reset(): void;
  stats(): FaultyServerStats;
  /** Stops listening and destroys every connection, hung handshakes included. */
  stop(): Promise<void>;
}

function checkMaxPayload(where: string, name: string, bytes: number | null): number | null {
  return bytes === null ? null : wholeNumber(where, name, bytes, 1, WS_MAX_PAYLOAD_BYTES);
}

/** Starts a fault-injecting WebSocket server on 127.0.0.1, with its HTTP control API under `/__chaos/`. */
export async function startFaultyServer(options: FaultyServerOptions = {}): Promise<FaultyServer> {
  const host = options.host ?? "127.0.0.1";
  const initialMaxPayload = checkMaxPayload("startFaultyServer", "maxPayload", options.maxPayload ?? null);
  const access = createChaosAccess(options.chaosApi);
  const wss = new WebSocketServer({ noServer: true });
  const connections = new Set<FaultyConnection>();
  const unclaimed: WebSocket[] = [];
  const waiting: Array<(socket: WebSocket) => void> = [];
  const upgradeAttempts: number[] = [];
  const hung = new Set<Socket>();
  const rejections: Refusal[] = [];
  let refusal: Refusal | null = null;
  let hangCount = 0;
  let accepted = 0;
  let receivedMessages = 0;
  let oversizedMessages = 0;
  let maxPayload = initialMaxPayload;
  let rateLimit: Required<RateLimitPolicy> | null = null;
  let expiry: Required<SessionExpiryPolicy> | null = null;
  let idleMs: number | null = null;
  let refusingUntil = 0;
  let overloadedUntil = 0;
  let overloadReason = "";
  let stopped: Promise<void> | null = null;

  const context = {
    echo: options.echo ?? true,
    onMessage: options.onMessage,
    maxPayload: () => maxPayload,
    rateLimit: () => rateLimit,
    received: () => void receivedMessages++,
    oversized: () => void oversizedMessages++,
  };

  function accept(socket: WebSocket, tcp: Socket, request: IncomingMessage) {
    accepted++;
    const connection = trackConnection(socket, tcp, context);
    connections.add(connection);
    socket.on("close", () => {
      connections.delete(connection);
      connection.dispose();
      const index = unclaimed.indexOf(socket);
      if (index >= 0) unclaimed.splice(index, 1);
    });
    connection.setIdleTimeout(idleMs);
    options.onConnection?.(socket, request);
    // Accept, then close: a server that is up but sheds load answers the handshake before it says 1013.
    if (Date.now() < overloadedUntil) connection.close(1013, overloadReason);
    else connection.expire(expiry);
    const resolve = waiting.shift();
    if (resolve) resolve(socket);
    else if (socket.readyState === socket.OPEN) unclaimed.push(socket);
  }

  function handleUpgrade(request: IncomingMessage, tcp: Socket, head: Buffer) {
    upgradeAttempts.push(Date.now());
    // Node hands over an upgraded socket without an error listener; a client that resets one we hold (hung,
    // refused) must not crash the process. ws adds its own listener once it takes a socket.
    tcp.on("error", () => {});
    if (Date.now() < refusingUntil) {
      tcp.destroy();
      return;
    }
    if (hangCount > 0) {
      hangCount--;
      hung.add(tcp);
      tcp.once("close", () => hung.delete(tcp));
      return;
    }
    const rejection = rejections.shift() ?? refusal;
    if (rejection) {
      tcp.end(upgradeRejection(rejection));
      return;
    }
    wss.handleUpgrade(request, tcp, head, (socket) => accept(socket, tcp, request));
  }

  function closeAnswering(code: number | undefined, reason: string | undefined): number {
    let count = 0;
    for (const connection of connections) {
      if (!connection.isAnswering) continue;
      connection.close(code, reason);
      count++;
    }
    return count;
  }

  // Set once the server object exists, right after listening.
  let chaosApi: ChaosApi | null = null;
  const http = createServer((request, response) => {
    if (chaosApi?.(request, response)) return;
    if (options.onRequest?.(request, response)) return;
    // The process is "down": a probe must fail as the upgrades do, not hear that the server is up.
    if (Date.now() < refusingUntil) return void request.socket.destroy();
    answerPlainRequest(request, response, rejections[0] ?? refusal, access);
  });
  http.on("upgrade", (request: IncomingMessage, tcp: Socket, head: Buffer) => handleUpgrade(request, tcp, head));

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;

  const server: FaultyServer = {
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    get openConnections() {
      return connections.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    upgradeAttempts,
    nextConnection() {
      const ready = unclaimed.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    closeAll(code, reason) {
      if (code !== undefined) closeCode("closeAll", "code", code);
      if (reason !== undefined) closeReason("closeAll", "reason", reason);
      // ws sends no reason without a code, silently; say so instead.
      if (reason && code === undefined) {
        throw new FaultArgumentError("[@lifeline/testing] closeAll: a reason needs a code. Pass a code as well.");
      }
      return closeAnswering(code, reason);
    },
    dropAll() {
      const count = connections.size;
      for (const connection of connections) connection.socket.terminate();
      return count;
    },
    broadcast(data, to) {
      let count = 0;
      for (const connection of connections) {
        if (!connection.isAnswering || (to && !to(connection.socket))) continue;
        connection.send(data);
        count++;
      }
      return count;
    },
    rejectNext(status, count = 1) {
      wholeNumber("rejectNext", "status", status, 200, 599);
      wholeNumber("rejectNext", "count", count, 1);
      for (let index = 0; index < count; index++) rejections.push({ status, retryAfterSeconds: null });
    },
    refuseUpgrades(policy) {
      refusal = policy && checkRefusalPolicy("refuseUpgrades", policy);
    },
    hangNext(count = 1) {
      hangCount += wholeNumber("hangNext", "count", count, 1);
    },
    rateLimit(policy) {
      rateLimit = policy && {
        messagesPerSecond: wholeNumber("rateLimit", "messagesPerSecond", policy.messagesPerSecond, 1),
        retryAfterSeconds: wholeNumber("rateLimit", "retryAfterSeconds", policy.retryAfterSeconds ?? 30, 0),
      };
    },
    expireSessions(policy) {
      const code = policy?.code ?? 4401;
      if (code !== 1008 && code !== 4401) {
        throw new FaultArgumentError(
          `[@lifeline/testing] expireSessions: code is ${JSON.stringify(code)}. Use 4401 (unauthorized, the "4000 + HTTP status" convention) or 1008 (policy violation).`,
        );
      }
      expiry = policy && { afterMs: wholeNumber("expireSessions", "afterMs", policy.afterMs, 0), code };
      for (const connection of connections) connection.expire(expiry);
    },
    restart({ refuseMs = 0 } = {}) {
      wholeNumber("restart", "refuseMs", refuseMs, 0);
      closeAnswering(1012, "service restart");
      refusingUntil = Date.now() + refuseMs;
    },
    overload({ retryAfterSeconds = 30, durationMs = 0 } = {}) {
      wholeNumber("overload", "retryAfterSeconds", retryAfterSeconds, 0);
      wholeNumber("overload", "durationMs", durationMs, 0);
      overloadReason = `overloaded; retry-after=${retryAfterSeconds}`;
      closeAnswering(1013, overloadReason);
      overloadedUntil = Date.now() + durationMs;
    },
    halfOpen() {
      for (const connection of connections) connection.goHalfOpen();
    },
    idleTimeout(ms) {
      idleMs = ms === null ? null : wholeNumber("idleTimeout", "ms", ms, 1, MAX_DELAY_MS);
      for (const connection of connections) connection.setIdleTimeout(idleMs);
    },
    maxPayload(bytes) {
      maxPayload = checkMaxPayload("maxPayload", "bytes", bytes);
    },
    reset() {
      rejections.length = 0;
      refusal = null;
      hangCount = 0;
      rateLimit = null;
      refusingUntil = 0;
      overloadedUntil = 0;
      maxPayload = initialMaxPayload;
      server.expireSessions(null);
      server.idleTimeout(null);
    },
    stats() {
      return {
        openConnections: connections.size,
        acceptedConnections: accepted,
        upgradeAttempts: upgradeAttempts.length,
        receivedMessages,
        oversizedMessages,
      };
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        for (const connection of connections) {
          connection.dispose();
          connection.socket.terminate();
        }
        for (const tcp of hung) tcp.destroy();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      });
      return stopped;
    },
  };
  chaosApi = createChaosApi(server, access);
  return server;
}
