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

// Names follow the IANA WebSocket Close Code Number Registry, in code order: 1000–1015, then 3000, 3003, 3008, the
// only entries in the first-come-first-served 3000 range. 1012–1014 were added by IANA after RFC 6455.
// Written as one string because it is shipped in every app: the kind is the name in kebab case unless given after "/".
const NAMES =
  "Normal Closure/normal|Going Away|Protocol Error|Unsupported Data|Reserved|No Status Received/no-status|Abnormal Closure/abnormal|Invalid Frame Payload Data/invalid-payload|Policy Violation|Message Too Big|Mandatory Extension|Internal Error|Service Restart|Try Again Later|Bad Gateway|TLS Handshake|Unauthorized|Forbidden|Timeout".split(
    "|",
  );

/** The codes that have their own registry entry, in ascending order. */
export const REGISTERED_CLOSE_CODES: readonly number[] = Object.freeze(
  NAMES.map((_, index) => (index < 16 ? 1000 + index : ([3000, 3003, 3008][index - 16] as number))),
);

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

// Kind and name of the codes in each range that nobody registered; 1016–2999 are kept for the protocol's future.
const UNREGISTERED = [
  "Unused/invalid",
  "Unassigned (Reserved for the Protocol)/reserved",
  "Library or Framework Code/registered",
  "Private Use/private",
  "Out of Range/invalid",
];

/** The range a code falls in. Non-integers and negatives are `out-of-range`. */
export function closeRangeOf(code: number): CloseRange {
  const index =
    Number.isInteger(code) && code >= 0 && code < 5000 ? [999, 2999, 3999, 4999].findIndex((to) => code <= to) : 4;
  return CLOSE_RANGES[index] as CloseRange;
}

/** Registry facts about one code: kind, name, range, and whether it may appear on the wire. */
export function closeCodeInfo(code: number): CloseCodeInfo {
  const range = closeRangeOf(code);
  const index = REGISTERED_CLOSE_CODES.indexOf(code);
  const entry = (index < 0 ? UNREGISTERED[CLOSE_RANGES.indexOf(range)] : NAMES[index]) as string;
  const [name, kind] = entry.split("/") as [string, string?];
  return {
    code,
    kind: (kind ?? name.toLowerCase().replace(/ /g, "-")) as CloseKind,
    name,
    range,
    registered: index >= 0,
    // 1005, 1006 and 1015 describe something the local side saw (no code, no close frame, a TLS failure);
    // RFC 6455 §7.4.1 forbids putting them in a Close frame.
    reserved: code === 1005 || code === 1006 || code === 1015,
  };
}
