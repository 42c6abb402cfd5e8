/** Machine-readable names for the misuse errors Lifeline throws. */
export type LifelineErrorCode =
  | "invalid-close-code"
  | "invalid-close-reason"
  | "invalid-option"
  | "invalid-url"
  | "missing-websocket"
  | "invalid-json"
  | "invalid-message";

/**
 * Thrown only for programmer misuse; network failures become state and are never thrown.
 * The message names the package, what happened and what to do instead.
 */
export class LifelineError extends Error {
  readonly code: LifelineErrorCode;

  constructor(code: LifelineErrorCode, message: string) {
    super(`[@lifeline/core] ${message}`);
    this.name = "LifelineError";
    this.code = code;
  }
}

/**
 * Rethrows an app callback's error on its own microtask: it must not break Lifeline's bookkeeping, nor the other
 * callbacks, nor escape into the WebSocket event handler that ran it, but it must not vanish either.
 */
export function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
