import { LifelineError } from "../errors.js";
import type { RateLimiter } from "../socketOptions.js";

/** An outgoing rate limit: `burst` messages at once, refilled at `perSecond`. */
export interface TokenBucketOptions {
  /** Sustained messages per second. */
  readonly perSecond: number;
  /** Messages that may go out back to back. @default perSecond, rounded up */
  readonly burst?: number;
}

/**
 * Servers close with 1008 "too many messages" when a client bursts; this bucket holds sends back in the socket's
 * queue instead. Tokens are counted from the clock the socket passes in, so no timer runs while nothing waits.
 * Pass it as `createSocket(url, { rateLimit: tokenBucket({ perSecond: 5 }) })`.
 */
export function tokenBucket(options: TokenBucketOptions): RateLimiter {
  const perSecond = options?.perSecond;
  if (!(typeof perSecond === "number" && perSecond > 0)) {
    throw new LifelineError("invalid-option", `tokenBucket: perSecond is ${String(perSecond)}. Use a number above 0.`);
  }
  const burst = options.burst ?? Math.max(1, Math.ceil(perSecond));
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new LifelineError(
      "invalid-option",
      `tokenBucket: burst is ${String(burst)}. Use a whole number of 1 or more, or leave it out for one second's worth.`,
    );
  }
  const perMs = perSecond / 1000;
  let tokens = burst;
  let updatedAt: number | null = null;
  const refill = (now: number) => {
    tokens = Math.min(burst, tokens + (now - (updatedAt ?? now)) * perMs);
    updatedAt = now;
  };
  return {
    take(now) {
      refill(now);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    waitMs(now) {
      refill(now);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
  };
}
