import { describe, expect, it } from "vitest";
import { timelineEn } from "../ConnectionTimeline/labels.js";
import { bannerEn } from "./en.js";
import { bannerZhCN, timelineZhCN } from "./zh-CN.js";

// The Chinese copy reads as Chinese product copy: plain titles, one word per idea, the English placeholders kept.

/** Every string in a label tree, keyed by its dotted path. */
function leaves(tree: unknown, path = ""): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof tree === "string") return found.set(path, tree);
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    for (const [leafPath, text] of leaves(value, path === "" ? key : `${path}.${key}`)) found.set(leafPath, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

const titles = [...leaves(bannerZhCN)].filter(([path]) => path.endsWith(".title"));
const everyString = [...leaves(bannerZhCN), ...leaves(timelineZhCN)];

describe("zh-CN locale", () => {
  it("gives every banner state a title", () => {
    expect(titles.map(([path]) => path.split(".")[0]).sort()).toEqual(
      Object.entries(bannerEn)
        .filter(([, value]) => typeof value === "object" && value !== null && "title" in value)
        .map(([key]) => key)
        .sort(),
    );
  });

  it.each(titles)("banner title %s has no full stop and no “已被拒绝：” calque", (_path, title) => {
    expect(title).not.toMatch(/[。.]$/);
    expect(title).not.toMatch(/^已被拒绝/);
  });

  it("keeps the English placeholders in every string", () => {
    const english = new Map([...leaves(bannerEn), ...leaves(timelineEn)]);
    for (const [path, text] of everyString) {
      expect(english.has(path), path).toBe(true);
      expect(placeholders(text), path).toEqual(placeholders(english.get(path) ?? ""));
    }
  });

  it("uses one word per idea: 凭据 (not 凭证), 秒后重试 (not 秒后再试)", () => {
    for (const [path, text] of everyString) {
      expect(text, path).not.toContain("凭证");
      expect(text, path).not.toContain("秒后再试");
    }
  });

  it("names the reconnect button, in Chinese quotes, when the banner has given up", () => {
    expect(bannerZhCN.gaveUp.message).toContain(`“${bannerZhCN.actions.reconnect}”`);
  });
});
