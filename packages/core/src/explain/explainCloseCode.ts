import { classifyClose } from "../classifyClose.js";
import { type CloseRange, closeCodeInfo } from "../closeCodes.js";
import type { CloseKind } from "../types.js";
import type { CloseCodeCatalog, CloseCodeCopy, CloseLocale, CloseOrigin } from "./types.js";

/** One code explained in one language. */
export interface CloseExplanation extends CloseCodeCopy {
  readonly code: number;
  readonly locale: CloseLocale;
  /** The registry name in English, as `classifyClose` reports it. */
  readonly name: string;
  readonly kind: CloseKind;
  readonly range: CloseRange;
  /** The code itself when it has its own entry, else the range whose text is used. */
  readonly topic: number | CloseRange;
}

/** Explains a code with a catalog loaded from `@lifeline/core/locales/<tag>`. Unregistered codes get their range's text. */
export function explainCloseCode(code: number, catalog: CloseCodeCatalog): CloseExplanation {
  const info = closeCodeInfo(code);
  const own = info.registered ? catalog.codes[code] : undefined;
  const copy = own ?? catalog.ranges[info.range];
  return Object.freeze({
    code,
    locale: catalog.locale,
    name: info.name,
    kind: info.kind,
    range: info.range,
    topic: own ? code : info.range,
    title: copy.title,
    meaning: copy.meaning,
    happensWhen: copy.happensWhen,
    fix: copy.fix,
  });
}

/** The facets two codes are compared on. */
export type CompareFacet = "origin" | "onWire" | "rejection" | "retry";

/** One row of a comparison: the facet's label and each code's value, already in words. */
export interface CompareRow {
  readonly facet: CompareFacet;
  readonly label: string;
  readonly values: readonly [string, string];
  readonly differs: boolean;
}

/** Two codes side by side: how they differ, when each one shows up, and a note for pairs people often confuse. */
export interface CloseComparison {
  readonly explanations: readonly [CloseExplanation, CloseExplanation];
  /** Every facet, in a fixed order; `differs` marks the main differences. */
  readonly rows: readonly CompareRow[];
  /** "You see 1006 when …" for each code, in the same order as `explanations`. */
  readonly seenWhen: readonly [
    { readonly heading: string; readonly text: string },
    { readonly heading: string; readonly text: string },
  ];
  /** A hand-written note on this pair, when the catalog has one. */
  readonly note?: string;
}

/** Compares any two codes in one language, e.g. 1006 vs 1008. */
export function compareCloseCodes(first: number, second: number, catalog: CloseCodeCatalog): CloseComparison {
  const a = explainCloseCode(first, catalog);
  const b = explainCloseCode(second, catalog);
  const labels = catalog.compare;
  const row = (facet: CompareFacet, label: string, values: [string, string]): CompareRow =>
    Object.freeze({ facet, label, values: Object.freeze(values), differs: values[0] !== values[1] });
  const yesNo = (value: boolean, words: { yes: string; no: string }) => (value ? words.yes : words.no);
  const rows = [
    row("origin", labels.origin.label, [labels.origin[originOf(first)], labels.origin[originOf(second)]]),
    row("onWire", labels.onWire.label, [
      yesNo(!closeCodeInfo(first).reserved, labels.onWire),
      yesNo(!closeCodeInfo(second).reserved, labels.onWire),
    ]),
    row("rejection", labels.rejection.label, [
      yesNo(isRejection(first), labels.rejection),
      yesNo(isRejection(second), labels.rejection),
    ]),
    row("retry", labels.retry.label, [
      labels.retry[classifyClose({ code: first }).retry.action],
      labels.retry[classifyClose({ code: second }).retry.action],
    ]),
  ];
  const seen = (explanation: CloseExplanation) =>
    Object.freeze({
      heading: labels.seenWhen.replace("{code}", String(explanation.code)),
      text: explanation.happensWhen,
    });
  const note = catalog.pairs[`${Math.min(first, second)}-${Math.max(first, second)}`];
  return Object.freeze({
    explanations: Object.freeze([a, b] as const),
    rows: Object.freeze(rows),
    seenWhen: Object.freeze([seen(a), seen(b)] as const),
    ...(note ? { note } : {}),
  });
}

// Seen from a browser client: script may only send 1000 and 3000–4999, the user agent adds 1001 on navigation,
// 1010 is the client's complaint about extensions, and 1005/1006/1015 are made up by the receiving side.
function originOf(code: number): CloseOrigin {
  const info = closeCodeInfo(code);
  if (info.reserved) return "local";
  if (code === 1010) return "client";
  if (code === 1000 || code === 1001 || info.range === "registered" || info.range === "private") return "either";
  return "server";
}

// A code that is a rejection by itself, before any reason text is read: 1008, 3000, 3003, 4401, 4403, 4429.
function isRejection(code: number): boolean {
  return classifyClose({ code }).policy !== undefined;
}
