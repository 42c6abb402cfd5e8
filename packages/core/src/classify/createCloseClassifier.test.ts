import { describe, expect, it } from "vitest";
import { classifyClose } from "../classifyClose.js";
import { createCloseClassifier } from "./createCloseClassifier.js";

describe("createCloseClassifier: per-server rules", () => {
  // Discord's gateway: 4004 authentication failed and 4010–4014 are final; 4008 is its rate limit.
  const discord = createCloseClassifier({
    codes: {
      4004: { name: "Authentication failed", policy: "unauthorized", retry: "never" },
      "4010-4014": { retry: "never" },
      4008: { name: "Rate limited", policy: "rate-limited" },
    },
  });

  it("applies an exact rule with its own name and policy", () => {
    expect(discord({ code: 4004 })).toMatchObject({
      kind: "private",
      name: "Authentication failed",
      policy: "unauthorized",
      retry: { action: "never" },
    });
  });

  it("applies a range rule to each code in it and not beyond", () => {
    expect(discord({ code: 4010 }).retry.action).toBe("never");
    expect(discord({ code: 4014 }).retry.action).toBe("never");
    expect(discord({ code: 4015 }).retry.action).toBe("backoff");
  });

  it("still honours a server hint next to a policy from a rule", () => {
    expect(discord({ code: 4008, reason: "retry-after=3" }).retry).toEqual({
      action: "after-hint",
      retryAfterMs: 3000,
    });
  });

  it("lets an exact code beat a range and a narrow range beat a wide one", () => {
    // Centrifugo: 3000–3499 reconnect, 3500–3999 are final.
    const centrifugo = createCloseClassifier({
      codes: {
        "3000-3999": { retry: "backoff" },
        "3500-3999": { retry: "never", name: "Centrifugo terminal" },
        3502: { retry: "soon" },
      },
    });
    expect(centrifugo({ code: 3400 }).retry.action).toBe("backoff");
    expect(centrifugo({ code: 3501 })).toMatchObject({ name: "Centrifugo terminal", retry: { action: "never" } });
    expect(centrifugo({ code: 3502 }).retry.action).toBe("soon");
  });

  it("says a code is not a rejection when a rule sets policy null", () => {
    const lenient = createCloseClassifier({ codes: { 1008: { policy: null, retry: "backoff" } } });
    const verdict = lenient({ code: 1008, reason: "forbidden" });
    expect(verdict.policy).toBeUndefined();
    expect(verdict.retry.action).toBe("backoff");
  });

  it("learns the app's own phrases, strings and patterns, ahead of the built-in ones", () => {
    const custom = createCloseClassifier({ phrases: { "rate-limited": ["calm down"], forbidden: [/^E403\b/] } });
    expect(custom({ code: 1008, reason: "Calm down, please" }).policy).toBe("rate-limited");
    expect(custom({ code: 4000, reason: "E403 not yours" }).policy).toBe("forbidden");
    expect(custom({ code: 1008, reason: "token expired" }).policy).toBe("auth-expired");
    expect(classifyClose({ code: 1008, reason: "calm down" }).policy).toBe("unspecified");
  });

  it("uses the app's hint parser and drops what it returns if it is not a usable delay", () => {
    const custom = createCloseClassifier({ parseRetryHint: (reason) => (reason === "later" ? 7000 : Number.NaN) });
    expect(custom({ code: 1013, reason: "later" }).retry).toEqual({ action: "after-hint", retryAfterMs: 7000 });
    expect(custom({ code: 1013, reason: "retry-after=5" }).retry).toEqual({ action: "slow" });
  });

  it.each([["nope"], ["4000-"], ["5-1"]])("rejects the rule key %j at creation with a clear message", (key) => {
    expect(() => createCloseClassifier({ codes: { [key]: { retry: "never" } } })).toThrow(
      /\[@lifeline\/core\] createCloseClassifier: codes key .* is neither a code nor a range\. Use a code such as 4004/,
    );
  });

  it("rejects an unknown retry action at creation", () => {
    expect(() => createCloseClassifier({ codes: { 4000: { retry: "sometimes" as never } } })).toThrow(
      /retry is "sometimes"\. Use one of backoff, soon, slow, after-hint, refresh-auth, never\./,
    );
  });
});

describe("createCloseClassifier: categories", () => {
  it("lets a server's own restart code say `planned`, so the banner says the server is restarting", () => {
    const classify = createCloseClassifier({
      codes: { 4500: { name: "Restarting", category: "planned", retry: "soon" } },
    });
    expect(classify({ code: 4500 })).toMatchObject({
      category: "planned",
      name: "Restarting",
      retry: { action: "soon" },
    });
    expect(classify({ code: 4501 }).category).toBe("lost");
  });

  it("rejects an unknown category at creation, naming the ones there are", () => {
    expect(() => createCloseClassifier({ codes: { 4500: { category: "restarting" as never } } })).toThrow(
      '[@lifeline/core] createCloseClassifier: codes["4500"].category is "restarting". Use one of lost, planned, overloaded, rejected, bug, normal.',
    );
  });
});
