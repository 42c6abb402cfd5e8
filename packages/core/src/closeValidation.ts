import { closeAdvice, DEV } from "#dev";
import { LifelineError } from "./errors.js";
import { utf8ByteLength } from "./utf8.js";

/** The longest close reason a Close frame can carry: 125 bytes of control payload minus the 2-byte code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** True when browsers let script close with this code: 1000, or 3000–4999 (WHATWG WebSockets, `close()` step 1). */
export function isSendableCloseCode(code: unknown): code is number {
  return typeof code === "number" && Number.isInteger(code) && (code === 1000 || (code >= 3000 && code <= 4999));
}

/**
 * Checks arguments for `close(code, reason)` the way browsers will, but before the socket sees them, with a
 * message that says what to use instead. Throws a `LifelineError`; returns nothing when the arguments are fine.
 */
export function validateClose(code?: unknown, reason?: unknown): void {
  if (code !== undefined && !isSendableCloseCode(code)) {
    // DEV first: a production bundle would keep `(void 0)?.(code)` where #dev's advice is absent.
    throw new LifelineError(
      "invalid-close-code",
      `close(${describe(code)}) is not allowed: ${(DEV && closeAdvice?.(code)) || "use 1000 or 3000–4999."}`,
    );
  }
  if (reason === undefined) return;
  if (typeof reason !== "string") {
    throw new LifelineError(
      "invalid-close-reason",
      DEV
        ? `close() got a ${typeof reason} as its reason. Pass a string of at most ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`
        : "close(): the reason must be a string",
    );
  }
  const bytes = utf8ByteLength(reason);
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    throw new LifelineError(
      "invalid-close-reason",
      DEV
        ? `close() reason is ${bytes} UTF-8 bytes; a Close frame holds at most ${MAX_CLOSE_REASON_BYTES}. Shorten it, or send the details in a message before closing.`
        : `close(): the reason is over ${MAX_CLOSE_REASON_BYTES} bytes`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  return typeof value;
}
