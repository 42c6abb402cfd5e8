export {
  type CloseClassifier,
  type CloseClassifierOptions,
  type CloseRule,
  classifyClose,
  createCloseClassifier,
} from "./classifyClose.js";
export {
  CLOSE_RANGE_BOUNDS,
  CLOSE_RANGES,
  type CloseCodeInfo,
  type CloseRange,
  closeCodeInfo,
  closeRangeOf,
  REGISTERED_CLOSE_CODES,
} from "./closeCodes.js";
export { DEFAULT_POLICY_PHRASES, type PolicyPhrase, type PolicyPhrases, policyFromReason } from "./closePolicy.js";
export { isSendableCloseCode, MAX_CLOSE_REASON_BYTES, validateClose } from "./closeValidation.js";
export { LifelineError, type LifelineErrorCode } from "./errors.js";
export { MAX_RETRY_HINT_MS, parseRetryHint } from "./retryHint.js";
export type {
  CloseClassification,
  CloseContext,
  CloseEventLike,
  CloseKind,
  ClosePolicy,
  RetryAction,
  RetryDecision,
} from "./types.js";
export { truncateUtf8, utf8ByteLength } from "./utf8.js";
