import type { CloseClassification } from "./types.js";

/**
 * One thing a socket did, as the listener of `diagnostics(listener)` hears it: the credentials in its URL, error text
 * and close reason redacted.
 * `createDiagnostics()` (`@lifeline/core/diagnostics`) stamps each with the time, as a `DiagnosticEntry`.
 */
export type DiagnosticEvent =
  | { readonly type: "connecting"; readonly url: string; readonly attempt: number }
  | { readonly type: "opened"; readonly url: string }
  | { readonly type: "closed"; readonly close: CloseClassification }
  | { readonly type: "retry-scheduled"; readonly delayMs: number; readonly attempt: number }
  | { readonly type: "gave-up"; readonly reason: string }
  | { readonly type: "connect-timeout"; readonly afterMs: number }
  | { readonly type: "heartbeat-missed"; readonly silentMs: number }
  | { readonly type: "offline" }
  | { readonly type: "online" }
  | { readonly type: "queue-overflow"; readonly dropped: number }
  | { readonly type: "queue-discarded"; readonly dropped: number }
  | { readonly type: "message-too-big"; readonly bytes: number | null }
  | { readonly type: "url-failed"; readonly error: string }
  /** The handshake probe's answer: the HTTP status behind the refused upgrades, 0 when it got none. */
  | { readonly type: "probed"; readonly status: number }
  | { readonly type: "credentials-refreshed" }
  | { readonly type: "credentials-failed"; readonly error: string }
  /**
   * A message that `@lifeline/core/typed` kept from every listener: not JSON, of an unknown type, refused by its
   * schema (`error` says what the schema said), or whose schema threw. Said once per message, however many views.
   */
  | {
      readonly type: "message-invalid";
      readonly reason: "not-json" | "unknown-type" | "invalid" | "validator-failed";
      readonly messageType?: string;
      readonly error?: string;
    }
  /** An app callback threw; the socket went on with its default. The error is also rethrown on its own. */
  | { readonly type: "callback-failed"; readonly callback: string; readonly error: string };
