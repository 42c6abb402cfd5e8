import { describe, expect, it } from "vitest";
import { DEFAULT_DELAYS, MAX_DELAY_MS, resolveDelays, retryDelay } from "./backoff.js";

const backoff = { action: "backoff" } as const;

describe("retryDelay", () => {
  it("draws full jitter from [0, base·2^(n−1)], capped at 30 s", () => {
    expect(retryDelay(backoff, 1, 0)).toBe(0);
    expect(retryDelay(backoff, 1, 0.999_999)).toBe(1000);
    expect(retryDelay(backoff, 2, 0.5)).toBe(1000);
    expect(retryDelay(backoff, 3, 0.999_999)).toBe(4000);
    expect(retryDelay(backoff, 6, 0.999_999)).toBe(30_000);
    expect(retryDelay(backoff, 40, 0.999_999)).toBe(30_000);
  });

  it("spreads `soon` over the 3 s window", () => {
    expect(retryDelay({ action: "soon" }, 1, 0)).toBe(0);
    expect(retryDelay({ action: "soon" }, 5, 0.5)).toBe(1500);
    expect(retryDelay({ action: "soon" }, 1, 0.999_999)).toBe(3000);
  });

  it("keeps `slow` above a floor that doubles per attempt, and under 60 s", () => {
    expect(retryDelay({ action: "slow" }, 1, 0)).toBe(5000);
    expect(retryDelay({ action: "slow" }, 1, 0.999_999)).toBe(10_000);
    expect(retryDelay({ action: "slow" }, 2, 0)).toBe(10_000);
    expect(retryDelay({ action: "slow" }, 3, 0)).toBe(20_000);
    expect(retryDelay({ action: "slow" }, 9, 0.999_999)).toBe(60_000);
  });

  // Issue 12: at the cap every client waited exactly 60 s, so a fleet shed together came back together.
  it("keeps `slow`'s jitter at the cap: spread over [30 s, 60 s], not a single instant", () => {
    const atCap = [0, 0.25, 0.5, 0.75, 0.999_999].map((random) => retryDelay({ action: "slow" }, 12, random));
    expect(atCap).toEqual([30_000, 37_500, 45_000, 52_500, 60_000]);
  });

  it("never comes back before a hint, and spreads a fleet by at most 20 % (5 s at most)", () => {
    const hint = { action: "after-hint", retryAfterMs: 30_000 } as const;
    expect(retryDelay(hint, 1, 0)).toBe(30_000);
    expect(retryDelay(hint, 1, 0.999_999)).toBe(35_000);
    // The spread is at least the first backoff step (1 s), so a 2 s hint comes back within [2 s, 3 s].
    expect(retryDelay({ action: "after-hint", retryAfterMs: 2000 }, 1, 0.999_999)).toBe(3000);
  });

  // Issue 12: `retry-after=0` gave a delay of 0 on every attempt, a hot loop against a server that keeps saying it.
  it("grows the spread after a zero hint with the attempt, like the backoff", () => {
    const zero = { action: "after-hint", retryAfterMs: 0 } as const;
    expect([1, 2, 3, 4, 6].map((attempt) => retryDelay(zero, attempt, 0.999_999))).toEqual([
      1000, 2000, 4000, 8000, 30_000,
    ]);
    expect(retryDelay(zero, 5, 0.5)).toBe(8000);
  });

  it("refreshes credentials at once, or after the hint", () => {
    expect(retryDelay({ action: "refresh-auth" }, 1, 0.7)).toBe(0);
    expect(retryDelay({ action: "refresh-auth", retryAfterMs: 5000 }, 1, 0.7)).toBe(5000);
  });

  it("keeps attempts after a rate-limit rejection without a hint at least 30 s apart", () => {
    for (const random of [0, 0.3, 0.999]) {
      expect(retryDelay({ action: "slow" }, 1, random, DEFAULT_DELAYS, "rate-limited")).toBeGreaterThanOrEqual(30_000);
    }
  });

  // Issue 12: `1008 rate limit exceeded; retry-after=3` waited 30 s. The server said when; that wins.
  it("follows a rate-limit rejection's own hint instead of the 30 s floor", () => {
    const hinted = { action: "after-hint", retryAfterMs: 3000 } as const;
    for (const random of [0, 0.5, 0.999_999]) {
      const delay = retryDelay(hinted, 1, random, DEFAULT_DELAYS, "rate-limited");
      expect(delay).toBeGreaterThanOrEqual(3000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
    expect(retryDelay({ action: "after-hint", retryAfterMs: 90_000 }, 1, 0, DEFAULT_DELAYS, "rate-limited")).toBe(
      90_000,
    );
  });

  // Issue 12: a delay above 2^31−1 ms overflows the timer, which then fires at once.
  it("never returns a delay a timer cannot hold", () => {
    const huge = resolveDelays({ backoff: { baseMs: 1e12, maxMs: 1e13 } });
    expect(retryDelay(backoff, 3, 0.999_999, huge)).toBe(MAX_DELAY_MS);
    expect(retryDelay({ action: "after-hint", retryAfterMs: 86_400_000 * 40 }, 1, 0)).toBe(MAX_DELAY_MS);
  });

  it("uses the numbers it is given, group by group, over the defaults", () => {
    const delays = resolveDelays({ backoff: { baseMs: 100, factor: 3, maxMs: 500 } });
    expect(delays.soon).toEqual(DEFAULT_DELAYS.soon);
    expect(retryDelay(backoff, 2, 0.999_999, delays)).toBe(300);
    expect(retryDelay(backoff, 4, 0.999_999, delays)).toBe(500);
    expect(retryDelay({ action: "soon" }, 1, 0.5, resolveDelays({ soon: { windowMs: 800 } }))).toBe(400);
  });
});
