// Whether the panel was open, kept across reloads. Every access is guarded: there is no localStorage during a server
// render, and a browser in private mode, a sandboxed iframe or a full quota makes it throw.

/** The localStorage key that holds "true" or "false". */
export const OPEN_KEY = "lifeline-devtools-open";

/** The stored open state, or null when nothing is stored or storage cannot be read. */
export function readOpen(): boolean | null {
  try {
    const value = globalThis.localStorage?.getItem(OPEN_KEY);
    return value === "true" ? true : value === "false" ? false : null;
  } catch {
    return null;
  }
}

/** Stores the open state; a storage that refuses it only costs the memory across reloads. */
export function writeOpen(open: boolean): void {
  try {
    globalThis.localStorage?.setItem(OPEN_KEY, String(open));
  } catch {
    // Nothing to do: the panel still opens and closes, it just will not remember.
  }
}
