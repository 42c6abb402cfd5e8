// The main entry is the kernel every app ships: the reconnecting socket and the close-code verdicts it runs on.
// Everything an app opts into lives under its own path, so it costs nothing until imported. Features for `use`:
// /browser (platform signals, and the preset), /heartbeat, /probe, /diagnostics, /classify (closeReasons, and a
// server's own codes). Other parts: /codes (registry facts), /rate-limit, /messages (last-message store),
// /explain and /locales/* (words for people).
export {
  DEFAULT_DELAYS,
  MAX_DELAY_MS,
  type ReconnectDelayOptions,
  type ReconnectDelays,
  retryDelay,
} from "./backoff.js";
export { type CloseClassifier, classifyClose } from "./classifyClose.js";
export { isSendableCloseCode, MAX_CLOSE_REASON_BYTES, validateClose } from "./closeValidation.js";
export type { DiagnosticEvent } from "./diagnosticEvent.js";
export type {
  Environment,
  PageLifecycle,
  PlatformSignal,
  WebSocketConstructor,
  WebSocketLike,
} from "./environment.js";
export { LifelineError, type LifelineErrorCode, rethrowLater } from "./errors.js";
export type { Feature, Use } from "./feature.js";
export type { HeartbeatOptions } from "./heartbeat/heartbeat.js";
export { MAX_RETRY_HINT_MS, parseRetryHint } from "./retryHint.js";
export { DEFAULT_QUEUE_SIZE, type QueueOptions, type QueueOverflow } from "./sendQueue.js";
export {
  createSocket,
  type MessageListener,
  type SendData,
  type SendOutcome,
  type Socket,
  type UrlSource,
} from "./socket.js";
export type {
  DropCause,
  HandshakeProbe,
  RateLimiter,
  ReconnectOptions,
  SocketOptions,
} from "./socketOptions.js";
export { resolveWebSocketUrl } from "./socketUrl.js";
export type { AppliedDecision, SocketState, SocketStatus, StatusReason, TabRole } from "./status.js";
export type {
  CloseCategory,
  CloseClassification,
  CloseContext,
  CloseEventLike,
  CloseKind,
  ClosePolicy,
  CloseRule,
  RetryAction,
  RetryDecision,
} from "./types.js";
export { truncateUtf8, utf8ByteLength } from "./utf8.js";
