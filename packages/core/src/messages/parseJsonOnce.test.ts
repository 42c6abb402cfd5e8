import { describe, expect, it } from "vitest";
import { parseJsonOnce } from "./parseJsonOnce.js";

describe("parseJsonOnce", () => {
  it("parses a message once for every listener that asks before the next one, and an older one again", () => {
    const first = { data: '{"n":1}' };
    const second = { data: '{"n":2}' };
    const one = parseJsonOnce(first);
    // Every listener of one message gets the same value, parsed once: the stores and typed views share it.
    expect(parseJsonOnce(first)).toBe(one);
    expect(parseJsonOnce(second).value).toEqual({ n: 2 });
    // A listener that reads an older message later still gets its own value, parsed again.
    const again = parseJsonOnce(first);
    expect(again).not.toBe(one);
    expect(again.value).toEqual({ n: 1 });
  });

  it("says why text is not JSON, once per message", () => {
    const bad = { data: "{oops" };
    const result = parseJsonOnce(bad);
    expect(result.error).toBeInstanceOf(SyntaxError);
    expect(parseJsonOnce(bad)).toBe(result);
  });
});
