import { describe, expect, it } from "vitest";
import { classifyClose } from "./classifyClose.js";
import type { CloseKind } from "./types.js";
import { utf8ByteLength } from "./utf8.js";

// The expected kind for every integer code, written as inclusive spans straight from the list, so the
// test does not reuse the implementation's own table.
const SPANS: ReadonlyArray<readonly [number, number, CloseKind]> = [
  [0, 999, "invalid"],
  [1000, 1000, "normal"],
  [1001, 1001, "going-away"],
  [1002, 1002, "protocol-error"],
  [1003, 1003, "unsupported-data"],
  [1004, 1004, "reserved"],
  [1005, 1005, "no-status"],
  [1006, 1006, "abnormal"],
  [1007, 1007, "invalid-payload"],
  [1008, 1008, "policy-violation"],
  [1009, 1009, "message-too-big"],
  [1010, 1010, "mandatory-extension"],
  [1011, 1011, "internal-error"],
  [1012, 1012, "service-restart"],
  [1013, 1013, "try-again-later"],
  [1014, 1014, "bad-gateway"],
  [1015, 1015, "tls-handshake"],
  [1016, 2999, "reserved"],
  [3000, 3000, "unauthorized"],
  [3001, 3002, "registered"],
  [3003, 3003, "forbidden"],
  [3004, 3007, "registered"],
  [3008, 3008, "timeout"],
  [3009, 3999, "registered"],
  [4000, 4999, "private"],
  [5000, 5000, "invalid"],
];

function expectedKind(code: number): CloseKind | undefined {
  return SPANS.find(([from, to]) => code >= from && code <= to)?.[2];
}

describe("classifyClose: kinds", () => {
  it("gives every integer code from 0 to 5000 the kind of its span", () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 5000; code++) {
      const kind = classifyClose({ code }).kind;
      if (kind !== expectedKind(code)) wrong.push(`${code}: ${kind}, expected ${expectedKind(code)}`);
    }
    expect(wrong).toEqual([]);
  });

  const edges = SPANS.flatMap(([from, to, kind]) =>
    from === to
      ? [[from, kind]]
      : [
          [from, kind],
          [to, kind],
        ],
  );
  it.each(edges)("classifies the span edge %i as %s", (code, kind) => {
    expect(classifyClose({ code: code as number }).kind).toBe(kind);
  });

  it.each([
    [1000, "Normal Closure"],
    [1006, "Abnormal Closure"],
    [1008, "Policy Violation"],
    [1013, "Try Again Later"],
    [3003, "Forbidden"],
    [4321, "Private Use"],
    [2500, "Unassigned (Reserved for the Protocol)"],
  ])("names %i %j", (code, name) => {
    expect(classifyClose({ code }).name).toBe(name);
  });

  it.each([
    [1005, true],
    [1006, true],
    [1015, true],
    [1000, false],
    [1008, false],
    [4000, false],
  ])("marks %i as reserved=%s (never sent by an endpoint)", (code, reserved) => {
    expect(classifyClose({ code }).reserved).toBe(reserved);
  });

  it("returns a frozen object with a frozen retry decision", () => {
    const verdict = classifyClose({ code: 1006 });
    expect(Object.isFrozen(verdict)).toBe(true);
    expect(Object.isFrozen(verdict.retry)).toBe(true);
  });
});

describe("classifyClose: default retry decisions", () => {
  it.each([
    [1000, "backoff"],
    [1001, "soon"],
    [1002, "backoff"],
    [1003, "never"],
    [1005, "backoff"],
    [1006, "backoff"],
    [1007, "never"],
    [1008, "never"],
    [1009, "backoff"],
    [1010, "never"],
    [1011, "backoff"],
    [1012, "soon"],
    [1013, "slow"],
    [1014, "backoff"],
    [1015, "backoff"],
    [3000, "refresh-auth"],
    [3003, "never"],
    [3008, "backoff"],
    [4401, "refresh-auth"],
    [4403, "never"],
    [4429, "slow"],
    [4000, "backoff"],
  ])("after %i the default is %s", (code, action) => {
    expect(classifyClose({ code }).retry.action).toBe(action);
  });

  it("caps attempts for codes that point at a bug or an unknown convention", () => {
    expect(classifyClose({ code: 1002 }).retry.maxAttempts).toBe(1);
    expect(classifyClose({ code: 1011 }).retry.maxAttempts).toBe(8);
    expect(classifyClose({ code: 4000 }).retry.maxAttempts).toBe(5);
    expect(classifyClose({ code: 1006 }).retry.maxAttempts).toBeUndefined();
  });

  it("never retries a close this client asked for, even one that arrives as 1006", () => {
    const verdict = classifyClose({ code: 1006, reason: "" }, { closeRequested: true, opened: false });
    expect(verdict).toMatchObject({
      kind: "abnormal",
      userInitiated: true,
      beforeOpen: true,
      retry: { action: "never" },
    });
    expect(verdict.policy).toBeUndefined();
  });

  it("ignores rejection words and hints when this client closed", () => {
    const verdict = classifyClose({ code: 1000, reason: "rate limited; retry-after=30" }, { closeRequested: true });
    expect(verdict.policy).toBeUndefined();
    expect(verdict.retry).toEqual({ action: "never" });
  });
});

describe("classifyClose: policy", () => {
  it.each([
    [4429, "rate-limited"],
    [4401, "unauthorized"],
    [4403, "forbidden"],
    [3000, "unauthorized"],
    [3003, "forbidden"],
    [1008, "unspecified"],
  ])("takes the policy of %i from the code alone", (code, policy) => {
    expect(classifyClose({ code }).policy).toBe(policy);
  });

  it.each([1000, 1001, 1005, 1006, 1011, 1012, 1013, 4000, 4500])("finds no rejection in a bare %i", (code) => {
    expect(classifyClose({ code }).policy).toBeUndefined();
    expect("policy" in classifyClose({ code })).toBe(false);
  });

  const families: ReadonlyArray<readonly [string, readonly string[]]> = [
    [
      "rate-limited",
      [
        "rate limit exceeded",
        "Rate-Limit Exceeded!",
        "RATE_LIMIT_EXCEEDED",
        "rateLimitExceeded",
        "rate limited",
        "Too Many Requests",
        "too many messages",
        "too-many-connections",
        "Slow down.",
        "throttled",
        '{"error":"rate_limited"}',
      ],
    ],
    [
      "auth-expired",
      ["token expired", "Token Expired.", "jwt expired", "JWT_EXPIRED", "session has expired", "expiredToken"],
    ],
    ["unauthorized", ["not authorized", "Unauthorized", "UNAUTHENTICATED", "invalid token", "authentication failed"]],
    ["forbidden", ["forbidden", "Access denied", "PERMISSION_DENIED", "banned"]],
  ];
  for (const [policy, phrases] of families) {
    it.each(phrases)(`reads ${policy} from a 1008 reason %j`, (reason) => {
      expect(classifyClose({ code: 1008, reason }).policy).toBe(policy);
    });
  }

  it.each([
    ["rate limit exceeded", "slow"],
    ["token expired", "refresh-auth"],
    ["not authorized", "refresh-auth"],
    ["access denied", "never"],
    ["you did something", "never"],
  ])("turns a 1008 %j into %s", (reason, action) => {
    expect(classifyClose({ code: 1008, reason }).retry.action).toBe(action);
  });

  it("reads the reason of codes without a specific cause of their own (1000, 1011, 4xxx)", () => {
    expect(classifyClose({ code: 4000, reason: "Too many requests" }).policy).toBe("rate-limited");
    expect(classifyClose({ code: 1000, reason: "session expired" }).policy).toBe("auth-expired");
    expect(classifyClose({ code: 1011, reason: "jwt expired" }).retry.action).toBe("refresh-auth");
  });

  it("keeps a restart a restart even when the reason mentions load", () => {
    const verdict = classifyClose({ code: 1012, reason: "too many connections, restarting" });
    expect(verdict.policy).toBeUndefined();
    expect(verdict.retry.action).toBe("soon");
  });

  it("lets an expired-token reason refine 4401 and 3000, but nothing overrides 4429 or 4403", () => {
    expect(classifyClose({ code: 4401, reason: "token expired" }).policy).toBe("auth-expired");
    expect(classifyClose({ code: 3000, reason: "jwt expired" }).policy).toBe("auth-expired");
    expect(classifyClose({ code: 4429, reason: "forbidden" }).policy).toBe("rate-limited");
    expect(classifyClose({ code: 4403, reason: "slow down" }).policy).toBe("forbidden");
  });

  // Every phrase the built-in patterns promise, written out rather than derived from them.
  it.each([
    ...["rate limit", "rate limited", "ratelimit", "ratelimited", "too many requests", "too many messages"].map(
      (phrase) => [phrase, "rate-limited"],
    ),
    ...["too many connections", "too many attempts", "slow down", "throttled", "quota exceeded", "flood"].map(
      (phrase) => [phrase, "rate-limited"],
    ),
    ...["token expired", "jwt expired", "session expired", "expired token", "expired jwt", "expired session"].map(
      (phrase) => [phrase, "auth-expired"],
    ),
    ...["credentials expired", "auth expired", "token has expired", "session has expired", "login expired"].map(
      (phrase) => [phrase, "auth-expired"],
    ),
    ...["forbidden", "access denied", "permission denied", "not permitted", "insufficient permissions", "banned"].map(
      (phrase) => [phrase, "forbidden"],
    ),
    ...["unauthorized", "unauthorised", "not authorized", "not authorised", "unauthenticated", "not authenticated"].map(
      (phrase) => [phrase, "unauthorized"],
    ),
    ...["authentication failed", "authentication required", "invalid token", "missing token", "bad token"].map(
      (phrase) => [phrase, "unauthorized"],
    ),
    ...["invalid credentials", "login required"].map((phrase) => [phrase, "unauthorized"]),
  ])("reads the phrase %j inside a sentence as %s", (phrase, policy) => {
    expect(classifyClose({ code: 1008, reason: `Closing: ${phrase}, sorry.` }).policy).toBe(policy);
  });

  it("does not see phrases inside longer words", () => {
    expect(classifyClose({ code: 1008, reason: "flooding the channel is fine" }).policy).toBe("unspecified");
    expect(classifyClose({ code: 1008, reason: "unforbiddenness" }).policy).toBe("unspecified");
  });
});

describe("classifyClose: retry hints", () => {
  it.each([
    ["retry-after=30", 30_000],
    ["Retry-After: 30", 30_000],
    ["rate limited; retry-after=30", 30_000],
    ["retry after 30s", 30_000],
    ["retry after 30 seconds", 30_000],
    ["retry_after=2.5", 2_500],
    ["retryAfter=12", 12_000],
    ["retry in 500ms", 500],
    ["retry-after-ms=1500", 1_500],
    ["retrying in 2 min", 120_000],
    ['{"retryAfter":30}', 30_000],
    ['{"retry_after":"45"}', 45_000],
    ['{"retryAfterMs":1500,"reason":"slow down"}', 1_500],
    ['{"reason":"busy, retry after 10s"}', 10_000],
    // JSON cut short by a server that overran 123 bytes still names its delay plainly.
    ['{"retryAfter":30,"reason":"cut sho', 30_000],
  ])("reads %j as %i ms", (reason, ms) => {
    expect(classifyClose({ code: 1008, reason }).retry).toEqual({ action: "after-hint", retryAfterMs: ms });
  });

  it.each([
    "retry-after=abc",
    "retry-after=-5",
    "retry-after=",
    "retry-after=99999999",
    '{"retryAfter":null}',
    '{"retryAfter":"soon"}',
    '{"retryAfter":"3O"}',
    "after 30 seconds",
    "retry later",
  ])("ignores the garbage hint %j", (reason) => {
    expect(classifyClose({ code: 1013, reason }).retry).toEqual({ action: "slow" });
  });

  it("waits for the hint after a 1013 instead of using the slow floor", () => {
    expect(classifyClose({ code: 1013, reason: "retry-after=20" }).retry).toEqual({
      action: "after-hint",
      retryAfterMs: 20_000,
    });
  });

  it("keeps refresh-auth and only learns the wait when an auth close carries a hint", () => {
    expect(classifyClose({ code: 4401, reason: "retry-after=5" }).retry).toEqual({
      action: "refresh-auth",
      retryAfterMs: 5_000,
    });
  });
});

describe("classifyClose: reason", () => {
  it("keeps a reason of exactly 123 bytes whole", () => {
    const reason = "a".repeat(123);
    expect(classifyClose({ code: 1000, reason }).reason).toBe(reason);
  });

  it("cuts an ASCII reason to 123 bytes", () => {
    expect(classifyClose({ code: 1000, reason: "a".repeat(124) }).reason).toBe("a".repeat(123));
  });

  it("cuts two-byte characters without splitting one", () => {
    const reason = classifyClose({ code: 1000, reason: "é".repeat(62) }).reason;
    expect(reason).toBe("é".repeat(61));
    expect(utf8ByteLength(reason)).toBe(122);
  });

  it("cuts three-byte characters without splitting one", () => {
    const reason = classifyClose({ code: 1000, reason: "限".repeat(42) }).reason;
    expect(reason).toBe("限".repeat(41));
  });

  it("drops a four-byte emoji that would straddle the limit", () => {
    const reason = classifyClose({ code: 1000, reason: `${"a".repeat(121)}🚀` }).reason;
    expect(reason).toBe("a".repeat(121));
  });

  it("answers a 1 MB reason at once and without throwing", () => {
    const verdict = classifyClose({ code: 1008, reason: `${"x ".repeat(500_000)}rate limit` });
    expect(utf8ByteLength(verdict.reason)).toBeLessThanOrEqual(123);
    expect(verdict.policy).toBe("unspecified");
  });
});

describe("classifyClose: what the client knows", () => {
  it("marks a 1006 on a socket that never opened as beforeOpen", () => {
    const verdict = classifyClose({ code: 1006, reason: "", wasClean: false }, { opened: false });
    expect(verdict).toMatchObject({
      kind: "abnormal",
      beforeOpen: true,
      userInitiated: false,
      retry: { action: "backoff" },
    });
  });

  it("does not mark a drop after open as beforeOpen", () => {
    expect(classifyClose({ code: 1006 }, { opened: true }).beforeOpen).toBe(false);
    expect(classifyClose({ code: 1006 }).beforeOpen).toBe(false);
  });

  it("keeps wasClean from the event and derives it when absent", () => {
    expect(classifyClose({ code: 1000, wasClean: false }).wasClean).toBe(false);
    expect(classifyClose({ code: 1006 }).wasClean).toBe(false);
    expect(classifyClose({ code: 1000 }).wasClean).toBe(true);
  });
});

describe("classifyClose: invalid input", () => {
  it.each([
    ["a missing code", {}],
    ["a null event", null],
    ["an undefined event", undefined],
    ["NaN", { code: Number.NaN }],
    ["a string code", { code: "1000" }],
  ])("answers %s with code 0, kind invalid", (_label, event) => {
    const verdict = classifyClose(event as never);
    expect(verdict).toMatchObject({ code: 0, kind: "invalid", name: "Unused", reason: "" });
  });

  it.each([1000.5, -1, 65535, Number.POSITIVE_INFINITY])("answers the code %d with kind invalid", (code) => {
    expect(classifyClose({ code }).kind).toBe("invalid");
  });

  it("treats a reason that is not a string as empty", () => {
    expect(classifyClose({ code: 1008, reason: { toString: () => "rate limit" } as never }).reason).toBe("");
  });
});

describe("classifyClose: categories", () => {
  it.each([
    [1006, "", "lost"],
    [1001, "", "planned"],
    [1012, "", "planned"],
    [1013, "", "overloaded"],
    [1002, "", "bug"],
    [1008, "", "rejected"],
    [1000, "", "normal"],
    [1000, "token expired", "rejected"],
    [4429, "", "rejected"],
    [4000, "", "lost"],
  ] as const)("puts %i %j in the %s category", (code, reason, category) => {
    expect(classifyClose({ code, reason }).category).toBe(category);
  });

  it("calls a close this client asked for normal, whatever the code", () => {
    expect(classifyClose({ code: 1006 }, { closeRequested: true }).category).toBe("normal");
  });
});
