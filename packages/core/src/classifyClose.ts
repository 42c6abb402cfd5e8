import { policyFromReason } from "./closePolicy.js";
import { closeRow, POLICY_ACTIONS, POLICY_BY_CODE, RESERVED_CODES } from "./closeTable.js";
import { MAX_CLOSE_REASON_BYTES } from "./closeValidation.js";
import { parseRetryHint } from "./retryHint.js";
import type {
  CloseClassification,
  CloseContext,
  CloseEventLike,
  ClosePolicy,
  CloseRule,
  RetryDecision,
} from "./types.js";
import { truncateUtf8 } from "./utf8.js";

/** Turns a close event plus what the client knows into a frozen `CloseClassification`. */
export type CloseClassifier = (event: CloseEventLike | null | undefined, context?: CloseContext) => CloseClassification;

/** What a classifier knows beyond the default table; `createCloseClassifier` builds these from its options. */
export interface ClassifierParts {
  /** The app's rule for a code, if it has one. */
  readonly rule?: (code: number) => CloseRule | undefined;
  /** Reads the policy a close reason names ("rate limit exceeded"); without it, only the code decides. */
  readonly readPolicy?: (reason: string) => ClosePolicy | undefined;
  /** Reads the retry delay a close reason asks for ("retry-after=5"); without it, the table's schedule decides. */
  readonly readHint?: (reason: string, code: number) => number | undefined;
}

const NEVER: RetryDecision = Object.freeze({ action: "never" });

/**
 * Builds a classifier from the default table plus `parts`. With no parts it reads codes only: that is the kernel's,
 * and `closeReasons()` (`@lifeline/core/classify`) brings in `classifyClose`, which reads reasons too.
 */
export function buildClassifier(parts: ClassifierParts = {}): CloseClassifier {
  const { readHint, readPolicy } = parts;
  return (event, context = {}) => {
    const code = typeof event?.code === "number" && Number.isFinite(event.code) ? event.code : 0;
    // Cut first: every later step then works on at most 123 bytes, whatever size the input had.
    const reason = truncateUtf8(typeof event?.reason === "string" ? event.reason : "", MAX_CLOSE_REASON_BYTES);
    const [kind, name, category, action, maxAttempts, readsReason] = closeRow(code);
    const rule = parts.rule?.(code);
    const userInitiated = context.closeRequested === true;
    let policy: ClosePolicy | undefined;
    let retry = NEVER;
    if (!userInitiated) {
      if (rule && rule.policy !== undefined) policy = rule.policy ?? undefined;
      else {
        const fromCode = POLICY_BY_CODE[code];
        const fromReason = readsReason ? readPolicy?.(reason) : undefined;
        // 4429 and the forbidden codes are as specific as a reason can be; a stray word does not change them.
        // An auth code only learns from the reason that the credentials expired.
        policy =
          fromCode === "rate-limited" || fromCode === "forbidden"
            ? fromCode
            : fromCode === "unauthorized"
              ? fromReason === "auth-expired"
                ? fromReason
                : fromCode
              : (fromReason ?? fromCode);
      }
      const hint = readHint?.(reason, code);
      const ruled = typeof rule?.retry === "string" ? { action: rule.retry } : rule?.retry;
      // A rejection decides by its policy, with no attempt limit; anything else by its line in the table.
      const base: RetryDecision =
        ruled ?? (policy ? { action: POLICY_ACTIONS[policy] } : maxAttempts ? { action, maxAttempts } : { action });
      // The app's own rule and a credential refresh keep their action and only learn the wait; otherwise a server
      // that names a time has told us exactly when to come back, even after a close we would not retry by default.
      retry = Object.freeze(
        typeof hint === "number" && hint >= 0 && hint < Number.POSITIVE_INFINITY
          ? {
              ...base,
              action: ruled || base.action === "refresh-auth" ? base.action : "after-hint",
              retryAfterMs: hint,
            }
          : { ...base },
      );
    }
    return Object.freeze({
      code,
      reason,
      wasClean: typeof event?.wasClean === "boolean" ? event.wasClean : code !== 1006 && code !== 1015,
      name: rule?.name ?? name,
      kind,
      category: userInitiated ? "normal" : (rule?.category ?? (policy ? "rejected" : category)),
      ...(policy ? { policy } : {}),
      retry,
      beforeOpen: context.opened === false,
      userInitiated,
      reserved: RESERVED_CODES.has(code),
    });
  };
}

/**
 * Classifies a close with the default table, reading the reason's phrases ("rate limit exceeded", "token expired")
 * and its retry hint ("retry-after=5"). `createCloseClassifier` (`@lifeline/core/classify`) teaches it a server's
 * own codes.
 */
export const classifyClose: CloseClassifier = /* @__PURE__ */ buildClassifier({
  readPolicy: policyFromReason,
  readHint: parseRetryHint,
});

/** The kernel's classifier: the table by code alone, for a socket without `closeReasons()`. */
export const classifyByCode: CloseClassifier = /* @__PURE__ */ buildClassifier();
