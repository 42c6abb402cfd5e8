import { describe, expect, it } from "vitest";
import { isSendableCloseCode, validateClose } from "./closeValidation.js";
import { LifelineError } from "./errors.js";

describe("validateClose", () => {
  it.each([[undefined], [1000], [3000], [3008], [4000], [4999]])("accepts close(%s)", (code) => {
    expect(() => validateClose(code, "bye")).not.toThrow();
    expect(isSendableCloseCode(code)).toBe(code !== undefined);
  });

  it("rejects 1006 with the message the docs promise", () => {
    expect(() => validateClose(1006)).toThrow(
      "[@lifeline/core] close(1006) is not allowed: 1006 is reserved for describing a close locally and never goes on the wire; browsers accept 1000 or 3000–4999.",
    );
  });

  it("points close(1001) at 1000 or a private code, since the browser sends 1001 itself", () => {
    expect(() => validateClose(1001)).toThrow(
      /close\(1001\) is not allowed: browsers accept 1000 or 3000–4999\. The browser sends 1001 itself/,
    );
  });

  it.each([999, 1002, 1008, 2999, 5000, -1])("rejects close(%i) and says which codes work", (code) => {
    expect(() => validateClose(code)).toThrow(/browsers accept 1000 or 3000–4999/);
  });

  it.each([[1000.5], ["1000"], [null], [Number.NaN]])("rejects a code that is not an integer: %s", (code) => {
    expect(() => validateClose(code)).toThrow(/the code must be an integer/);
  });

  it("throws a LifelineError with a machine-readable code", () => {
    try {
      validateClose(2000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LifelineError);
      expect((error as LifelineError).code).toBe("invalid-close-code");
    }
  });

  it("accepts a reason of exactly 123 bytes and rejects 124, counting UTF-8 bytes rather than characters", () => {
    expect(() => validateClose(1000, "a".repeat(123))).not.toThrow();
    expect(() => validateClose(1000, "a".repeat(124))).toThrow(
      /reason is 124 UTF-8 bytes; a Close frame holds at most 123\. Shorten it/,
    );
    // 62 characters, 124 bytes: the browser throws a SyntaxError for this one.
    expect(() => validateClose(1000, "é".repeat(62))).toThrow(/reason is 124 UTF-8 bytes/);
    expect(() => validateClose(4000, "😀".repeat(30))).not.toThrow();
    expect(() => validateClose(4000, "😀".repeat(31))).toThrow(/reason is 124 UTF-8 bytes/);
  });

  it("rejects a reason that is not a string", () => {
    expect(() => validateClose(1000, 42)).toThrow(
      "[@lifeline/core] close() got a number as its reason. Pass a string of at most 123 UTF-8 bytes.",
    );
  });
});
