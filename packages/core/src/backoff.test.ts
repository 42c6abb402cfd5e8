import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, retryDelay } from "./backoff.js";

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

  it("never comes back before a hint, and spreads a fleet by at most 20 % (5 s at most)", () => {
    const hint = { action: "after-hint", retryAfterMs: 30_000 } as const;
    expect(retryDelay(hint, 1, 0)).toBe(30_000);
    expect(retryDelay(hint, 1, 0.999_999)).toBe(35_000);
    expect(retryDelay({ action: "after-hint", retryAfterMs: 2000 }, 1, 0.999_999)).toBe(2400);
  });

  it("refreshes credentials at once, or after the hint", () => {
    expect(retryDelay({ action: "refresh-auth" }, 1, 0.7)).toBe(0);
    expect(retryDelay({ action: "refresh-auth", retryAfterMs: 5000 }, 1, 0.7)).toBe(5000);
  });

  it("keeps attempts after a rate-limit rejection at least 30 s apart, whatever the action", () => {
    for (const random of [0, 0.3, 0.999]) {
      expect(retryDelay({ action: "slow" }, 1, random, DEFAULT_BACKOFF, "rate-limited")).toBeGreaterThanOrEqual(30_000);
      expect(
        retryDelay({ action: "after-hint", retryAfterMs: 1000 }, 1, random, DEFAULT_BACKOFF, "rate-limited"),
      ).toBeGreaterThanOrEqual(30_000);
    }
    expect(retryDelay({ action: "after-hint", retryAfterMs: 90_000 }, 1, 0, DEFAULT_BACKOFF, "rate-limited")).toBe(
      90_000,
    );
  });

  it("uses the numbers it is given", () => {
    const options = { ...DEFAULT_BACKOFF, baseDelayMs: 100, factor: 3, maxDelayMs: 500 };
    expect(retryDelay(backoff, 2, 0.999_999, options)).toBe(300);
    expect(retryDelay(backoff, 4, 0.999_999, options)).toBe(500);
  });
});
