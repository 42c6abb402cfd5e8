import { DEFAULT_DELAYS, type ReconnectDelayOptions } from "./backoff.js";
import type { CloseClassifier } from "./classifyClose.js";
import type { Environment } from "./environment.js";
import { LifelineError } from "./errors.js";
import type { Use } from "./feature.js";
import type { QueueOptions } from "./sendQueue.js";

export type { HandshakeProbe } from "./types.js";

/** Why a message will never be delivered: the queue made room, the server refused it as too big, or the socket closed. */
export type DropCause = "overflow" | "too-big" | "closed";

/**
 * When to reconnect. The close table decides *whether* and *how* (see closeCodes.md; a server's own codes go through
 * `createCloseClassifier` from `@lifeline/core/classify`); these are the numbers behind it and the global limit.
 */
export interface ReconnectOptions extends ReconnectDelayOptions {
  /** A connection must stay open this long before the schedule resets. @default 5000 */
  readonly minUptimeMs?: number;
  /** Give up after this many attempts in a row without a healthy connection, whatever the closes were. @default Infinity */
  readonly maxAttempts?: number;
  /**
   * While the platform says offline, try once per this long anyway: `navigator.onLine` is wrong on some VPN and
   * Linux setups. These attempts count toward no limit. @default 30000
   */
  readonly offlineProbeMs?: number;
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
  /** A `refreshCredentials` that has not settled after this long counts as failed. @default 10000 */
  readonly refreshTimeoutMs?: number;
  readonly queue?: QueueOptions & {
    /**
     * Called with each message that will never be delivered, and why: dropped to make room (`overflow`), refused by
     * the server with 1009 (`too-big`), or still queued when the socket closed for good (`closed`).
     */
    readonly onDrop?: (data: unknown, cause: DropCause) => void;
  };
  /**
   * Holds sends back instead of tripping a server's "too many messages": `tokenBucket({ perSecond: 5 })` from
   * `@lifeline/core/rate-limit`, or any object with the same two methods. Off unless given.
   */
  readonly rateLimit?: RateLimiter;
  /** A classifier that knows this server's codes; see `createCloseClassifier`. @default classifyClose */
  readonly classify?: CloseClassifier;
  /** Replace any platform part: the WebSocket constructor, clock, timers, random, online and visibility sources. */
  readonly environment?: Partial<Environment>;
  /**
   * Features beyond the kernel, each from its own import: `browser()` (the platform's signals and the reasons in
   * close reasons, `@lifeline/core/browser`), `heartbeat({ … })`, `probe(httpProbe())`, `diagnostics(listener)`.
   * Without any, the socket connects, reconnects by the close table and the code alone, and queues.
   */
  readonly use?: Use;
}

/** Paces outgoing messages; `tokenBucket()` from `@lifeline/core/rate-limit` makes one. */
export interface RateLimiter {
  /** Takes one send's allowance at wall-clock time `now` if it is there. */
  take(now: number): boolean;
  /** Milliseconds from `now` until `take` will succeed. */
  waitMs(now: number): number;
}

// Options that became features in 0.3, and the feature that takes each now.
const MOVED = [
  ["heartbeat", "use: [heartbeat({ intervalMs, timeoutMs })] from @lifeline/core/heartbeat"],
  ["probe", "use: [probe(httpProbe())] from @lifeline/core/probe"],
  ["onDiagnostic", "use: [diagnostics(listener)] from @lifeline/core/diagnostics"],
  ["pauseWhenHiddenMs", "use: [browser({ pauseWhenHiddenMs })] from @lifeline/core/browser"],
] as const;

type Rule = "positive" | "non-negative" | "count" | "factor";

const WANTED: Readonly<Record<Rule, string>> = {
  positive: "a number above 0",
  "non-negative": "a number of 0 or more",
  count: "a whole number of 0 or more (or Infinity)",
  factor: "a finite number of 1 or more",
};

export function check(path: string, value: unknown, rule: Rule): void {
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
  if (!ok) fail(`options.${path} is ${String(value)}. Use ${WANTED[rule]}.`);
}

function fail(message: string): never {
  throw new LifelineError("invalid-option", `createSocket: ${message}`);
}

/** Checks what `use` holds: features, or lists of them (presets), made by their functions. */
function checkUse(use: unknown): void {
  if (use === undefined) return;
  // A feature's function has a name too: only the object it makes is a feature.
  const valid = (feature: unknown) =>
    typeof feature === "object" && typeof (feature as { name?: unknown } | null)?.name === "string";
  if (!Array.isArray(use) || !use.every((item) => (Array.isArray(item) ? item.every(valid) : valid(item)))) {
    fail(
      "options.use must be a list of features, such as [browser(), heartbeat({ intervalMs: 25000, timeoutMs: 5000 })]. Call each feature's function: `browser()`, not `browser`.",
    );
  }
}

/**
 * Checks every option once, at creation, with a message that names the option and what to use. Development builds
 * only: `createSocket` calls it under `DEV`, so production bundles do not carry these checks or their words.
 */
export function checkOptions(options: SocketOptions): void {
  const reconnect = (options.reconnect ?? {}) as Record<string, unknown>;
  for (const [removed, instead] of [
    ["decide", "teach the close table with createCloseClassifier({ codes }) from @lifeline/core/classify"],
    ["maxRetries", "use reconnect.maxAttempts"],
    ...["baseDelayMs", "factor", "maxDelayMs"].map((key) => [key, "use reconnect.backoff: { baseMs, factor, maxMs }"]),
    ["soonWindowMs", "use reconnect.soon: { windowMs }"],
    ...["slowFloorMs", "slowMaxDelayMs"].map((key) => [key, "use reconnect.slow: { floorMs, maxMs }"]),
    ["rateLimitedDelayMs", "use reconnect.rateLimited: { minMs }"],
  ]) {
    if (reconnect[removed as string] !== undefined)
      fail(`options.reconnect.${removed} was removed in 0.2: ${instead}.`);
  }
  const features = options as Record<string, unknown>;
  for (const [moved, instead] of MOVED) {
    if (features[moved] !== undefined) fail(`options.${moved} moved to a feature in 0.3: ${instead}.`);
  }
  for (const group of Object.keys(DEFAULT_DELAYS)) {
    const numbers = (reconnect[group] ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(numbers)) {
      if (!(key in DEFAULT_DELAYS[group as keyof typeof DEFAULT_DELAYS])) {
        fail(
          `options.reconnect.${group}.${key} is not an option. Use ${Object.keys(DEFAULT_DELAYS[group as keyof typeof DEFAULT_DELAYS]).join(", ")}.`,
        );
      }
      check(`reconnect.${group}.${key}`, numbers[key], key === "factor" ? "factor" : "non-negative");
    }
  }
  checkUse(options.use);
  check("reconnect.minUptimeMs", reconnect.minUptimeMs, "non-negative");
  check("reconnect.maxAttempts", reconnect.maxAttempts, "count");
  check("reconnect.offlineProbeMs", reconnect.offlineProbeMs, "positive");
  check("connectTimeoutMs", options.connectTimeoutMs, "positive");
  check("closeTimeoutMs", options.closeTimeoutMs, "positive");
  check("refreshTimeoutMs", options.refreshTimeoutMs, "positive");
  if (options.queue) {
    check("queue.maxSize", options.queue.maxSize, "count");
    if (options.queue.maxSize === Number.POSITIVE_INFINITY) {
      fail(
        "options.queue.maxSize must be finite. An unbounded queue hides a dead connection until memory runs out; pick a size.",
      );
    }
    const overflow = options.queue.overflow;
    if (overflow !== undefined && overflow !== "reject" && overflow !== "drop-oldest") {
      fail(`options.queue.overflow is ${JSON.stringify(overflow)}. Use "reject" or "drop-oldest".`);
    }
  }
  const rateLimit = options.rateLimit as (Partial<RateLimiter> & { perSecond?: unknown }) | undefined;
  if (rateLimit && (typeof rateLimit.take !== "function" || typeof rateLimit.waitMs !== "function")) {
    fail(
      `options.rateLimit is ${rateLimit.perSecond === undefined ? "not a rate limiter" : "a plain object"}. Pass tokenBucket({ perSecond: 5 }) from @lifeline/core/rate-limit.`,
    );
  }
  for (const [path, value] of [
    ["queue.onDrop", options.queue?.onDrop],
    ["refreshCredentials", options.refreshCredentials],
    ["classify", options.classify],
  ] as const) {
    if (value !== undefined && typeof value !== "function") {
      fail(`options.${path} is a ${typeof value}. Pass a function.`);
    }
  }
}

/** What `setOptions` cannot change, and why: said in the warning, with what to do instead. */
const FIXED = {
  environment: "its clock, timers, WebSocket constructor and platform sources are in use",
  rateLimit: "the limiter counts what was sent, and a new one would start from a full allowance",
  autoConnect: "it only decides whether creation connects; call connect() or close() instead",
} as const;

/**
 * Development only: checks a socket's first options, and returns the check of each later set `setOptions` gets.
 * That one checks them the same way, and says once per socket and option when one kept from creation changed. An
 * environment counts as the same when it holds the same parts: apps (and hooks, each render) write `{ WebSocket }`
 * inline.
 */
export function watchOptions(first: SocketOptions): (next: SocketOptions) => void {
  checkOptions(first);
  const warned = new Set<string>();
  return (next) => {
    checkOptions(next);
    for (const name of Object.keys(FIXED) as (keyof typeof FIXED)[]) {
      const before: unknown = first[name];
      const after: unknown = next[name];
      const same =
        name === "autoConnect"
          ? (before !== false) === (after !== false)
          : name === "environment"
            ? shallowSame(before ?? {}, after ?? {})
            : before === after;
      if (same || warned.has(name)) continue;
      warned.add(name);
      console.warn(
        `[@lifeline/core] setOptions: options.${name} changed, and the socket keeps the one it was made with: ${FIXED[name]}. Pass the same value each time (made once, outside a component or in useState), or make a new socket.`,
      );
    }
  };
}

function shallowSame(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.is(a[key as keyof typeof a], b[key as keyof typeof b]))
  );
}
