import { describe, expect, it } from "vitest";
import { checkOptions } from "./socketOptions.js";

describe("checkOptions", () => {
  it("accepts no options and every documented kind of value", () => {
    expect(() => checkOptions({})).not.toThrow();
    expect(() =>
      checkOptions({
        connectTimeoutMs: 5000,
        reconnect: { factor: 1.5, maxRetries: Number.POSITIVE_INFINITY, decide: () => undefined },
        heartbeat: { intervalMs: 1000, timeoutMs: 500 },
        queue: { maxSize: 0, overflow: "drop-oldest" },
        rateLimit: { take: () => true, waitMs: () => 0 },
        onDiagnostic: () => {},
      }),
    ).not.toThrow();
  });

  it.each([
    [{ connectTimeoutMs: 0 }, "options.connectTimeoutMs is 0. Use a number above 0."],
    [{ reconnect: { factor: 0.5 } }, "options.reconnect.factor is 0.5. Use a finite number of 1 or more."],
    [{ reconnect: { baseDelayMs: -1 } }, "options.reconnect.baseDelayMs is -1. Use a number of 0 or more."],
    [
      { reconnect: { maxRetries: 2.5 } },
      "options.reconnect.maxRetries is 2.5. Use a whole number of 0 or more (or Infinity).",
    ],
    [{ heartbeat: { intervalMs: 1000 } as never }, "options.heartbeat.timeoutMs is NaN. Use a number above 0."],
    [{ queue: { maxSize: Number.POSITIVE_INFINITY } }, "options.queue.maxSize must be finite."],
    [
      { queue: { overflow: "drop-newest" as never } },
      'options.queue.overflow is "drop-newest". Use "reject" or "drop-oldest".',
    ],
    [
      { rateLimit: { perSecond: 5 } as never },
      "options.rateLimit is a plain object. Pass tokenBucket({ perSecond: 5 }) from @lifeline/core/rate-limit.",
    ],
    [{ onDiagnostic: [] as never }, "options.onDiagnostic is a object. Pass a function."],
    [{ refreshCredentials: "yes" as never }, "options.refreshCredentials is a string. Pass a function."],
  ])("rejects %j at creation", (options, message) => {
    expect(() => checkOptions(options)).toThrow(`[@lifeline/core] createSocket: ${message}`);
  });
});
