import type { ClosePolicy } from "./types.js";

/** A phrase to look for in a close reason: words (matched after normalising case and punctuation) or a RegExp. */
export type PolicyPhrase = string | RegExp;

/** Phrase lists per policy; apps add their own through `createCloseClassifier({ phrases })`. */
export type PolicyPhrases = Partial<Record<Exclude<ClosePolicy, "unspecified">, readonly PolicyPhrase[]>>;

// Servers that reject a client mostly say why only in the reason text, in every spelling imaginable:
// "Too Many Requests", "rate_limit_exceeded", "RateLimited", "JWT expired.". The patterns run on a normalised form
// (camelCase split, lower case, punctuation to single spaces, padded with spaces), so one pattern covers all of
// them and the spaces keep "flood" from matching "flooding".
// Order matters: the first policy that matches wins, and "token expired" must beat "invalid token".
const DEFAULT_PATTERNS: readonly (readonly [Exclude<ClosePolicy, "unspecified">, RegExp])[] = [
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

/** Lower case, camelCase split, every run of non-letters-or-digits turned into one space, padded with spaces. */
export function normalizeReason(text: string): string {
  return ` ${text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}

/**
 * The policy named by the reason text, or `undefined` when nothing matches. Per policy, in the order above, the
 * app's own `phrases` are tried before the built-in patterns.
 */
export function policyFromReason(reason: string, phrases: PolicyPhrases = {}): ClosePolicy | undefined {
  if (!reason) return undefined;
  const normalized = normalizeReason(reason);
  for (const [policy, pattern] of DEFAULT_PATTERNS) {
    for (const phrase of phrases[policy] ?? []) {
      if (typeof phrase === "string" ? normalized.includes(normalizeReason(phrase)) : phrase.test(reason)) {
        return policy;
      }
    }
    if (pattern.test(normalized)) return policy;
  }
  return undefined;
}
