import { DEV } from "#dev";
import { closeCodeInfo } from "./closeCodes.js";
import { DEFAULT_POLICY_PHRASES, type PolicyPhrases, policyFromCode, policyFromReason } from "./closePolicy.js";
import { MAX_CLOSE_REASON_BYTES } from "./closeValidation.js";
import { LifelineError } from "./errors.js";
import { parseRetryHint } from "./retryHint.js";
import type {
  CloseClassification,
  CloseContext,
  CloseEventLike,
  CloseKind,
  ClosePolicy,
  RetryAction,
  RetryDecision,
} from "./types.js";
import { truncateUtf8 } from "./utf8.js";

/** How one server uses a code or a range, overriding the defaults. */
export interface CloseRule {
  /** A name for the code on this server, e.g. "Authentication failed" for Discord's 4004. */
  readonly name?: string;
  /** Treat the close as this rejection; `null` says it is not a rejection, whatever the reason text says. */
  readonly policy?: ClosePolicy | null;
  /** What to do next; a bare action or a full decision with `maxAttempts`. */
  readonly retry?: RetryAction | RetryDecision;
}

/** Per-server knowledge added to the default table. */
export interface CloseClassifierOptions {
  /**
   * Rules keyed by code (`4004`) or inclusive range (`"3500-3999"`). An exact code beats a range; a narrower
   * range beats a wider one.
   */
  readonly codes?: Readonly<Record<string | number, CloseRule>>;
  /** Extra reason phrases per policy, checked before the built-in ones. */
  readonly phrases?: PolicyPhrases;
  /**
   * Reads a retry delay (ms) out of a close reason.
   * @default parseRetryHint — `retry-after=30`, `retry after 30s`, `{"retryAfter":30}`
   */
  readonly parseRetryHint?: (reason: string, code: number) => number | undefined;
}

/** Turns a close event plus what the client knows into a frozen `CloseClassification`. */
export type CloseClassifier = (event: CloseEventLike | null | undefined, context?: CloseContext) => CloseClassification;

// The default decision table. Why each line is what it is: closeCodes.md, beside closeCodes.ts.
const RETRY_BY_KIND: Readonly<Record<CloseKind, RetryDecision>> = {
  normal: { action: "backoff" },
  "going-away": { action: "soon" },
  "protocol-error": { action: "backoff", maxAttempts: 1 },
  "unsupported-data": { action: "never" },
  "no-status": { action: "backoff" },
  abnormal: { action: "backoff" },
  "invalid-payload": { action: "never" },
  "policy-violation": { action: "never" },
  "message-too-big": { action: "backoff" },
  "mandatory-extension": { action: "never" },
  "internal-error": { action: "backoff", maxAttempts: 8 },
  "service-restart": { action: "soon" },
  "try-again-later": { action: "slow" },
  "bad-gateway": { action: "backoff" },
  "tls-handshake": { action: "backoff" },
  unauthorized: { action: "refresh-auth" },
  forbidden: { action: "never" },
  timeout: { action: "backoff" },
  registered: { action: "backoff", maxAttempts: 5 },
  private: { action: "backoff", maxAttempts: 5 },
  reserved: { action: "backoff", maxAttempts: 5 },
  invalid: { action: "backoff", maxAttempts: 5 },
};

const RETRY_BY_POLICY: Readonly<Record<ClosePolicy, RetryDecision>> = {
  "rate-limited": { action: "slow" },
  "auth-expired": { action: "refresh-auth" },
  unauthorized: { action: "refresh-auth" },
  forbidden: { action: "never" },
  unspecified: { action: "never" },
};

// Kinds whose code says nothing specific about the cause, so the reason text may reveal a rejection.
// A 1012 "restarting, too many connections" stays a restart: the code already tells what to do.
const KINDS_THAT_READ_REASON: ReadonlySet<CloseKind> = new Set<CloseKind>([
  "normal",
  "policy-violation",
  "internal-error",
  "unauthorized",
  "forbidden",
  "timeout",
  "registered",
  "private",
  "reserved",
  "invalid",
]);

const NEVER: RetryDecision = Object.freeze({ action: "never" });

/**
 * Builds a classifier that knows one server's conventions: its own 4xxx codes, a framework's 3xxx range,
 * its reason phrases. Rules are checked once, here, so a typo fails at startup rather than at the first close.
 */
export function createCloseClassifier(options: CloseClassifierOptions = {}): CloseClassifier {
  const { exact, ranges } = compileRules(options.codes ?? {});
  const phrases = mergePhrases(options.phrases);
  const readHint = options.parseRetryHint ?? parseRetryHint;

  return function classify(event, context = {}) {
    const code = typeof event?.code === "number" && Number.isFinite(event.code) ? event.code : 0;
    const rawReason = typeof event?.reason === "string" ? event.reason : "";
    // Cut first: every later step then works on at most 123 bytes, whatever size the input had.
    const reason = truncateUtf8(rawReason, MAX_CLOSE_REASON_BYTES);
    const info = closeCodeInfo(code);
    const rule = exact.get(code) ?? ranges.find((range) => code >= range.from && code <= range.to)?.rule;
    const userInitiated = context.closeRequested === true;

    const policy = userInitiated ? undefined : decidePolicy(code, info.kind, reason, rule, phrases);
    const retryAfterMs = userInitiated ? undefined : safeHint(readHint, reason, code);
    const retry = userInitiated ? NEVER : decideRetry(info.kind, policy, rule, retryAfterMs);

    const classification: CloseClassification = {
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
    };
    return Object.freeze(classification);
  };
}

/** Classifies a close with the default table. See `createCloseClassifier` to teach it a server's own codes. */
export const classifyClose: CloseClassifier = createCloseClassifier();

function decidePolicy(
  code: number,
  kind: CloseKind,
  reason: string,
  rule: CloseRule | undefined,
  phrases: PolicyPhrases,
): ClosePolicy | undefined {
  if (rule && rule.policy !== undefined) return rule.policy ?? undefined;
  const fromCode = policyFromCode(code);
  // 4429 and the forbidden codes are as specific as a reason can be; don't let a stray word change them.
  if (fromCode === "rate-limited" || fromCode === "forbidden") return fromCode;
  const fromReason = KINDS_THAT_READ_REASON.has(kind) ? policyFromReason(reason, phrases) : undefined;
  if (fromCode === "unauthorized") return fromReason === "auth-expired" ? "auth-expired" : "unauthorized";
  return fromReason ?? fromCode;
}

function decideRetry(
  kind: CloseKind,
  policy: ClosePolicy | undefined,
  rule: CloseRule | undefined,
  retryAfterMs: number | undefined,
): RetryDecision {
  const ruled =
    rule?.retry === undefined ? undefined : typeof rule.retry === "string" ? { action: rule.retry } : rule.retry;
  const base = ruled ?? (policy ? RETRY_BY_POLICY[policy] : RETRY_BY_KIND[kind]);
  if (retryAfterMs === undefined) return Object.freeze({ ...base });
  // The app's own rule and a credential refresh keep their action and only learn the wait; otherwise a server
  // that names a time has told us exactly when to come back, even after a close we would not retry by default.
  const action = ruled || base.action === "refresh-auth" ? base.action : "after-hint";
  return Object.freeze({ ...base, action, retryAfterMs });
}

function safeHint(
  readHint: NonNullable<CloseClassifierOptions["parseRetryHint"]>,
  reason: string,
  code: number,
): number | undefined {
  const value = readHint(reason, code);
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function mergePhrases(extra: PolicyPhrases | undefined): PolicyPhrases {
  if (!extra) return DEFAULT_POLICY_PHRASES;
  const merged: Record<string, readonly (string | RegExp)[]> = {};
  for (const [policy, list] of Object.entries(DEFAULT_POLICY_PHRASES)) {
    merged[policy] = [...(extra[policy as keyof PolicyPhrases] ?? []), ...list];
  }
  return merged;
}

interface RangeRule {
  readonly from: number;
  readonly to: number;
  readonly rule: CloseRule;
}

const RETRY_ACTIONS: ReadonlySet<string> = new Set(["backoff", "soon", "slow", "after-hint", "refresh-auth", "never"]);

function compileRules(codes: Readonly<Record<string | number, CloseRule>>) {
  const exact = new Map<number, CloseRule>();
  const ranges: RangeRule[] = [];
  for (const [key, rule] of Object.entries(codes)) {
    const action = typeof rule?.retry === "string" ? rule.retry : rule?.retry?.action;
    if (action !== undefined && !RETRY_ACTIONS.has(action)) {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? `createCloseClassifier: codes[${JSON.stringify(key)}].retry is ${JSON.stringify(action)}. Use one of ${[...RETRY_ACTIONS].join(", ")}.`
          : `createCloseClassifier: bad retry for ${key}`,
      );
    }
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(key);
    if (/^\s*\d+\s*$/.test(key)) {
      exact.set(Number(key), rule);
    } else if (range && Number(range[1]) <= Number(range[2])) {
      ranges.push({ from: Number(range[1]), to: Number(range[2]), rule });
    } else {
      throw new LifelineError(
        "invalid-option",
        DEV
          ? `createCloseClassifier: codes key ${JSON.stringify(key)} is neither a code nor a range. Use a code such as 4004 or a range such as "3500-3999".`
          : `createCloseClassifier: bad key ${key}`,
      );
    }
  }
  ranges.sort((a, b) => a.to - a.from - (b.to - b.from));
  return { exact, ranges };
}
