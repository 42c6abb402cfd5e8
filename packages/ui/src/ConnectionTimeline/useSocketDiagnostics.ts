import type { DiagnosticEntry, Socket } from "@lifeline/core";
import { useMemo, useSyncExternalStore } from "react";

/** What `useSocketDiagnostics` reads: a socket from `createSocket`, or anything with the same two methods. */
export type DiagnosticsSource = Pick<Socket, "subscribe" | "diagnostics">;

const NO_ENTRIES: readonly DiagnosticEntry[] = Object.freeze([]);

/**
 * The socket's diagnostics log, read again whenever the socket's state changes. Entries that the socket logs
 * without a change of state (going offline or online while connected, a full queue, "connecting" after an async
 * `url` function) show up with the next change or the next render of the calling component.
 */
export function useSocketDiagnostics(socket: DiagnosticsSource): readonly DiagnosticEntry[] {
  const [subscribe, getSnapshot] = useMemo(() => {
    // diagnostics() returns a new copy per call, and useSyncExternalStore needs the same value until something
    // changed. The log only appends and drops its oldest entries, so length and both ends decide.
    let last: readonly DiagnosticEntry[] = NO_ENTRIES;
    const read = () => {
      const next = socket.diagnostics();
      const same = next.length === last.length && next[0] === last[0] && next.at(-1) === last.at(-1);
      if (!same) last = next;
      return last;
    };
    // The socket logs some entries just after it notifies ("connecting" follows the change to connecting), so
    // look once more when the notifying code has finished.
    const subscribe = (listener: () => void) => {
      let active = true;
      const stop = socket.subscribe(() => {
        listener();
        queueMicrotask(() => active && listener());
      });
      return () => {
        active = false;
        stop();
      };
    };
    return [subscribe, read] as const;
  }, [socket]);
  return useSyncExternalStore(subscribe, getSnapshot, () => NO_ENTRIES);
}
