import { DEV } from "#dev";
import { buildClassifier, type CloseClassifier } from "../classifyClose.js";
import { type PolicyPhrases, policyFromReason } from "../closePolicy.js";
import { LifelineError } from "../errors.js";
import { parseRetryHint } from "../retryHint.js";
import type { CloseRule } from "../types.js";

/** Per-server knowledge added to the default table. */
export interface CloseClassifierOptions {
  /**
   * Rules keyed by code (`4004`) or inclusive range (`"3500-3999"`). An exact code beats a range; a narrower
   * range beats a wider one.
   */
  readonly codes?: Readonly<Record<string | number, CloseRule>>;
  /** Extra reason phrases per policy, checked before the built-in ones. */
  readonly phrases?: PolicyPhrases;
  /**
   * Reads a retry delay (ms) out of a close reason.
   * @default parseRetryHint — `retry-after=30`, `retry after 30s`, `{"retryAfter":30}`
   */
  readonly parseRetryHint?: (reason: string, code: number) => number | undefined;
}

const RETRY_ACTIONS = ["backoff", "soon", "slow", "after-hint", "refresh-auth", "never"];
const CATEGORIES: readonly string[] = ["lost", "planned", "overloaded", "rejected", "bug", "normal"];

/**
 * Builds a classifier that knows one server's conventions: its own 4xxx codes, a framework's 3xxx range,
 * its reason phrases. Rules are checked once, here, so a typo fails at startup rather than at the first close.
 */
export function createCloseClassifier(options: CloseClassifierOptions = {}): CloseClassifier {
  const exact = new Map<number, CloseRule>();
  const ranges: { from: number; to: number; rule: CloseRule }[] = [];
  for (const [key, rule] of Object.entries(options.codes ?? {})) {
    const action = typeof rule?.retry === "string" ? rule.retry : rule?.retry?.action;
    if (action !== undefined && !RETRY_ACTIONS.includes(action)) {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? `createCloseClassifier: codes[${JSON.stringify(key)}].retry is ${JSON.stringify(action)}. Use one of ${RETRY_ACTIONS.join(", ")}.`
          : `createCloseClassifier: bad retry for ${key}`,
      );
    }
    if (rule?.category !== undefined && !CATEGORIES.includes(rule.category)) {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? `createCloseClassifier: codes[${JSON.stringify(key)}].category is ${JSON.stringify(rule.category)}. Use one of ${CATEGORIES.join(", ")}.`
          : `createCloseClassifier: bad category for ${key}`,
      );
    }
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(key);
    if (/^\s*\d+\s*$/.test(key)) {
      exact.set(Number(key), rule);
    } else if (range && Number(range[1]) <= Number(range[2])) {
      ranges.push({ from: Number(range[1]), to: Number(range[2]), rule });
    } else {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? `createCloseClassifier: codes key ${JSON.stringify(key)} is neither a code nor a range. Use a code such as 4004 or a range such as "3500-3999".`
          : `createCloseClassifier: bad key ${key}`,
      );
    }
  }
  // Narrowest first, so the first range that holds a code is the most specific one.
  ranges.sort((a, b) => a.to - a.from - (b.to - b.from));
  const { phrases } = options;
  return buildClassifier({
    rule: (code) => exact.get(code) ?? ranges.find((range) => code >= range.from && code <= range.to)?.rule,
    readPolicy: (reason) => policyFromReason(reason, phrases),
    readHint: options.parseRetryHint ?? parseRetryHint,
  });
}
