import { CLOSE_CODES, closeRow } from "./closeTable.js";
import type { CloseKind } from "./types.js";

/**
 * The ranges of the close-code space (RFC 6455 §7.4.2), plus `out-of-range` for numbers no peer can send.
 * Explanations exist per registered code and per range.
 */
export type CloseRange = "unused" | "protocol" | "registered" | "private" | "out-of-range";

/** What the registry says about one code. */
export interface CloseCodeInfo {
  readonly code: number;
  readonly kind: CloseKind;
  /** IANA registry name, or the range's name for a code nobody registered. */
  readonly name: string;
  readonly range: CloseRange;
  /** True for a code that has its own registry entry (1000–1015, 3000, 3003, 3008). */
  readonly registered: boolean;
  /** An endpoint must never send it (RFC 6455 §7.4.1): it is made up locally to describe what happened. */
  readonly reserved: boolean;
}

/** The codes that have their own registry entry, in ascending order. */
export const REGISTERED_CLOSE_CODES: readonly number[] = Object.freeze(Object.keys(CLOSE_CODES).map(Number));

/** The range names, in order of the code space. */
export const CLOSE_RANGES: readonly CloseRange[] = Object.freeze([
  "unused",
  "protocol",
  "registered",
  "private",
  "out-of-range",
]);

/** The numeric bounds of each range, inclusive. `out-of-range` is everything above 4999 (and any non-integer). */
export const CLOSE_RANGE_BOUNDS: Readonly<Record<CloseRange, readonly [number, number]>> = Object.freeze({
  unused: Object.freeze([0, 999] as const),
  protocol: Object.freeze([1000, 2999] as const),
  registered: Object.freeze([3000, 3999] as const),
  private: Object.freeze([4000, 4999] as const),
  "out-of-range": Object.freeze([5000, 65535] as const),
});

/** The range a code falls in. Non-integers and negatives are `out-of-range`. */
export function closeRangeOf(code: number): CloseRange {
  const index =
    Number.isInteger(code) && code >= 0 && code < 5000 ? [999, 2999, 3999, 4999].findIndex((to) => code <= to) : 4;
  return CLOSE_RANGES[index] as CloseRange;
}

/** Registry facts about one code: kind, name, range, and whether it may appear on the wire. */
export function closeCodeInfo(code: number): CloseCodeInfo {
  const [kind, name] = closeRow(code);
  return {
    code,
    kind,
    name,
    range: closeRangeOf(code),
    registered: code in CLOSE_CODES,
    // 1005, 1006 and 1015 describe something the local side saw (no code, no close frame, a TLS failure);
    // RFC 6455 §7.4.1 forbids putting them in a Close frame.
    reserved: code === 1005 || code === 1006 || code === 1015,
  };
}
