export { type BackoffOptions, DEFAULT_BACKOFF, retryDelay } from "./backoff.js";
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
export type { DiagnosticEntry } from "./diagnostics.js";
export type { Environment, PlatformSignal, WebSocketConstructor, WebSocketLike } from "./environment.js";
export { LifelineError, type LifelineErrorCode } from "./errors.js";
export type { HeartbeatOptions } from "./heartbeat.js";
export {
  createMessageStore,
  type MessageState,
  type MessageStore,
  type MessageStoreOptions,
} from "./messageStore.js";
export { redactText, redactUrl } from "./redactUrl.js";
export { MAX_RETRY_HINT_MS, parseRetryHint } from "./retryHint.js";
export { DEFAULT_QUEUE_SIZE, type QueueOptions, type QueueOverflow } from "./sendQueue.js";
export {
  createSocket,
  type MessageListener,
  type SendData,
  type Socket,
  type UrlSource,
} from "./socket.js";
export { type ReconnectOptions, type RetryContext, resolveWebSocketUrl, type SocketOptions } from "./socketOptions.js";
export { type SocketEvent, type SocketState, type SocketStatus, type StatusReason, transition } from "./status.js";
export type { RateLimitOptions } from "./tokenBucket.js";
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
