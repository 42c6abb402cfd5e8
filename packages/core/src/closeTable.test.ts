import { describe, expect, it } from "vitest";
import { DEFAULT_DELAYS } from "./backoff.js";
import { classifyClose } from "./classifyClose.js";
import { CLOSE_RANGES } from "./closeCodes.js";
import {
  CLOSE_CODES,
  CLOSE_RANGE_ROWS,
  type CloseRow,
  closeRow,
  POLICY_ACTIONS,
  POLICY_BY_CODE,
} from "./closeTable.js";
import { en } from "./locales/en.js";
import { zhCN } from "./locales/zh-CN.js";
import type { RetryAction } from "./types.js";

const KIND = /^[a-z]+(-[a-z]+)*$/;

describe("the close table", () => {
  it("has a line for each of the 19 registered codes, with a stable kebab-case kind", () => {
    expect(Object.keys(CLOSE_CODES).map(Number)).toEqual([
      1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 3000, 3003, 3008,
    ]);
    for (const [kind] of Object.values(CLOSE_CODES)) expect(kind).toMatch(KIND);
  });

  it("covers every other code through its range, with nothing left over and nothing twice", () => {
    const starts = CLOSE_RANGE_ROWS.map(([from]) => from);
    const ends = CLOSE_RANGE_ROWS.map(([, to]) => to);
    expect(starts.slice(1)).toEqual(ends.slice(0, -1).map((end) => end + 1));
    expect(starts[0]).toBe(0);
    for (const code of [0, 999, 1016, 2999, 3001, 3999, 4000, 4999, 5000, 65_535, -1, 1000.5, Number.NaN]) {
      expect(closeRow(code)).toEqual(expect.arrayContaining([expect.stringMatching(KIND)]));
    }
    expect(closeRow(4000)[0]).toBe("private");
    expect(closeRow(-1)[1]).toBe("Out of Range");
  });

  it("is what the classifier decides, code by code", () => {
    for (const [code, [kind, name, category, action, maxAttempts]] of Object.entries(CLOSE_CODES)) {
      const verdict = classifyClose({ code: Number(code) });
      const policy = POLICY_BY_CODE[Number(code)];
      expect(verdict).toMatchObject({ kind, name, category: policy ? "rejected" : category });
      expect(verdict.retry.action).toBe(policy ? POLICY_ACTIONS[policy] : action);
      expect(verdict.retry.maxAttempts).toBe(policy || !maxAttempts ? undefined : maxAttempts);
    }
  });
});

// The "Lifeline does…" sentence of every code in every locale must say what the table does, so a change to the
// table that forgets the docs fails here. One pattern per action and locale, plus the attempt limit.
const SAYS: Readonly<Record<"en" | "zh-CN", Readonly<Record<RetryAction, RegExp>>>> = {
  en: {
    backoff:
      /Lifeline (also )?(reconnects (with (exponential )?backoff|but never resends)|treats it [^.]*reconnects with backoff|makes one more attempt)/,
    soon: /Lifeline reconnects soon/,
    slow: /Lifeline uses a slow backoff/,
    "after-hint": /retry-after/,
    "refresh-auth": /Lifeline refreshes credentials/,
    never: /Lifeline stops/,
  },
  "zh-CN": {
    backoff: /Lifeline (会|将其)[^。]*(按(带随机抖动的指数)?退避(策略)?重连|重连，但绝不重发|再尝试一次)/,
    soon: /Lifeline 会在一段较短的随机延迟后尽快重连/,
    slow: /Lifeline 采用起点较高的慢速退避/,
    "after-hint": /retry-after/,
    "refresh-auth": /Lifeline 会刷新凭据/,
    never: /Lifeline 会停止重连/,
  },
};
const LIMIT: Readonly<Record<"en" | "zh-CN", (attempts: number) => RegExp>> = {
  en: (attempts) =>
    attempts === 1 ? /one more attempt and then stops/ : new RegExp(`(at most|up to) ${attempts} attempts`),
  "zh-CN": (attempts) => (attempts === 1 ? /再尝试一次，然后停止/ : new RegExp(`最多 ${attempts} 次`)),
};
const ANY_LIMIT = { en: /(at most|up to) \d+ attempts/, "zh-CN": /最多 \d+ 次/ } as const;

describe.each([
  ["en", en],
  ["zh-CN", zhCN],
] as const)("the %s explanations", (locale, catalog) => {
  const check = (label: string, row: CloseRow, fix: string) => {
    const [, , , action, maxAttempts] = row;
    expect(fix, label).toMatch(SAYS[locale][action]);
    if (maxAttempts) expect(fix, label).toMatch(LIMIT[locale](maxAttempts));
    else expect(fix, label).not.toMatch(ANY_LIMIT[locale]);
  };

  it("say for every registered code what the table does", () => {
    for (const [code, row] of Object.entries(CLOSE_CODES)) {
      const policy = POLICY_BY_CODE[Number(code)];
      // A rejection's sentence names what its policy does (1008's covers each policy; see below).
      const line: CloseRow = policy ? [row[0], row[1], row[2], POLICY_ACTIONS[policy], 0, row[5]] : row;
      if (code !== "1008") check(`${locale} ${code}`, line, (catalog.codes[Number(code)] ?? { fix: "" }).fix);
    }
  });

  it("say for every range what the table does", () => {
    for (const [index, range] of CLOSE_RANGES.entries()) {
      const row = (CLOSE_RANGE_ROWS[index] as (typeof CLOSE_RANGE_ROWS)[number])[2];
      check(`${locale} ${range}`, row, catalog.ranges[range].fix);
    }
  });

  it("say what a 1008 gets for each reason: the hint or the rate-limit floor, a refresh, or a stop", () => {
    const fix = catalog.codes[1008]?.fix ?? "";
    const floor = DEFAULT_DELAYS.rateLimited.minMs / 1000;
    expect(fix).toMatch(locale === "en" ? new RegExp(`at least ${floor} s apart`) : new RegExp(`至少相隔 ${floor} 秒`));
    expect(fix).toMatch(locale === "en" ? /auth refresh/ : /刷新认证/);
    expect(fix).toMatch(locale === "en" ? /stop/ : /停止/);
  });
});
