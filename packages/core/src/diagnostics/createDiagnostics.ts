import type { DiagnosticEvent } from "../diagnosticEvent.js";
import { LifelineError } from "../errors.js";

/** One entry of a diagnostics log: the event, stamped with wall-clock milliseconds. */
export type DiagnosticEntry = DiagnosticEvent & { readonly at: number };

export interface DiagnosticsOptions {
  /** Entries kept; the oldest go first. @default 100 */
  readonly limit?: number;
  /** The clock that stamps entries. @default Date.now */
  readonly now?: () => number;
}

/** A bounded log of a socket's diagnostics, readable as a store (`useSyncExternalStore` fits it as it is). */
export interface Diagnostics {
  /** Pass this to the socket's `diagnostics(listener)` feature; it is bound, so it can be handed around on its own. */
  readonly record: (event: DiagnosticEvent) => void;
  /** The entries, oldest first: a frozen array that keeps its identity until an entry arrives. */
  getSnapshot(): readonly DiagnosticEntry[];
  /** Calls `listener` after each new entry; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  /** Empties the log, e.g. after a bug report went out. */
  clear(): void;
}

/**
 * Keeps what a socket did, for support screens and bug reports:
 * `const log = createDiagnostics(); createSocket(url, { use: [diagnostics(log.record)] })`. It holds no timer and
 * never touches the socket, so one log can also take the events of several sockets.
 */
export function createDiagnostics(options: DiagnosticsOptions = {}): Diagnostics {
  const limit = options.limit ?? 100;
  if (!(Number.isInteger(limit) && limit >= 1)) {
    throw new LifelineError(
      "invalid-option",
      `createDiagnostics: limit is ${String(limit)}. Use a whole number of 1 or more.`,
    );
  }
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  let entries: readonly DiagnosticEntry[] = Object.freeze([]);
  const publish = (next: DiagnosticEntry[]) => {
    entries = Object.freeze(next);
    for (const listener of listeners) listener();
  };
  return {
    record(event) {
      publish([...entries, Object.freeze({ ...event, at: now() })].slice(-limit));
    },
    getSnapshot: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => publish([]),
  };
}
