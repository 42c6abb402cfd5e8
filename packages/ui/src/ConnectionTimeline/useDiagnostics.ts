import type { DiagnosticEntry, Diagnostics } from "@lifeline/core/diagnostics";
import { useSyncExternalStore } from "react";

/**
 * What `useDiagnostics` reads: a log from `createDiagnostics()` (`@lifeline/core/diagnostics`), or anything with
 * the same two functions. Both are called on their own, not as methods, as `createDiagnostics` allows.
 */
export type DiagnosticsLog = Pick<Diagnostics, "subscribe" | "getSnapshot">;

const EMPTY_FROZEN_ARRAY: readonly DiagnosticEntry[] = Object.freeze([]);
const serverSnapshot = () => EMPTY_FROZEN_ARRAY;

/**
 * A diagnostics log's entries, oldest first, read again after each new entry. Give the socket the log's `record`:
 * `const log = createDiagnostics(); createSocket(url, { use: [diagnostics(log.record)] })`, then
 * `<ConnectionTimeline entries={useDiagnostics(log)} />`. The array keeps its identity until an entry arrives, so
 * the calling component renders only when there is something new. On the server the log reads as empty.
 */
export function useDiagnostics(diagnostics: DiagnosticsLog): readonly DiagnosticEntry[] {
  return useSyncExternalStore(diagnostics.subscribe, diagnostics.getSnapshot, serverSnapshot);
}
