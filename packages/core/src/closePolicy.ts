import { POLICY_PHRASES } from "./closeTable.js";
import type { ClosePolicy } from "./types.js";

/** A phrase to look for in a close reason: words (matched after normalising case and punctuation) or a RegExp. */
export type PolicyPhrase = string | RegExp;

/** Phrase lists per policy; apps add their own through `createCloseClassifier({ phrases })`. */
export type PolicyPhrases = Partial<Record<Exclude<ClosePolicy, "unspecified">, readonly PolicyPhrase[]>>;

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
 * app's own `phrases` are tried before the table's patterns (closeTable.ts).
 */
export function policyFromReason(reason: string, phrases: PolicyPhrases = {}): ClosePolicy | undefined {
  if (!reason) return undefined;
  const normalized = normalizeReason(reason);
  for (const [policy, pattern] of POLICY_PHRASES) {
    for (const phrase of phrases[policy] ?? []) {
      if (typeof phrase === "string" ? normalized.includes(normalizeReason(phrase)) : phrase.test(reason)) {
        return policy;
      }
    }
    if (pattern.test(normalized)) return policy;
  }
  return undefined;
}
