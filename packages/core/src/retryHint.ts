// No standard carries "retry after" in a close (RFC 6455 has only 1013, without a duration), so servers put it in
// the reason. We read the common shapes leniently and ignore anything we cannot trust: a wrong hint would either
// hammer a server that asked for quiet or strand a user for hours.

/** Hints above a day are treated as garbage rather than obeyed. */
export const MAX_RETRY_HINT_MS = 86_400_000;

// "retry-after=30", "Retry-After: 30", "retry_after 30", "retryAfter=30", "retry after 30s", "retry in 500 ms",
// "retry-after-ms=1500", "retrying in 5 s". A bare number is in seconds, as in HTTP's Retry-After.
const TEXT_HINT =
  /retry(?:ing)?[\s_-]*(?:after|in)([\s_-]*ms)?["'\s]*[:=]?["'\s]*(-?\d+(?:\.\d+)?)\s*(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m)?(?![a-z])/i;

/** Milliseconds per unit: "ms", "msec", "millisecond(s)" → 1; "m", "min", "minute(s)" → 60 000; the rest → 1000. */
const unitMs = (unit: string) => (/^m(s|il)/i.test(unit) ? 1 : /^m/i.test(unit) ? 60_000 : 1000);

/**
 * The retry delay a close reason asks for, in milliseconds, or `undefined` when it has none we can trust.
 * Understands `retry-after=30`, `retry after 30s`, `retry in 500ms`, and JSON such as `{"retryAfter":30}` or
 * `{"retry_after_ms":"1500"}`: the pattern reads a JSON key and its value like any other text, so JSON cut short by
 * the 123-byte limit still yields its hint.
 */
export function parseRetryHint(reason: string): number | undefined {
  const match = TEXT_HINT.exec(reason);
  const ms = match ? Number(match[2]) * unitMs(match[3] ?? (match[1] ? "ms" : "s")) : Number.NaN;
  return ms >= 0 && ms <= MAX_RETRY_HINT_MS ? Math.round(ms) : undefined;
}
