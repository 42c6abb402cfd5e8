import type { DiagnosticEvent } from "../diagnosticEvent.js";
import { rethrowLater } from "../errors.js";
import type { Feature } from "../feature.js";
import { redactText } from "../redactUrl.js";

// The diagnostics feature: tells the app everything the socket does, as it happens. The machine notes each step
// anyway (the `note` hook); without this feature nobody hears them, and the redaction below is not shipped.

/** The event with the credentials in its URL, error text and close reason (the server's free text) redacted. */
export function redacted(event: DiagnosticEvent): DiagnosticEvent {
  const { url, error, close } = event as { url?: string; error?: string; close?: { reason: string } };
  return {
    ...event,
    ...(url === undefined ? {} : { url: redactText(url) }),
    ...(error === undefined ? {} : { error: redactText(error) }),
    ...(close === undefined ? {} : { close: { ...close, reason: redactText(close.reason) } }),
  } as DiagnosticEvent;
}

/**
 * Hears everything the socket does: attempts, opens, closes with their classification, retries, timeouts, queue
 * drops, callbacks that threw. `use: [diagnostics(log.record)]` with `createDiagnostics()` keeps a bounded,
 * subscribable log; a logger or an error tracker can listen too. Credentials in URLs, error texts and close reasons
 * are redacted before `listener` sees them. A listener that throws is rethrown on its own and never stops the socket.
 */
export function diagnostics(listener: (event: DiagnosticEvent) => void): Feature<(event: DiagnosticEvent) => void> {
  return {
    name: "diagnostics",
    // A setting, so that the listener of the latest setOptions (a hook's latest render) hears.
    settings: listener,
    start: (_kernel, current) => ({
      note(event) {
        try {
          current()?.(redacted(event));
        } catch (error) {
          rethrowLater(error);
        }
      },
    }),
  };
}
