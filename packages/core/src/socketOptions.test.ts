import { describe, expect, it } from "vitest";
import { redactUrl } from "./redactUrl.js";
import { normalizeUrl, resolveOptions } from "./socketOptions.js";

describe("normalizeUrl", () => {
  it("keeps ws and wss, and turns http(s) into ws(s) as browsers do", () => {
    expect(normalizeUrl("wss://example.com/socket", redactUrl)).toBe("wss://example.com/socket");
    expect(normalizeUrl("ws://127.0.0.1:8080", redactUrl)).toBe("ws://127.0.0.1:8080/");
    expect(normalizeUrl("https://example.com/s", redactUrl)).toBe("wss://example.com/s");
    expect(normalizeUrl("http://example.com/s", redactUrl)).toBe("ws://example.com/s");
  });

  it.each([
    ["ftp://example.com", /uses ftp:, which is not a WebSocket scheme\. Use ws:\/\/ or wss:\/\//],
    ["example dot com", /is not a valid URL\. Use an absolute ws:\/\/ or wss:\/\/ URL/],
    ["wss://example.com/#x", /has a #fragment, which browsers refuse for WebSockets\. Remove it\./],
  ])("rejects %j with a message that says what to use", (url, message) => {
    expect(() => normalizeUrl(url, redactUrl)).toThrow(message);
  });

  it("names the package and redacts the token in its message", () => {
    expect(() => normalizeUrl("ftp://x.io/?token=hunter2", redactUrl)).toThrow(
      '[@lifeline/core] createSocket: "ftp://x.io/?token=redacted" uses ftp:',
    );
  });

  it("rejects a URL that is not a string", () => {
    expect(() => normalizeUrl(42, redactUrl)).toThrow(
      /the URL is a number\. Pass a string such as "wss:\/\/example\.com\/socket"/,
    );
  });
});

describe("resolveOptions", () => {
  it("fills in the documented defaults", () => {
    expect(resolveOptions({})).toEqual({
      backoff: {
        baseDelayMs: 1000,
        factor: 2,
        maxDelayMs: 30_000,
        soonWindowMs: 3000,
        slowFloorMs: 5000,
        slowMaxDelayMs: 60_000,
        rateLimitedDelayMs: 30_000,
      },
      minUptimeMs: 5000,
      maxRetries: Number.POSITIVE_INFINITY,
      connectTimeoutMs: 10_000,
      closeTimeoutMs: 3000,
      diagnosticsLimit: 100,
    });
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
    [{ rateLimit: { perSecond: 0 } }, "options.rateLimit.perSecond is 0. Use a number above 0."],
    [{ refreshCredentials: "yes" as never }, "options.refreshCredentials is a string. Pass a function."],
  ])("rejects %j at creation", (options, message) => {
    expect(() => resolveOptions(options)).toThrow(`[@lifeline/core] createSocket: ${message}`);
  });
});
