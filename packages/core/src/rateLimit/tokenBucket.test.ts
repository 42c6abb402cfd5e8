import { describe, expect, it } from "vitest";
import { tokenBucket } from "./tokenBucket.js";

describe("tokenBucket", () => {
  it("lets a burst through, then one message per 1/rate seconds, by the clock", () => {
    const bucket = tokenBucket({ perSecond: 10, burst: 3 });
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.take(99)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    // Refill stops at the burst size.
    const late = [10_000, 10_000, 10_000, 10_000].map((now) => bucket.take(now));
    expect(late).toEqual([true, true, true, false]);
  });

  it("defaults the burst to one second's worth, and starts full whatever the clock says", () => {
    const bucket = tokenBucket({ perSecond: 2 });
    expect([bucket.take(5e12), bucket.take(5e12), bucket.take(5e12)]).toEqual([true, true, false]);
  });

  it.each([
    [{ perSecond: 0 }, "tokenBucket: perSecond is 0. Use a number above 0."],
    [{ perSecond: Number.NaN }, "tokenBucket: perSecond is NaN. Use a number above 0."],
    [{ perSecond: 5, burst: 0.5 }, "tokenBucket: burst is 0.5. Use a whole number of 1 or more"],
  ])("rejects %j with a message that says what to use", (options, message) => {
    expect(() => tokenBucket(options)).toThrow(`[@lifeline/core] ${message}`);
  });
});
