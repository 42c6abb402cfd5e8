import { describe, expect, it } from "vitest";
import { mergeLabels } from "./mergeLabels.js";

interface Words {
  readonly lang: string;
  readonly lost: { readonly title: string; readonly message: string };
  readonly actions: { readonly retryNow: string; readonly signIn: string };
}

const en: Words = {
  lang: "en",
  lost: { title: "Connection lost.", message: "Retrying in {seconds} s…" },
  actions: { retryNow: "Retry now", signIn: "Sign in" },
};

describe("mergeLabels", () => {
  it("returns the base itself when there is nothing to lay over it", () => {
    expect(mergeLabels(en)).toBe(en);
    expect(mergeLabels(en, undefined, undefined)).toBe(en);
    expect(mergeLabels(en, en)).toBe(en);
  });

  it("merges one level: a partial group keeps the base's other strings", () => {
    const merged = mergeLabels(en, { lost: { title: "Signal lost." }, lang: "en-GB" });
    expect(merged).toEqual({
      ...en,
      lang: "en-GB",
      lost: { title: "Signal lost.", message: "Retrying in {seconds} s…" },
    });
    expect(en.lost.title).toBe("Connection lost.");
  });

  it("skips undefined (and null) groups and strings instead of erasing the base's", () => {
    const merged = mergeLabels(en, {
      lost: undefined,
      actions: { retryNow: undefined, signIn: "Log in" },
      lang: undefined,
    });
    expect(merged).toEqual({ ...en, actions: { retryNow: "Retry now", signIn: "Log in" } });
    expect(mergeLabels(en, JSON.parse('{"lost":null,"actions":{"signIn":null}}'))).toEqual(en);
  });

  it("lays several layers in order: a locale that misses a group, then the app's overrides", () => {
    const partialLocale = { lang: "zh-CN", actions: { retryNow: "立即重试", signIn: "登录" } } as unknown as Words;
    const merged = mergeLabels(en, partialLocale, { actions: { signIn: "重新登录" } });
    expect(merged).toEqual({ lang: "zh-CN", lost: en.lost, actions: { retryNow: "立即重试", signIn: "重新登录" } });
  });
});
