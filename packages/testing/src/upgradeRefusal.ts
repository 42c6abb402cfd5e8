// How the fault-injecting server says no over HTTP: to an upgrade it refuses (rejectNext, refuseUpgrades), and to a
// plain request on the socket path (issue 13 §4). Browsers hide a refused handshake's status from the page (it is
// just 1006), so a client that wants to know why probes the same URL with fetch() and reads the status and
// Retry-After there. That only works if the plain answer matches the upgrade's, and carries CORS headers the page
// may read them through.
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { ChaosAccess } from "./chaosAccess.js";
import { FaultArgumentError } from "./errors.js";
import { wholeNumber } from "./faultArguments.js";

/** `refuseUpgrades()`: every upgrade answered with an HTTP status instead of 101, until turned off. */
export interface UpgradeRefusalPolicy {
  /** The HTTP status instead of 101: 401, 403, 429, 503... */
  readonly status: number;
  /**
   * Sent as `Retry-After: <s>`, with a 429 or a 503 only, on refused upgrades and plain requests alike.
   * @default null (no Retry-After)
   */
  readonly retryAfterSeconds?: number | null;
}

/** What a refused upgrade, or a plain request to the socket path, is answered with now. */
export interface Refusal {
  readonly status: number;
  readonly retryAfterSeconds: number | null;
}

export function checkRefusalPolicy(where: string, policy: UpgradeRefusalPolicy): Refusal {
  const status = wholeNumber(where, "status", policy.status, 200, 599);
  const retryAfterSeconds =
    policy.retryAfterSeconds == null ? null : wholeNumber(where, "retryAfterSeconds", policy.retryAfterSeconds, 0);
  // RFC 9110 §10.2.3 gives Retry-After a meaning with 503 and 3xx, RFC 6585 §4 with 429; a client reads it on no
  // other refusal, so asking for one elsewhere is a mistake in the test.
  if (retryAfterSeconds !== null && status !== 429 && status !== 503) {
    throw new FaultArgumentError(
      `[@lifeline/testing] ${where}: retryAfterSeconds goes with status 429 or 503, not ${status}. Use one of those, or leave retryAfterSeconds out.`,
    );
  }
  return { status, retryAfterSeconds };
}

function retryAfterHeader(refusal: Refusal): Record<string, string> {
  return refusal.retryAfterSeconds === null ? {} : { "Retry-After": String(refusal.retryAfterSeconds) };
}

/** The raw HTTP answer to an upgrade request that is refused, written straight to its TCP socket. */
export function upgradeRejection(refusal: Refusal): string {
  const headers = { Connection: "close", "Content-Length": "0", ...retryAfterHeader(refusal) };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Rejected"}\r\n${lines.join("")}\r\n`;
}

/**
 * Answers a request that is neither an upgrade nor one the control API or `onRequest` took: while upgrades are
 * refused, a GET or HEAD gets the same status (and Retry-After) without using up a `rejectNext`; otherwise 426, what
 * a WebSocket-only endpoint says. Allowed origins get the CORS headers a probe needs to read it.
 */
export function answerPlainRequest(
  request: IncomingMessage,
  response: ServerResponse,
  refusal: Refusal | null,
  access: ChaosAccess,
): void {
  const cors = access.corsHeaders(request);
  if (cors["Access-Control-Allow-Origin"]) cors["Access-Control-Expose-Headers"] = "Retry-After";
  if (request.method === "OPTIONS") {
    // Only a probe that adds headers is preflighted; a plain fetch(url) or HEAD is not.
    response
      .writeHead(204, {
        ...cors,
        ...(cors["Access-Control-Allow-Origin"] && {
          "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
          "Access-Control-Allow-Headers": "Authorization, Cache-Control, Content-Type",
          "Access-Control-Max-Age": "600",
        }),
      })
      .end();
    return;
  }
  if (refusal && (request.method === "GET" || request.method === "HEAD")) {
    response
      .writeHead(refusal.status, { ...cors, ...retryAfterHeader(refusal), "Content-Type": "text/plain" })
      .end(`${refusal.status} ${STATUS_CODES[refusal.status] ?? ""}: upgrades are refused here now.`);
    return;
  }
  // RFC 9110 §15.5.22: a 426 must say which protocol to switch to.
  response
    .writeHead(426, { ...cors, Upgrade: "websocket", Connection: "Upgrade", "Content-Type": "text/plain" })
    .end("WebSocket only; the control API is under /__chaos/");
}
