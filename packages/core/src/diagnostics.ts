import type { CloseClassification } from "./types.js";

/** One entry of a socket's diagnostics log. `at` is wall-clock milliseconds. URLs in it are redacted. */
export type DiagnosticEntry = { readonly at: number } & (
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
  | { readonly type: "credentials-refreshed" }
  | { readonly type: "credentials-failed"; readonly error: string }
);

/** Distributes `Omit` over the union, so each entry keeps its own fields. */
export type DiagnosticInput = DiagnosticEntry extends infer Entry
  ? Entry extends { readonly at: number }
    ? Omit<Entry, "at">
    : never
  : never;

export interface DiagnosticsLog {
  add(entry: DiagnosticInput): void;
  /** The entries, oldest first, as a frozen copy. */
  entries(): readonly DiagnosticEntry[];
}

/** A log that keeps the newest `limit` entries, for UIs and bug reports. @default limit 100 */
export function createDiagnosticsLog(now: () => number, limit = 100): DiagnosticsLog {
  const log: DiagnosticEntry[] = [];
  return {
    add(entry) {
      log.push(Object.freeze({ at: now(), ...entry }) as DiagnosticEntry);
      if (log.length > limit) log.splice(0, log.length - limit);
    },
    entries: () => Object.freeze(log.slice()),
  };
}
