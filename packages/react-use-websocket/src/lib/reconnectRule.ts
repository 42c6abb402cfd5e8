import type { CloseClassification, RetryDecision } from "@lifeline/core";
import { DEV } from "#dev";
import { DEFAULT_RECONNECT_INTERVAL_MS, DEFAULT_RECONNECT_LIMIT } from "./defaults.js";
import { guarded } from "./guarded.js";
import type { Options } from "./types.js";
import { PREFIX } from "./warnings.js";

/** The wait before a reconnect, as the app asked for it: react-use-websocket's `reconnectInterval`. */
export function intervalOf(options: Options, attempts: number): number {
  const interval = options.reconnectInterval;
  return typeof interval === "function"
    ? (guarded(() => interval(attempts), DEFAULT_RECONNECT_INTERVAL_MS) as number)
    : (interval ?? DEFAULT_RECONNECT_INTERVAL_MS);
}

/**
 * react-use-websocket's rule for one close: reconnect only when a hook's `shouldReconnect` says so for this close
 * (or `retryOnError` and the socket errored), while it has attempts left, after exactly its `reconnectInterval`.
 * With several hooks on one shared socket, the shortest wait among those that want it wins. Lifeline's per-code
 * policy (no retry after a 4403, a server's retry hint, a rate limit's floor) is `lifelineDefaults`' and not applied.
 * `subscribers` are the latest options of every hook on the connection (one unless shared); `errored`, whether an
 * error event came from this attempt's socket; `attempts`, the reconnects since the last open (react-use-websocket's
 * counter).
 *
 * Returns the wait before the reconnect, or null to stop.
 */
export function decideClose(
  close: CloseEvent | CloseEventInit,
  subscribers: readonly Options[],
  shared: boolean,
  eventSource: boolean,
  errored: boolean,
  attempts: number,
): number | null {
  let delay: number | null = null;
  for (const options of subscribers) {
    const byClose = !eventSource && guarded(() => options.shouldReconnect?.(close as CloseEvent));
    // react-use-websocket retries on error only for a socket of the hook's own.
    const byError = options.retryOnError === true && errored && !shared;
    if (!byClose && !byError) continue;
    const limit = options.reconnectAttempts ?? DEFAULT_RECONNECT_LIMIT;
    if (attempts < limit) {
      delay = Math.min(delay ?? Number.POSITIVE_INFINITY, intervalOf(options, attempts));
      continue;
    }
    // As react-use-websocket: a shared socket's subscribers are told the raw option, an own socket's the limit.
    guarded(() => options.onReconnectStop?.(shared ? (options.reconnectAttempts as number) : limit));
    console.warn(`Max reconnect attempts of ${limit} exceeded`);
  }
  return delay;
}

/** The URL function failed: with `retryOnError`, try again after the interval while attempts last; else stop. */
export function decideUrlFailure(options: Options, attempts: number): number | null {
  if (options.retryOnError) {
    if (attempts < (options.reconnectAttempts ?? DEFAULT_RECONNECT_LIMIT)) return intervalOf(options, attempts);
    guarded(() => options.onReconnectStop?.(attempts));
  }
  console.error(
    `${PREFIX}Failed to get a valid URL. WebSocket connection aborted.${DEV ? " Make the url function return (or resolve to) a ws:// or wss:// URL, or pass retryOnError: true to retry it." : ""}`,
  );
  return null;
}

/** The classification with the retry decision the socket is to act on. */
export function withDelay(verdict: CloseClassification, delay: number | null): CloseClassification {
  const retry: RetryDecision = delay === null ? { action: "never" } : { action: "after-hint", retryAfterMs: delay };
  return Object.freeze({ ...verdict, retry: Object.freeze(retry) });
}
