import { describe, expect, it } from "vitest";
import { classifyClose } from "../classifyClose.js";
import { httpProbe, parseRetryAfter, verdictOf } from "./httpProbe.js";

const refused = classifyClose({ code: 1006 }, { opened: false });

function fakeFetch(status: number, headers: Record<string, string> = {}) {
  const calls: { url: string; init: unknown }[] = [];
  const fetch = async (url: string, init: unknown) => {
    calls.push({ url, init });
    return { status, headers: { get: (name: string) => headers[name.toLowerCase()] ?? null } };
  };
  return { fetch, calls };
}

describe("httpProbe", () => {
  it("asks the http(s) form of the WebSocket URL and reads the status and Retry-After in seconds", async () => {
    const { fetch, calls } = fakeFetch(429, { "retry-after": "5" });
    expect(await httpProbe({ fetch })("wss://x.test/live?room=1", refused)).toMatchObject({
      httpStatus: 429,
      policy: "rate-limited",
      retry: { action: "after-hint", retryAfterMs: 5000 },
    });
    expect(calls[0]?.url).toBe("https://x.test/live?room=1");
    expect(calls[0]?.init).toMatchObject({ method: "GET", cache: "no-store", credentials: "same-origin" });
  });

  it("asks the URL it is given instead, when the server only speaks WebSocket on the socket's path", async () => {
    const { fetch, calls } = fakeFetch(503);
    await httpProbe({ fetch, url: (ws) => `${ws.replace("ws:", "http:")}/health` })("ws://x.test/live", refused);
    expect(calls[0]?.url).toBe("http://x.test/live/health");
  });

  it("says nothing when the request fails, as a CORS refusal does", async () => {
    const probe = httpProbe({
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    expect(await probe("wss://x.test/live", refused)).toBeNull();
  });
});

describe("verdictOf", () => {
  it.each([
    [401, { policy: "unauthorized", category: "rejected", retry: { action: "refresh-auth" } }],
    [403, { policy: "forbidden", category: "rejected", retry: { action: "never" } }],
    [429, { policy: "rate-limited", category: "rejected", retry: { action: "slow" } }],
    [503, { category: "overloaded", retry: { action: "slow" } }],
  ] as const)("reads %i as a verdict", (status, expected) => {
    expect(verdictOf(refused, status)).toMatchObject({ ...expected, httpStatus: status, code: 1006, beforeOpen: true });
  });

  it("honours Retry-After, except for a stop", () => {
    expect(verdictOf(refused, 503, 5000)?.retry).toEqual({ action: "after-hint", retryAfterMs: 5000 });
    expect(verdictOf(refused, 401, 5000)?.retry).toEqual({ action: "refresh-auth", retryAfterMs: 5000 });
    expect(verdictOf(refused, 403, 5000)?.retry).toEqual({ action: "never" });
  });

  it.each([426, 400, 404, 500, 200])("has no verdict for %i: reachable, reason unknown", (status) => {
    expect(verdictOf(refused, status)).toBeNull();
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and ignores what it cannot read", () => {
    const now = Date.parse("Wed, 02 Dec 2026 08:00:00 GMT");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 02 Dec 2026 08:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
