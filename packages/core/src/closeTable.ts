import type { CloseCategory, CloseKind, ClosePolicy, RetryAction } from "./types.js";

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// The close table: what Lifeline decides after every close code, in one place. The reasons behind each line are in
// closeCodes.md; a server's own codes extend it through `createCloseClassifier({ codes })`
// (`@lifeline/core/classify`). The few other files involved after a close:
// - classifyClose.ts turns a close event into a classification by this table, reading the reason's phrases
//   (closePolicy.ts) and its retry hint (retryHint.ts);
// - backoff.ts has the numbers behind each action (`reconnect` in the socket's options changes them);
// - schedule.ts's afterClose applies the decision: the attempt limits, the wait, a credential refresh, a stop.
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One line of the table: kind (a stable id to switch on), IANA name, category, default action, how many attempts in
 * a row closes of this kind get (0: no limit), and whether the reason text may reveal a rejection (1 when the code
 * itself says nothing specific about the cause).
 */
export type CloseRow = readonly [
  kind: CloseKind,
  name: string,
  category: CloseCategory,
  action: RetryAction,
  maxAttempts: number,
  readsReason: 0 | 1,
];

/** Every registered code (the IANA WebSocket Close Code Number Registry), in code order. */
export const CLOSE_CODES: Readonly<Record<number, CloseRow>> = {
  1000: ["normal", "Normal Closure", "normal", "backoff", 0, 1],
  1001: ["going-away", "Going Away", "planned", "soon", 0, 0],
  1002: ["protocol-error", "Protocol Error", "bug", "backoff", 1, 0],
  1003: ["unsupported-data", "Unsupported Data", "bug", "never", 0, 0],
  1004: ["reserved", "Reserved", "lost", "backoff", 5, 1],
  1005: ["no-status", "No Status Received", "lost", "backoff", 0, 0],
  1006: ["abnormal", "Abnormal Closure", "lost", "backoff", 0, 0],
  1007: ["invalid-payload", "Invalid Frame Payload Data", "bug", "never", 0, 0],
  1008: ["policy-violation", "Policy Violation", "rejected", "never", 0, 1],
  1009: ["message-too-big", "Message Too Big", "bug", "backoff", 0, 0],
  1010: ["mandatory-extension", "Mandatory Extension", "bug", "never", 0, 0],
  1011: ["internal-error", "Internal Error", "bug", "backoff", 8, 1],
  1012: ["service-restart", "Service Restart", "planned", "soon", 0, 0],
  1013: ["try-again-later", "Try Again Later", "overloaded", "slow", 0, 0],
  1014: ["bad-gateway", "Bad Gateway", "lost", "backoff", 0, 0],
  1015: ["tls-handshake", "TLS Handshake", "lost", "backoff", 0, 0],
  3000: ["unauthorized", "Unauthorized", "rejected", "refresh-auth", 0, 1],
  3003: ["forbidden", "Forbidden", "rejected", "never", 0, 1],
  3008: ["timeout", "Timeout", "lost", "backoff", 0, 1],
};

/**
 * Every code nobody registered, by range (RFC 6455 §7.4.2): [first code, last code, the line]. Unknown meanings get
 * a few attempts: enough for a blip, few enough that a final code we cannot know about stops soon.
 */
export const CLOSE_RANGE_ROWS: readonly (readonly [from: number, to: number, row: CloseRow])[] = [
  [0, 999, ["invalid", "Unused", "lost", "backoff", 5, 1]],
  [1000, 2999, ["reserved", "Unassigned (Reserved for the Protocol)", "lost", "backoff", 5, 1]],
  [3000, 3999, ["registered", "Library or Framework Code", "lost", "backoff", 5, 1]],
  [4000, 4999, ["private", "Private Use", "lost", "backoff", 5, 1]],
  [5000, Infinity, ["invalid", "Out of Range", "lost", "backoff", 5, 1]],
];

/** Codes no endpoint may put on the wire (RFC 6455 §7.4.1): the receiving side makes them up to describe a close. */
export const RESERVED_CODES: ReadonlySet<number> = new Set([1005, 1006, 1015]);

/**
 * Codes that are rejections by themselves. 4401, 4403 and 4429 follow the "HTTP status + 4000" convention
 * (graphql-ws, Hocuspocus). 1008's reason usually says more, so it is read first.
 */
export const POLICY_BY_CODE: Readonly<Record<number, ClosePolicy>> = {
  1008: "unspecified",
  3000: "unauthorized",
  3003: "forbidden",
  4401: "unauthorized",
  4403: "forbidden",
  4429: "rate-limited",
};

/** What a rejection gets, by its policy; a rejection's category is always `rejected`, and it has no attempt limit. */
export const POLICY_ACTIONS: Readonly<Record<ClosePolicy, RetryAction>> = {
  "rate-limited": "slow",
  "auth-expired": "refresh-auth",
  unauthorized: "refresh-auth",
  forbidden: "never",
  unspecified: "never",
};

// Servers that reject a client mostly say why only in the reason text, in every spelling imaginable:
// "Too Many Requests", "rate_limit_exceeded", "RateLimited", "JWT expired.". The patterns run on a normalised form
// (camelCase split, lower case, punctuation to single spaces, padded with spaces), so one pattern covers all of
// them and the spaces keep "flood" from matching "flooding".
// Order matters: the first policy that matches wins, and "token expired" must beat "invalid token".
export const POLICY_PHRASES: readonly (readonly [Exclude<ClosePolicy, "unspecified">, RegExp])[] = [
  [
    "rate-limited",
    / (rate ?limit(ed)?|too many (requests|messages|connections|attempts)|slow down|throttled|quota exceeded|flood) /,
  ],
  ["auth-expired", / ((token|jwt|session|credentials|auth|login)( has)? expired|expired (token|jwt|session)) /],
  ["forbidden", / (forbidden|(access|permission) denied|not permitted|insufficient permissions|banned) /],
  [
    "unauthorized",
    / ((un|not )(authori[sz]ed|authenticated)|authentication (failed|required)|(invalid|missing|bad) token|invalid credentials|login required) /,
  ],
];

/** The line for any code: its own, or its range's. Non-integers and negatives fall in the last range. */
export function closeRow(code: number): CloseRow {
  const valid = Number.isInteger(code) && code >= 0;
  const range = CLOSE_RANGE_ROWS.find(([from, to]) => valid && code >= from && code <= to);
  return CLOSE_CODES[code] ?? (range ?? (CLOSE_RANGE_ROWS[4] as (typeof CLOSE_RANGE_ROWS)[number]))[2];
}
