// No standard carries "retry after" in a close (RFC 6455 has only 1013, without a duration), so servers put it in
// the reason. We read the common shapes leniently and ignore anything we cannot trust: a wrong hint would either
// hammer a server that asked for quiet or strand a user for hours.

/** Hints above a day are treated as garbage rather than obeyed. */
export const MAX_RETRY_HINT_MS = 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  msec: 1,
  msecs: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
};

// "retry-after=30", "Retry-After: 30", "retry_after 30", "retryAfter=30", "retry after 30s", "retry in 500 ms",
// "retry-after-ms=1500", "retrying in 5 s". A bare number is in seconds, as in HTTP's Retry-After.
const TEXT_HINT =
  /retry(?:ing)?[\s_-]*(?:after|in)([\s_-]*ms)?["'\s]*[:=]?["'\s]*(-?\d+(?:\.\d+)?)\s*(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m)?(?![a-z])/i;

const JSON_KEYS: ReadonlyArray<readonly [string, number]> = [
  ["retryAfterMs", 1],
  ["retry_after_ms", 1],
  ["retryAfter", 1000],
  ["retry_after", 1000],
  ["retryIn", 1000],
  ["retry_in", 1000],
];

/**
 * The retry delay a close reason asks for, in milliseconds, or `undefined` when it has none we can trust.
 * Understands `retry-after=30`, `retry after 30s`, `retry in 500ms` and JSON such as `{"retryAfter":30}`.
 */
export function parseRetryHint(reason: string): number | undefined {
  if (!reason) return undefined;
  const trimmed = reason.trim();
  if (trimmed.startsWith("{")) {
    const fromJson = readJsonHint(trimmed);
    if (fromJson !== null) return fromJson;
  }
  const match = TEXT_HINT.exec(reason);
  if (!match) return undefined;
  const [, msSuffix, amount, unit] = match;
  const unitMs = unit ? UNIT_MS[unit.toLowerCase()] : msSuffix ? 1 : 1000;
  return sane(Number(amount) * (unitMs ?? 1000));
}

// Returns null when the text is not JSON with a hint key, so that the text patterns get their turn;
// undefined when the JSON has a hint key whose value is garbage.
function readJsonHint(text: string): number | undefined | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const record = data as Record<string, unknown>;
  for (const [key, unitMs] of JSON_KEYS) {
    if (!(key in record)) continue;
    const value = record[key];
    const amount =
      typeof value === "number" ? value : typeof value === "string" ? Number(value.trim() || Number.NaN) : Number.NaN;
    return sane(amount * unitMs);
  }
  return null;
}

function sane(ms: number): number | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_RETRY_HINT_MS) return undefined;
  return Math.round(ms);
}
