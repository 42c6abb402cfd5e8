import { describe, expect, it } from "vitest";
import { createTokenBucket } from "./tokenBucket.js";

describe("createTokenBucket", () => {
  it("lets a burst through, then one message per 1/rate seconds, by the clock", () => {
    let now = 0;
    const bucket = createTokenBucket({ perSecond: 10, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.waitMs()).toBe(100);
    now = 99;
    expect(bucket.take()).toBe(false);
    now = 100;
    expect(bucket.take()).toBe(true);
    now = 10_000;
    // Refill stops at the burst size.
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it("defaults the burst to one second's worth", () => {
    const bucket = createTokenBucket({ perSecond: 2 }, () => 0);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
