import { describe, expect, it } from "vitest";
import { clockTime, describeEntry } from "./describeEntry.js";
import { timelineEn } from "./labels.js";

// Plurals and the clock come from Intl, so a language's own rules apply rather than a table written for English.

describe("describeEntry: plurals by Intl.PluralRules", () => {
  const overflow = (dropped: number, lang: string) =>
    describeEntry({ at: 0, type: "queue-overflow", dropped }, { ...timelineEn, lang }).template;

  it("picks English's one and other forms", () => {
    expect(overflow(1, "en")).toBe(timelineEn.events.queueOverflowOne);
    expect(overflow(0, "en")).toBe(timelineEn.events.queueOverflowOther);
    expect(overflow(2, "en")).toBe(timelineEn.events.queueOverflowOther);
  });

  it("follows the language's rule where it differs from English: French says 0 in the singular", () => {
    // A hand-written `count === 1` got this wrong.
    expect(overflow(0, "fr")).toBe(timelineEn.events.queueOverflowOne);
  });

  it("uses one form for every count in Chinese", () => {
    expect(overflow(1, "zh-CN")).toBe(timelineEn.events.queueOverflowOther);
  });
});

describe("clockTime: Intl.DateTimeFormat", () => {
  const at = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();

  it("writes hh:mm:ss.mmm on a 24-hour clock in local time, in English and Chinese", () => {
    expect(clockTime(at, "en")).toBe("03:04:05.067");
    expect(clockTime(at, "zh-CN")).toBe("03:04:05.067");
    expect(clockTime(new Date(2026, 0, 2, 23, 59, 0, 5).getTime(), "en")).toBe("23:59:00.005");
  });
});
