import { describe, expect, it } from "vitest";
import { truncateUtf8, utf8ByteLength } from "./utf8.js";

describe("utf8ByteLength", () => {
  it.each(["", "abc", "é", "限流", "🚀", "a\u{10FFFF}b", "mixed é 限 🚀"])(
    "agrees with Node's encoder on %j",
    (text) => {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, "utf8"));
    },
  );

  it("counts a lone surrogate as the 3 bytes of U+FFFD that goes on the wire", () => {
    expect(utf8ByteLength("\uD800")).toBe(3);
    expect(utf8ByteLength("a\uDC00b")).toBe(5);
  });
});

describe("truncateUtf8", () => {
  it("never ends in half a character, at every limit from 0 to the full length", () => {
    const text = "aé限🚀b".repeat(5);
    for (let limit = 0; limit <= utf8ByteLength(text); limit++) {
      const cut = truncateUtf8(text, limit);
      expect(utf8ByteLength(cut)).toBeLessThanOrEqual(limit);
      expect(text.startsWith(cut)).toBe(true);
      // The cut never separates a surrogate pair, so it never ends in a high surrogate.
      expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false);
      // And it is the longest such prefix: one more character would not fit.
      const next = text.slice(cut.length, cut.length + (text.codePointAt(cut.length)! > 0xffff ? 2 : 1));
      if (next) expect(utf8ByteLength(cut + next)).toBeGreaterThan(limit);
    }
  });
});
