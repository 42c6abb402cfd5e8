import { describe, expect, it } from "vitest";
import { diagnostics } from "./diagnostics/feature.js";
import { heartbeat } from "./heartbeat/heartbeat.js";
import { checkOptions } from "./socketOptions.js";

describe("checkOptions", () => {
  it("accepts no options and every documented kind of value", () => {
    expect(() => checkOptions({})).not.toThrow();
    expect(() =>
      checkOptions({
        connectTimeoutMs: 5000,
        reconnect: { backoff: { factor: 1.5 }, slow: { maxMs: 90_000 }, maxAttempts: Number.POSITIVE_INFINITY },
        refreshTimeoutMs: 2000,
        queue: { maxSize: 0, overflow: "drop-oldest" },
        rateLimit: { take: () => true, waitMs: () => 0 },
        use: [heartbeat({ intervalMs: 1000, timeoutMs: 500 }), diagnostics(() => {})],
      }),
    ).not.toThrow();
  });

  it.each([
    [{ connectTimeoutMs: 0 }, "options.connectTimeoutMs is 0. Use a number above 0."],
    [
      { reconnect: { backoff: { factor: 0.5 } } },
      "options.reconnect.backoff.factor is 0.5. Use a finite number of 1 or more.",
    ],
    [{ reconnect: { backoff: { baseMs: -1 } } }, "options.reconnect.backoff.baseMs is -1. Use a number of 0 or more."],
    [
      { reconnect: { slow: { floor: 1 } as never } },
      "options.reconnect.slow.floor is not an option. Use floorMs, maxMs.",
    ],
    [
      { reconnect: { maxAttempts: 2.5 } },
      "options.reconnect.maxAttempts is 2.5. Use a whole number of 0 or more (or Infinity).",
    ],
    [{ refreshTimeoutMs: 0 }, "options.refreshTimeoutMs is 0. Use a number above 0."],
    // Options that 0.1 had: the message says what replaced each.
    [
      { reconnect: { decide: () => undefined } as never },
      "options.reconnect.decide was removed in 0.2: teach the close table with createCloseClassifier({ codes }) from @lifeline/core/classify.",
    ],
    [
      { reconnect: { maxRetries: 3 } as never },
      "options.reconnect.maxRetries was removed in 0.2: use reconnect.maxAttempts.",
    ],
    [
      { reconnect: { baseDelayMs: 100 } as never },
      "options.reconnect.baseDelayMs was removed in 0.2: use reconnect.backoff: { baseMs, factor, maxMs }.",
    ],
    [
      { reconnect: { rateLimitedDelayMs: 100 } as never },
      "options.reconnect.rateLimitedDelayMs was removed in 0.2: use reconnect.rateLimited: { minMs }.",
    ],
    [{ queue: { maxSize: Number.POSITIVE_INFINITY } }, "options.queue.maxSize must be finite."],
    [
      { queue: { overflow: "drop-newest" as never } },
      'options.queue.overflow is "drop-newest". Use "reject" or "drop-oldest".',
    ],
    [
      { rateLimit: { perSecond: 5 } as never },
      "options.rateLimit is a plain object. Pass tokenBucket({ perSecond: 5 }) from @lifeline/core/rate-limit.",
    ],
    // Options that became features in 0.3: the message says which feature takes each now.
    [
      { heartbeat: { intervalMs: 1000, timeoutMs: 500 } } as never,
      "options.heartbeat moved to a feature in 0.3: use: [heartbeat({ intervalMs, timeoutMs })] from @lifeline/core/heartbeat.",
    ],
    [
      { onDiagnostic: () => {} } as never,
      "options.onDiagnostic moved to a feature in 0.3: use: [diagnostics(listener)] from @lifeline/core/diagnostics.",
    ],
    [
      { use: [heartbeat] } as never,
      "options.use must be a list of features, such as [browser(), heartbeat({ intervalMs: 25000, timeoutMs: 5000 })]. Call each feature's function: `browser()`, not `browser`.",
    ],
    [{ refreshCredentials: "yes" as never }, "options.refreshCredentials is a string. Pass a function."],
    [{ queue: { onDrop: 1 as never } }, "options.queue.onDrop is a number. Pass a function."],
  ])("rejects %j at creation", (options, message) => {
    expect(() => checkOptions(options)).toThrow(`[@lifeline/core] createSocket: ${message}`);
  });

  it("checks a feature's settings where the feature is made", () => {
    expect(() => heartbeat({ intervalMs: 1000 } as never)).toThrow(
      "[@lifeline/core] createSocket: options.heartbeat.timeoutMs is NaN. Use a number above 0.",
    );
  });
});
