import { describe, expect, it } from "vitest";
import { labelColon, strings } from "./strings.js";

/** Every string in a tree, keyed by its dotted path. */
function leaves(tree: unknown, path = ""): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof tree === "string") return found.set(path, tree);
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    for (const [leafPath, text] of leaves(value, path === "" ? key : `${path}.${key}`)) found.set(leafPath, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the demo's strings", () => {
  it("have the same keys and placeholders in both languages", () => {
    const english = leaves(strings.en);
    const chinese = leaves(strings["zh-CN"]);
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of chinese) expect(placeholders(text), path).toEqual(placeholders(english.get(path)!));
  });

  it("say 秒后重试 in Chinese, as the banner does, not 再试 or 再来", () => {
    for (const [path, text] of leaves(strings["zh-CN"])) expect(text, path).not.toMatch(/再试|再来/);
    expect(strings["zh-CN"].faults.items.overload.hint).toContain("5 秒后重试");
  });

  it("put a full-width colon after a Chinese label and a colon and space after an English one", () => {
    expect(`${strings["zh-CN"].status.label}${labelColon("zh-CN")}${strings["zh-CN"].status.names.closed}`).toBe(
      "状态：已关闭",
    );
    expect(`${strings.en.status.label}${labelColon("en")}${strings.en.status.names.closed}`).toBe("Status: closed");
  });
});
