import { describe, expect, it } from "vitest";
import { timelineEn } from "../ConnectionTimeline/labels.js";
import { bannerEn } from "../locales/en.js";
import { bannerZhCN, timelineZhCN } from "../locales/zh-CN.js";
import { formatAgo, formatCountdown, formatDuration } from "./formatTime.js";

// Issue 14: units, plurals and word order come from Intl for the locale's language and style, not from a template
// per unit. Each locale's own style is what these use, so the words are the ones the components show.

const en = { lang: timelineEn.lang, units: timelineEn.time.units };
const zh = { lang: timelineZhCN.lang, units: timelineZhCN.time.units };

describe("formatCountdown: Intl.RelativeTimeFormat", () => {
  it("says the wait in English, singular and plural", () => {
    const say = (seconds: number) => formatCountdown(seconds, bannerEn.lang, bannerEn.countdownStyle);
    expect(say(1)).toBe("in 1 second");
    expect(say(4)).toBe("in 4 seconds");
    expect(say(30)).toBe("in 30 seconds");
  });

  it("says the wait in Chinese word order, with no space and no 钟", () => {
    const say = (seconds: number) => formatCountdown(seconds, bannerZhCN.lang, bannerZhCN.countdownStyle);
    expect(say(1)).toBe("1秒后");
    expect(say(4)).toBe("4秒后");
    expect(`${say(4)}重试…`).toBe("4秒后重试…");
  });
});

describe("formatDuration: Intl.NumberFormat units, joined by Intl.ListFormat", () => {
  it.each([
    [340, "340ms", "340毫秒"],
    [999.6, "1s", "1秒"],
    [1234, "1.2s", "1.2秒"],
    [30_000, "30s", "30秒"],
    [59_949, "59.9s", "59.9秒"],
    // 59.95 s would be written 60.0 s: it is a minute.
    [59_950, "1m", "1分钟"],
    [125_000, "2m 5s", "2分钟5秒"],
    [3_780_000, "1h 3m", "1小时3分钟"],
    [-2500, "2.5s", "2.5秒"],
  ])("writes %d ms as %s in English and %s in Chinese", (ms, english, chinese) => {
    expect(formatDuration(ms, en.lang, en.units)).toBe(english);
    expect(formatDuration(ms, zh.lang, zh.units)).toBe(chinese);
  });

  it("spells units out in the long style, with the language's plurals", () => {
    expect(formatDuration(1000, "en", "long")).toBe("1 second");
    expect(formatDuration(125_000, "en", "long")).toBe("2 minutes, 5 seconds");
  });
});

describe("formatAgo: Intl.RelativeTimeFormat", () => {
  it.each([
    [400, "now", "现在"],
    [12_000, "12s ago", "12秒前"],
    [125_000, "2m ago", "2分钟前"],
    [7_200_000, "2h ago", "2小时前"],
  ])("writes %d ms ago as %s in English and %s in Chinese", (ms, english, chinese) => {
    expect(formatAgo(ms, en.lang, en.units)).toBe(english);
    expect(formatAgo(ms, zh.lang, zh.units)).toBe(chinese);
  });
});
