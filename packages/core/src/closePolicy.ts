import type { ClosePolicy } from "./types.js";

/** A phrase to look for in a close reason: words (matched after normalising case and punctuation) or a RegExp. */
export type PolicyPhrase = string | RegExp;

/** Phrase lists per policy; apps add their own through `createCloseClassifier({ phrases })`. */
export type PolicyPhrases = Partial<Record<Exclude<ClosePolicy, "unspecified">, readonly PolicyPhrase[]>>;

// Servers that reject a client mostly say why only in the reason text, in every spelling imaginable:
// "Too Many Requests", "rate_limit_exceeded", "RateLimited", "JWT expired.". Matching runs on a normalised
// form (camelCase split, lower case, punctuation to single spaces) so one phrase covers all of them.
// Order matters: the first policy whose phrases match wins, and "token expired" must beat "invalid token".
export const DEFAULT_POLICY_PHRASES: Readonly<Record<Exclude<ClosePolicy, "unspecified">, readonly PolicyPhrase[]>> = {
  "rate-limited": [
    "rate limit",
    "rate limited",
    "ratelimit",
    "ratelimited",
    "too many requests",
    "too many messages",
    "too many connections",
    "too many attempts",
    "slow down",
    "throttled",
    "quota exceeded",
    "flood",
  ],
  "auth-expired": [
    "token expired",
    "jwt expired",
    "session expired",
    "expired token",
    "expired jwt",
    "expired session",
    "credentials expired",
    "auth expired",
    "token has expired",
    "session has expired",
    "login expired",
  ],
  forbidden: ["forbidden", "access denied", "permission denied", "not permitted", "insufficient permissions", "banned"],
  unauthorized: [
    "unauthorized",
    "unauthorised",
    "not authorized",
    "not authorised",
    "unauthenticated",
    "not authenticated",
    "authentication failed",
    "authentication required",
    "invalid token",
    "missing token",
    "invalid credentials",
    "bad token",
    "login required",
  ],
};

const ORDER = ["rate-limited", "auth-expired", "forbidden", "unauthorized"] as const;

/** Lower case, camelCase split, every run of non-letters-or-digits turned into one space, padded with spaces. */
export function normalizeReason(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return ` ${words} `;
}

/** The policy named by the reason text, or `undefined` when no phrase matches. */
export function policyFromReason(
  reason: string,
  phrases: PolicyPhrases = DEFAULT_POLICY_PHRASES,
): ClosePolicy | undefined {
  if (!reason) return undefined;
  const normalized = normalizeReason(reason);
  for (const policy of ORDER) {
    for (const phrase of phrases[policy] ?? []) {
      if (typeof phrase === "string" ? normalized.includes(normalizeReason(phrase)) : phrase.test(reason))
        return policy;
    }
  }
  return undefined;
}

// Codes that are rejections by themselves. 4401/4403/4429 follow the "HTTP status + 4000" convention
// (graphql-ws, Hocuspocus); the 1008 reason usually says more, so its text is read first.
const POLICY_BY_CODE: Readonly<Record<number, ClosePolicy>> = {
  1008: "unspecified",
  3000: "unauthorized",
  3003: "forbidden",
  4401: "unauthorized",
  4403: "forbidden",
  4429: "rate-limited",
};

/** The policy implied by the code alone, or `undefined` for codes that are not rejections. */
export function policyFromCode(code: number): ClosePolicy | undefined {
  return POLICY_BY_CODE[code];
}
