import type { ClosePolicy, RetryDecision } from "./types.js";

/** The numbers behind each retry action. Every field has a default; see `DEFAULT_BACKOFF`. */
export interface BackoffOptions {
  /** First ceiling of the exponential backoff. @default 1000 */
  readonly baseDelayMs: number;
  /** Growth of the ceiling per attempt. @default 2 */
  readonly factor: number;
  /** Highest ceiling of the exponential backoff. @default 30000 */
  readonly maxDelayMs: number;
  /** `soon` draws its delay from [0, soonWindowMs], so a fleet returning from a restart arrives spread out. @default 3000 */
  readonly soonWindowMs: number;
  /** `slow` never waits less than this; the floor doubles with each failed attempt. @default 5000 */
  readonly slowFloorMs: number;
  /** `slow` never waits more than this. @default 60000 */
  readonly slowMaxDelayMs: number;
  /** After a rate-limit rejection, attempts are at least this far apart: at most 2 a minute. @default 30000 */
  readonly rateLimitedDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  soonWindowMs: 3000,
  slowFloorMs: 5000,
  slowMaxDelayMs: 60_000,
  rateLimitedDelayMs: 30_000,
});

/**
 * How long to wait before attempt number `retry` (1 for the first retry), for a decision that is not `never`.
 * Pure: randomness comes in as `random`, a number in [0, 1).
 *
 * - backoff: full jitter, U[0, min(max, base·factor^(retry−1))]. AWS measured it to do the least work of the jitter
 *   schemes, and it draws the first retry from [0, base], which answers RFC 6455 §7.2.3's call for a random delay.
 * - soon: U[0, soonWindow], for planned restarts where every client returns at once.
 * - slow: a floor that doubles per attempt (5 s, 10 s, 20 s…) plus up to the same again, capped.
 * - after-hint: the server's time plus up to 20 % (at most 5 s), so a fleet told "30 s" does not return in one instant.
 * - refresh-auth: at once, or after the hint if the server gave one.
 */
export function retryDelay(
  decision: RetryDecision,
  retry: number,
  random: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  policy?: ClosePolicy,
): number {
  const step = Math.max(0, retry - 1);
  let delay: number;
  switch (decision.action) {
    case "soon":
      delay = random * options.soonWindowMs;
      break;
    case "slow": {
      const floor = Math.min(options.slowMaxDelayMs, options.slowFloorMs * options.factor ** step);
      delay = Math.min(options.slowMaxDelayMs, floor * (1 + random));
      break;
    }
    case "after-hint": {
      const hint = decision.retryAfterMs ?? 0;
      delay = hint + random * Math.min(hint * 0.2, 5000);
      break;
    }
    case "refresh-auth":
      delay = decision.retryAfterMs ?? 0;
      break;
    default:
      delay = random * Math.min(options.maxDelayMs, options.baseDelayMs * options.factor ** step);
  }
  // A server that says "too many" is not asked again within half a minute, whatever else the decision says.
  if (policy === "rate-limited") delay = Math.max(delay, options.rateLimitedDelayMs * (1 + random * 0.1));
  return Math.round(delay);
}
