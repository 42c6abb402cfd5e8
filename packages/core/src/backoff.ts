import type { ClosePolicy, RetryDecision } from "./types.js";

// The numbers behind the close table's actions (closeTable.ts says which action follows which close).

/**
 * The numbers behind each retry action, grouped by the action that uses them. Every field has a default
 * (`DEFAULT_DELAYS`); `reconnect` in the socket's options takes any part of it.
 */
export interface ReconnectDelays {
  /** `backoff`: full jitter under a ceiling of `baseMs · factor^(attempt−1)`, at most `maxMs`. @default { baseMs: 1000, factor: 2, maxMs: 30000 } */
  readonly backoff: { readonly baseMs: number; readonly factor: number; readonly maxMs: number };
  /** `soon`: a delay drawn from [0, windowMs], so a fleet returning from a restart arrives spread out. @default { windowMs: 3000 } */
  readonly soon: { readonly windowMs: number };
  /** `slow`: a floor that doubles per attempt, plus up to the same again, never above `maxMs`. @default { floorMs: 5000, maxMs: 60000 } */
  readonly slow: { readonly floorMs: number; readonly maxMs: number };
  /** A rate-limit rejection without a hint: attempts at least `minMs` apart (at most 2 a minute). @default { minMs: 30000 } */
  readonly rateLimited: { readonly minMs: number };
}

/** The numbers behind each action, the schedule's defaults. */
export const DEFAULT_DELAYS: ReconnectDelays = {
  backoff: { baseMs: 1000, factor: 2, maxMs: 30_000 },
  soon: { windowMs: 3000 },
  slow: { floorMs: 5000, maxMs: 60_000 },
  rateLimited: { minMs: 30_000 },
};

/** Timers take a signed 32-bit delay; anything longer fires at once, so every delay stops here (about 24.8 days). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * How long to wait before attempt number `attempt` (1 for the first retry), for a decision that is not `never`.
 * Pure: randomness comes in as `random`, a number in [0, 1).
 *
 * - backoff: full jitter, U[0, min(max, base·factor^(attempt−1))]. AWS measured it to do the least work of the
 *   jitter schemes, and it draws the first retry from [0, base], which answers RFC 6455 §7.2.3's call for a random
 *   delay.
 * - soon: U[0, window], for planned restarts where every client returns at once.
 * - slow: a floor that doubles per attempt (5 s, 10 s, 20 s…) plus up to the same again. The floor stops at half the
 *   cap, so the spread survives the cap: a fleet at the cap waits between 30 and 60 s, not exactly 60 s.
 * - after-hint: the server's time plus a spread: 20 % of the hint (at most 5 s), or the backoff ceiling of this
 *   attempt if that is larger. A server that keeps saying `retry-after=0` thus gets a growing backoff, not a loop.
 * - refresh-auth: at once, or after the hint if the server gave one.
 *
 * A rate-limit rejection without a hint is not retried within `rateLimited.minMs`; with a hint, the hint is the
 * best information there is and wins.
 */
export function retryDelay(
  decision: RetryDecision,
  attempt: number,
  random: number,
  delays: ReconnectDelays = DEFAULT_DELAYS,
  policy?: ClosePolicy,
): number {
  const { backoff, slow } = delays;
  const growth = backoff.factor ** Math.max(0, attempt - 1);
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * growth);
  const hint = decision.retryAfterMs;
  const floor = Math.min(slow.maxMs / 2, slow.floorMs * growth);
  let delay =
    decision.action === "soon"
      ? random * delays.soon.windowMs
      : decision.action === "slow"
        ? floor * (1 + random)
        : decision.action === "after-hint"
          ? (hint ?? 0) + random * Math.max(Math.min((hint ?? 0) * 0.2, 5000), ceiling)
          : decision.action === "refresh-auth"
            ? (hint ?? 0)
            : random * ceiling;
  if (policy === "rate-limited" && hint === undefined) {
    delay = Math.max(delay, delays.rateLimited.minMs * (1 + random * 0.1));
  }
  return Math.round(Math.min(delay, MAX_DELAY_MS));
}

/** What `reconnect` may give: any part of any group. */
export type ReconnectDelayOptions = { readonly [Group in keyof ReconnectDelays]?: Partial<ReconnectDelays[Group]> };

/** The app's numbers over the defaults, group by group. */
export function resolveDelays(options: ReconnectDelayOptions = {}): ReconnectDelays {
  const delays: Record<string, unknown> = {};
  for (const group in DEFAULT_DELAYS) {
    delays[group] = { ...DEFAULT_DELAYS[group as keyof ReconnectDelays], ...options[group as keyof ReconnectDelays] };
  }
  return delays as unknown as ReconnectDelays;
}
