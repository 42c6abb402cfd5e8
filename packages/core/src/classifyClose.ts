import { closeCodeInfo } from "./closeCodes.js";
import { type PolicyPhrases, policyFromReason } from "./closePolicy.js";
import { MAX_CLOSE_REASON_BYTES } from "./closeValidation.js";
import { parseRetryHint } from "./retryHint.js";
import type {
  CloseClassification,
  CloseContext,
  CloseEventLike,
  CloseKind,
  ClosePolicy,
  CloseRule,
  RetryAction,
  RetryDecision,
} from "./types.js";
import { truncateUtf8 } from "./utf8.js";

/** Turns a close event plus what the client knows into a frozen `CloseClassification`. */
export type CloseClassifier = (event: CloseEventLike | null | undefined, context?: CloseContext) => CloseClassification;

/** What a classifier knows beyond the default table; `createCloseClassifier` builds these from its options. */
export interface ClassifierParts {
  /** The app's rule for a code, if it has one. */
  readonly rule?: (code: number) => CloseRule | undefined;
  /** The app's own reason phrases, tried before the built-in ones. */
  readonly phrases?: PolicyPhrases;
  readonly readHint?: (reason: string, code: number) => number | undefined;
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

// Kinds whose code says nothing specific about the cause, so the reason text may reveal a rejection.
// A 1012 "restarting, too many connections" stays a restart: the code already tells what to do.
const READS_REASON =
  /^(normal|policy-violation|internal-error|unauthorized|forbidden|timeout|registered|private|reserved|invalid)$/;

/**
 * The default decision table; why each line is what it is: closeCodes.md. A rejection decides by its policy,
 * anything else by its kind. Codes that point at a bug or at a convention we do not know get a few attempts only.
 */
function defaultRetry(kind: CloseKind, policy: ClosePolicy | undefined): RetryDecision {
  const reason = policy ?? kind;
  const action: RetryAction = /^(going-away|service-restart)$/.test(reason)
    ? "soon"
    : /^(try-again-later|rate-limited)$/.test(reason)
      ? "slow"
      : /^(unauthorized|auth-expired)$/.test(reason)
        ? "refresh-auth"
        : /^(unsupported-data|invalid-payload|policy-violation|mandatory-extension|forbidden|unspecified)$/.test(reason)
          ? "never"
          : "backoff";
  const maxAttempts = { "protocol-error": 1, "internal-error": 8, registered: 5, private: 5, reserved: 5, invalid: 5 }[
    reason as string
  ];
  return maxAttempts ? { action, maxAttempts } : { action };
}

const NEVER: RetryDecision = Object.freeze({ action: "never" });

/** Builds a classifier from the default table plus `parts`. `classifyClose` is the one with no parts. */
export function buildClassifier(parts: ClassifierParts = {}): CloseClassifier {
  const readHint = parts.readHint ?? parseRetryHint;
  return (event, context = {}) => {
    const code = typeof event?.code === "number" && Number.isFinite(event.code) ? event.code : 0;
    // Cut first: every later step then works on at most 123 bytes, whatever size the input had.
    const reason = truncateUtf8(typeof event?.reason === "string" ? event.reason : "", MAX_CLOSE_REASON_BYTES);
    const info = closeCodeInfo(code);
    const rule = parts.rule?.(code);
    const userInitiated = context.closeRequested === true;
    let policy: ClosePolicy | undefined;
    let retry = NEVER;
    if (!userInitiated) {
      if (rule && rule.policy !== undefined) policy = rule.policy ?? undefined;
      else {
        const fromCode = POLICY_BY_CODE[code];
        const fromReason = READS_REASON.test(info.kind) ? policyFromReason(reason, parts.phrases) : undefined;
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
      const hint = readHint(reason, code);
      const ruled = typeof rule?.retry === "string" ? { action: rule.retry } : rule?.retry;
      const base = ruled ?? defaultRetry(info.kind, policy);
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
      name: rule?.name ?? info.name,
      kind: info.kind,
      ...(policy ? { policy } : {}),
      retry,
      beforeOpen: context.opened === false,
      userInitiated,
      reserved: info.reserved,
    });
  };
}

/** Classifies a close with the default table. `createCloseClassifier` (`@lifeline/core/classify`) teaches it a server's own codes. */
export const classifyClose: CloseClassifier = buildClassifier();
