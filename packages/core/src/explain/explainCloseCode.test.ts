import { describe, expect, it } from "vitest";
import { CLOSE_RANGES, REGISTERED_CLOSE_CODES } from "../closeCodes.js";
import { en } from "../locales/en.js";
import { zhCN } from "../locales/zh-CN.js";
import { compareCloseCodes, explainCloseCode } from "./explainCloseCode.js";
import type { CloseCodeCatalog, CloseCodeCopy } from "./types.js";

const catalogs: ReadonlyArray<readonly [string, CloseCodeCatalog]> = [
  ["en", en],
  ["zh-CN", zhCN],
];
const CJK = /[\u4e00-\u9fff]/;

function textsOf(copy: CloseCodeCopy): string[] {
  return [copy.title, copy.meaning, copy.happensWhen, copy.fix];
}

describe.each(catalogs)("the %s catalog", (locale, catalog) => {
  it("says which locale it is", () => {
    expect(catalog.locale).toBe(locale);
  });

  it("has all three texts for exactly the registered codes", () => {
    expect(
      Object.keys(catalog.codes)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...REGISTERED_CLOSE_CODES]);
    for (const code of REGISTERED_CLOSE_CODES) {
      for (const text of textsOf(catalog.codes[code]!)) expect(text.trim().length, `${code}`).toBeGreaterThan(1);
    }
  });

  it("has all three texts for every range", () => {
    expect(Object.keys(catalog.ranges).sort()).toEqual([...CLOSE_RANGES].sort());
    for (const range of CLOSE_RANGES) {
      for (const text of textsOf(catalog.ranges[range])) expect(text.trim().length, range).toBeGreaterThan(1);
    }
  });

  it("contains no markup, since texts are rendered as text", () => {
    const all = [
      ...Object.values(catalog.codes).flatMap(textsOf),
      ...Object.values(catalog.ranges).flatMap(textsOf),
      ...Object.values(catalog.pairs),
    ];
    for (const text of all) expect(text).not.toMatch(/[<>]|\*\*|`/);
  });

  it("is written in its own language", () => {
    const meanings = Object.values(catalog.codes).map((copy) => copy.meaning);
    for (const meaning of meanings) expect(CJK.test(meaning), meaning).toBe(locale === "zh-CN");
  });

  it("keys pair notes low-high by code and covers 1006 vs 1008", () => {
    for (const key of Object.keys(catalog.pairs)) {
      const [low, high] = key.split("-").map(Number);
      expect(low! < high!, key).toBe(true);
    }
    expect(catalog.pairs["1006-1008"]).toBeTruthy();
  });

  it("has headings for the three texts", () => {
    expect(Object.keys(catalog.sections).sort()).toEqual(["fix", "happensWhen", "meaning"]);
    for (const heading of Object.values(catalog.sections)) expect(heading.trim().length).toBeGreaterThan(1);
  });

  it("has a heading template with {code} for the comparison", () => {
    expect(catalog.compare.seenWhen).toContain("{code}");
  });
});

describe("the two catalogs", () => {
  it("cover the same pairs", () => {
    expect(Object.keys(zhCN.pairs).sort()).toEqual(Object.keys(en.pairs).sort());
  });
});

describe("the zh-CN catalog's wording", () => {
  it("says 凭据 for credentials throughout, never 凭证", () => {
    const all = JSON.stringify(zhCN);
    expect(all).toContain("凭据");
    expect(all).not.toContain("凭证");
  });
});

describe("explainCloseCode", () => {
  it("explains a registered code with its own texts", () => {
    const explanation = explainCloseCode(1006, en);
    expect(explanation).toMatchObject({
      code: 1006,
      locale: "en",
      name: "Abnormal Closure",
      kind: "abnormal",
      topic: 1006,
    });
    expect(explanation.meaning).toBe(en.codes[1006]!.meaning);
  });

  it.each([
    [500, "unused"],
    [2000, "protocol"],
    [3500, "registered"],
    [4401, "private"],
    [6000, "out-of-range"],
  ])("explains %i with the text of the %s range", (code, range) => {
    const explanation = explainCloseCode(code, zhCN);
    expect(explanation.topic).toBe(range);
    expect(explanation.fix).toBe(zhCN.ranges[range as keyof typeof zhCN.ranges].fix);
  });
});

describe("compareCloseCodes", () => {
  it("sets 1006 against 1008: who sends it, whether it travels, whether it is a rejection, what happens next", () => {
    const comparison = compareCloseCodes(1006, 1008, en);
    const byFacet = Object.fromEntries(comparison.rows.map((row) => [row.facet, row]));
    expect(byFacet.origin!.values).toEqual([en.compare.origin.local, en.compare.origin.server]);
    expect(byFacet.onWire!.values).toEqual([en.compare.onWire.no, en.compare.onWire.yes]);
    expect(byFacet.rejection!.values).toEqual([en.compare.rejection.no, en.compare.rejection.yes]);
    expect(byFacet.retry!.values).toEqual([en.compare.retry.backoff, en.compare.retry.never]);
    expect(comparison.rows.every((row) => row.differs)).toBe(true);
    expect(comparison.note).toBe(en.pairs["1006-1008"]);
    expect(comparison.seenWhen[0]).toEqual({
      heading: en.compare.seenWhen.replace("{code}", "1006"),
      text: en.codes[1006]!.happensWhen,
    });
  });

  it("finds the same note whichever order the codes come in", () => {
    expect(compareCloseCodes(1008, 1006, zhCN).note).toBe(zhCN.pairs["1006-1008"]);
  });

  it("marks the facets two codes share as not differing and has no note for an unlisted pair", () => {
    const comparison = compareCloseCodes(1014, 1011, en);
    expect(comparison.rows.find((row) => row.facet === "onWire")!.differs).toBe(false);
    expect(comparison.rows.find((row) => row.facet === "origin")!.differs).toBe(false);
    expect(comparison.note).toBeUndefined();
  });

  it("compares any two codes, unregistered ones included", () => {
    const comparison = compareCloseCodes(4001, 2500, zhCN);
    expect(comparison.explanations.map((explanation) => explanation.topic)).toEqual(["private", "protocol"]);
    expect(comparison.rows).toHaveLength(4);
  });
});
