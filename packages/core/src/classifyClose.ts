import { policyFromReason } from "./closePolicy.js";
import { type CloseRow, closeRow, POLICY_ACTIONS, POLICY_BY_CODE, RESERVED_CODES } from "./closeTable.js";
import { MAX_CLOSE_REASON_BYTES } from "./closeValidation.js";
import { parseRetryHint } from "./retryHint.js";
import type {
  CloseCategory,
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

/** What decides a close beyond its line in the table: a policy, a retry decision, and the app's name and category. */
interface Verdict {
  readonly policy?: ClosePolicy | undefined;
  readonly retry: RetryDecision;
  readonly name?: string | undefined;
  readonly category?: CloseCategory | undefined;
}

/** A rejection decides by its policy, with no attempt limit; anything else by its line in the table. */
const base = (policy: ClosePolicy | undefined, [, , , action, maxAttempts]: CloseRow): RetryDecision =>
  policy ? { action: POLICY_ACTIONS[policy] } : maxAttempts ? { action, maxAttempts } : { action };

/** The kernel's verdict: the code alone decides. */
const byCode = (code: number, _reason: string, row: CloseRow): Verdict => {
  const policy = POLICY_BY_CODE[code];
  return { policy, retry: Object.freeze(base(policy, row)) };
};

/**
 * A frozen `CloseClassification` of `event` by its line in the table and `decide`'s verdict. The kernel decides by
 * the code alone; `buildClassifier` brings the app's rules, reason phrases and retry hints, so a socket without
 * them ships none of that.
 */
function classifyWith(
  event: CloseEventLike | null | undefined,
  context: CloseContext = {},
  decide: (code: number, reason: string, row: CloseRow, userInitiated: boolean) => Verdict = byCode,
): CloseClassification {
  const code = typeof event?.code === "number" && Number.isFinite(event.code) ? event.code : 0;
  // Cut first: every later step then works on at most 123 bytes, whatever size the input had.
  const reason = truncateUtf8(typeof event?.reason === "string" ? event.reason : "", MAX_CLOSE_REASON_BYTES);
  const row = closeRow(code);
  const userInitiated = context.closeRequested === true;
  const verdict = decide(code, reason, row, userInitiated);
  const policy = userInitiated ? undefined : verdict.policy;
  return Object.freeze({
    code,
    reason,
    wasClean: typeof event?.wasClean === "boolean" ? event.wasClean : code !== 1006 && code !== 1015,
    name: verdict.name ?? row[1],
    kind: row[0],
    category: userInitiated ? "normal" : (verdict.category ?? (policy ? "rejected" : row[2])),
    ...(policy ? { policy } : {}),
    retry: userInitiated ? NEVER : verdict.retry,
    beforeOpen: context.opened === false,
    userInitiated,
    reserved: RESERVED_CODES.has(code),
  });
}

/**
 * Builds a classifier from the default table plus `parts`: the app's rules, and what a reason may say (its phrases,
 * its retry hint). `closeReasons()` (`@lifeline/core/classify`) brings in `classifyClose`, which reads reasons.
 */
export function buildClassifier(parts: ClassifierParts = {}): CloseClassifier {
  const { readHint, readPolicy } = parts;
  const decide = (code: number, reason: string, row: CloseRow, userInitiated: boolean): Verdict => {
    const rule = parts.rule?.(code);
    // A close the app asked for is not judged: only the app's name for its code applies.
    if (userInitiated) return { retry: NEVER, name: rule?.name };
    let policy: ClosePolicy | undefined;
    if (rule && rule.policy !== undefined) policy = rule.policy ?? undefined;
    else {
      const fromCode = POLICY_BY_CODE[code];
      const fromReason = row[5] ? readPolicy?.(reason) : undefined;
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
    const decided: RetryDecision = ruled ?? base(policy, row);
    // The app's own rule and a credential refresh keep their action and only learn the wait; otherwise a server
    // that names a time has told us exactly when to come back, even after a close we would not retry by default.
    const retry = Object.freeze(
      typeof hint === "number" && hint >= 0 && hint < Number.POSITIVE_INFINITY
        ? {
            ...decided,
            action: ruled || decided.action === "refresh-auth" ? decided.action : "after-hint",
            retryAfterMs: hint,
          }
        : { ...decided },
    );
    return { policy, retry, name: rule?.name, category: rule?.category };
  };
  return (event, context) => classifyWith(event, context, decide);
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
export const classifyByCode: CloseClassifier = (event, context) => classifyWith(event, context);
