/** An outgoing rate limit: `burst` messages at once, refilled at `perSecond`. */
export interface RateLimitOptions {
  /** Sustained messages per second. */
  readonly perSecond: number;
  /** Messages that may go out back to back. @default perSecond */
  readonly burst?: number;
}

export interface TokenBucket {
  /** Takes a token if one is there. */
  take(): boolean;
  /** Milliseconds until the next token, 0 if one is there now. */
  waitMs(): number;
}

/**
 * Servers close with 1008 "too many messages" when a client bursts; this bucket holds sends back in the queue
 * instead. Tokens are counted from the wall clock, so no timer runs while nothing is waiting.
 */
export function createTokenBucket(options: RateLimitOptions, now: () => number): TokenBucket {
  const capacity = options.burst ?? options.perSecond;
  const perMs = options.perSecond / 1000;
  let tokens = capacity;
  let updatedAt = now();
  const refill = () => {
    const time = now();
    tokens = Math.min(capacity, tokens + (time - updatedAt) * perMs);
    updatedAt = time;
  };
  return {
    take() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    waitMs() {
      refill();
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
  };
}
