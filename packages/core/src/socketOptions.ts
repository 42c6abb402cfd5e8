import { DEV } from "#dev";
import { type BackoffOptions, DEFAULT_BACKOFF } from "./backoff.js";
import type { CloseClassifier } from "./classifyClose.js";
import type { Environment } from "./environment.js";
import { LifelineError } from "./errors.js";
import type { HeartbeatOptions } from "./heartbeat.js";
import { redactUrl as redactUrlForMessages } from "./redactUrl.js";
import type { QueueOptions } from "./sendQueue.js";
import type { RateLimitOptions } from "./tokenBucket.js";
import type { CloseClassification, RetryAction, RetryDecision } from "./types.js";

/** What the `decide` hook sees before each retry. */
export interface RetryContext {
  readonly close: CloseClassification;
  /** The number of the attempt about to be scheduled: 1 for the first retry after a healthy connection. */
  readonly attempt: number;
  /** The decision Lifeline would take. */
  readonly decision: RetryDecision;
}

/** How and when to reconnect. Every number has a default. */
export interface ReconnectOptions extends Partial<BackoffOptions> {
  /** A connection must stay open this long before the schedule resets. @default 5000 */
  readonly minUptimeMs?: number;
  /** Give up after this many attempts in a row. @default Infinity */
  readonly maxRetries?: number;
  /** One hook to change the decision per close and attempt; return undefined to keep Lifeline's. */
  readonly decide?: (context: RetryContext) => RetryDecision | RetryAction | undefined;
}

/** Options of `createSocket`, grouped by concern. */
export interface SocketOptions {
  /** Subprotocols for the handshake. */
  readonly protocols?: string | string[];
  /** `binaryType` of every underlying socket. @default the platform's ("blob" in browsers) */
  readonly binaryType?: "blob" | "arraybuffer" | "nodebuffer";
  /** Connect when created; with `false` the socket stays `idle` until `connect()`. @default true */
  readonly autoConnect?: boolean;
  /** Abandon an attempt stuck in CONNECTING (the url function included) after this long. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** After `close()`, wait this long for the closing handshake before letting go of the socket. @default 3000 */
  readonly closeTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
  /** Gets new credentials after an auth rejection (3000, 4401, "token expired"…); one attempt follows. */
  readonly refreshCredentials?: () => void | Promise<void>;
  /** Application-level heartbeat. Off unless given. */
  readonly heartbeat?: HeartbeatOptions;
  readonly queue?: QueueOptions & {
    /** Called with each message the queue drops to make room, so a drop is never silent. */
    readonly onDrop?: (data: unknown) => void;
  };
  /** Holds sends back to this rate instead of tripping a server's "too many messages". Off unless given. */
  readonly rateLimit?: RateLimitOptions;
  /** A classifier that knows this server's codes; see `createCloseClassifier`. @default classifyClose */
  readonly classify?: CloseClassifier;
  /** Replace any platform part: the WebSocket constructor, clock, timers, random, online and visibility sources. */
  readonly environment?: Partial<Environment>;
  /** Entries kept in the diagnostics log. @default 100 */
  readonly diagnosticsLimit?: number;
}

export interface ResolvedOptions {
  readonly backoff: BackoffOptions;
  readonly minUptimeMs: number;
  readonly maxRetries: number;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly diagnosticsLimit: number;
}

type Rule = "positive" | "non-negative" | "count" | "factor";

function check(path: string, value: unknown, rule: Rule): void {
  if (value === undefined) return;
  const number = typeof value === "number" && !Number.isNaN(value);
  const ok =
    number &&
    (rule === "positive"
      ? value > 0
      : rule === "non-negative"
        ? value >= 0
        : rule === "factor"
          ? value >= 1 && Number.isFinite(value)
          : value >= 0 && (Number.isInteger(value) || value === Number.POSITIVE_INFINITY));
  if (ok) return;
  const wanted = DEV
    ? {
        positive: "a number above 0",
        "non-negative": "a number of 0 or more",
        count: "a whole number of 0 or more (or Infinity)",
        factor: "a finite number of 1 or more",
      }[rule]
    : rule;
  throw new LifelineError("invalid-option", `createSocket: options.${path} is ${String(value)}. Use ${wanted}.`);
}

/** Checks every option once, at creation, and fills in the defaults. */
export function resolveOptions(options: SocketOptions): ResolvedOptions {
  const reconnect = options.reconnect ?? {};
  for (const key of Object.keys(DEFAULT_BACKOFF) as (keyof BackoffOptions)[]) {
    check(`reconnect.${key}`, reconnect[key], key === "factor" ? "factor" : "non-negative");
  }
  check("reconnect.minUptimeMs", reconnect.minUptimeMs, "non-negative");
  check("reconnect.maxRetries", reconnect.maxRetries, "count");
  check("connectTimeoutMs", options.connectTimeoutMs, "positive");
  check("closeTimeoutMs", options.closeTimeoutMs, "positive");
  check("diagnosticsLimit", options.diagnosticsLimit, "count");
  if (options.heartbeat) {
    check("heartbeat.intervalMs", options.heartbeat.intervalMs ?? Number.NaN, "positive");
    check("heartbeat.timeoutMs", options.heartbeat.timeoutMs ?? Number.NaN, "positive");
  }
  if (options.queue) {
    check("queue.maxSize", options.queue.maxSize, "count");
    if (options.queue.maxSize === Number.POSITIVE_INFINITY) {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? "createSocket: options.queue.maxSize must be finite. An unbounded queue hides a dead connection until memory runs out; pick a size."
          : "createSocket: queue.maxSize must be finite",
      );
    }
    const overflow = options.queue.overflow;
    if (overflow !== undefined && overflow !== "reject" && overflow !== "drop-oldest") {
      throw new LifelineError(
        "invalid-option",
        `createSocket: options.queue.overflow is ${JSON.stringify(overflow)}. Use "reject" or "drop-oldest".`,
      );
    }
  }
  if (options.rateLimit) {
    check("rateLimit.perSecond", options.rateLimit.perSecond ?? Number.NaN, "positive");
    check("rateLimit.burst", options.rateLimit.burst, "count");
  }
  for (const [path, value] of [
    ["reconnect.decide", reconnect.decide],
    ["refreshCredentials", options.refreshCredentials],
    ["classify", options.classify],
  ] as const) {
    if (value !== undefined && typeof value !== "function") {
      throw new LifelineError("invalid-option", `createSocket: options.${path} is a ${typeof value}. Pass a function.`);
    }
  }
  return {
    backoff: { ...DEFAULT_BACKOFF, ...definedOnly(reconnect) },
    minUptimeMs: reconnect.minUptimeMs ?? 5000,
    maxRetries: reconnect.maxRetries ?? Number.POSITIVE_INFINITY,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 3000,
    diagnosticsLimit: options.diagnosticsLimit ?? 100,
  };
}

function definedOnly(reconnect: ReconnectOptions): Partial<BackoffOptions> {
  const picked: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_BACKOFF) as (keyof BackoffOptions)[]) {
    const value = reconnect[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

/**
 * The absolute WebSocket URL for `raw`, as browsers would resolve it: relative URLs against the page, http(s)
 * turned into ws(s). Throws a LifelineError that says what to pass instead.
 */
export function normalizeUrl(raw: unknown, redact: (url: string) => string): string {
  if (typeof raw !== "string") {
    throw new LifelineError(
      "invalid-url",
      DEV
        ? `createSocket: the URL is a ${typeof raw}. Pass a string such as "wss://example.com/socket", or a function that returns one.`
        : `createSocket: the URL is a ${typeof raw}`,
    );
  }
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new LifelineError(
      "invalid-url",
      DEV
        ? `createSocket: ${JSON.stringify(redact(raw))} is not a valid URL. Use an absolute ws:// or wss:// URL such as "wss://example.com/socket".`
        : `createSocket: invalid URL ${JSON.stringify(redact(raw))}`,
    );
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new LifelineError(
      "invalid-url",
      DEV
        ? `createSocket: ${JSON.stringify(redact(raw))} uses ${url.protocol}, which is not a WebSocket scheme. Use ws:// or wss:// (http:// and https:// are converted).`
        : `createSocket: ${url.protocol} is not ws: or wss:`,
    );
  }
  if (url.hash) {
    throw new LifelineError(
      "invalid-url",
      DEV
        ? `createSocket: ${JSON.stringify(redact(raw))} has a #fragment, which browsers refuse for WebSockets. Remove it.`
        : "createSocket: the URL has a #fragment",
    );
  }
  return url.href;
}

/** Checks a WebSocket URL as `createSocket` does and returns its absolute form; throws a LifelineError saying what to use. */
export function resolveWebSocketUrl(url: string): string {
  return normalizeUrl(url, redactUrlForMessages);
}
