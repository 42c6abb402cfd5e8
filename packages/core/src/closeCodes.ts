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

// Names follow the IANA WebSocket Close Code Number Registry. 1012–1014 were added by IANA after RFC 6455;
// 3000/3003/3008 are the only entries in the first-come-first-served 3000 range.
const REGISTRY: Readonly<Record<number, readonly [CloseKind, string]>> = {
  1000: ["normal", "Normal Closure"],
  1001: ["going-away", "Going Away"],
  1002: ["protocol-error", "Protocol Error"],
  1003: ["unsupported-data", "Unsupported Data"],
  1004: ["reserved", "Reserved"],
  1005: ["no-status", "No Status Received"],
  1006: ["abnormal", "Abnormal Closure"],
  1007: ["invalid-payload", "Invalid Frame Payload Data"],
  1008: ["policy-violation", "Policy Violation"],
  1009: ["message-too-big", "Message Too Big"],
  1010: ["mandatory-extension", "Mandatory Extension"],
  1011: ["internal-error", "Internal Error"],
  1012: ["service-restart", "Service Restart"],
  1013: ["try-again-later", "Try Again Later"],
  1014: ["bad-gateway", "Bad Gateway"],
  1015: ["tls-handshake", "TLS Handshake"],
  3000: ["unauthorized", "Unauthorized"],
  3003: ["forbidden", "Forbidden"],
  3008: ["timeout", "Timeout"],
};

/** The codes that have their own registry entry, in ascending order. */
export const REGISTERED_CLOSE_CODES: readonly number[] = Object.freeze(Object.keys(REGISTRY).map(Number));

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

// 1005, 1006 and 1015 describe something the local side saw (no code, no close frame, a TLS failure);
// RFC 6455 §7.4.1 forbids putting them in a Close frame.
const NEVER_SENT = new Set([1005, 1006, 1015]);

/** The range a code falls in. Non-integers and negatives are `out-of-range`. */
export function closeRangeOf(code: number): CloseRange {
  if (!Number.isInteger(code) || code < 0 || code > 4999) return "out-of-range";
  if (code <= 999) return "unused";
  if (code <= 2999) return "protocol";
  if (code <= 3999) return "registered";
  return "private";
}

/** Registry facts about one code: kind, name, range, and whether it may appear on the wire. */
export function closeCodeInfo(code: number): CloseCodeInfo {
  const range = closeRangeOf(code);
  const entry = REGISTRY[code];
  if (entry && Number.isInteger(code)) {
    return { code, kind: entry[0], name: entry[1], range, registered: true, reserved: NEVER_SENT.has(code) };
  }
  const [kind, name] = UNREGISTERED[range];
  return { code, kind, name, range, registered: false, reserved: false };
}

const UNREGISTERED: Readonly<Record<CloseRange, readonly [CloseKind, string]>> = {
  unused: ["invalid", "Unused"],
  // 1016–2999: kept for future revisions of the protocol and for extensions.
  protocol: ["reserved", "Unassigned (Reserved for the Protocol)"],
  registered: ["registered", "Library or Framework Code"],
  private: ["private", "Private Use"],
  "out-of-range": ["invalid", "Out of Range"],
};
