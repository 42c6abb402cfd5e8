import { DEV } from "#dev";
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
    throw new LifelineError(
      "invalid-close-code",
      `close(${describe(code)}) is not allowed: ${DEV ? advice(code) : "use 1000 or 3000–4999."}`,
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

function advice(code: unknown): string {
  const base = "browsers accept 1000 or 3000–4999.";
  if (typeof code !== "number" || !Number.isInteger(code)) return `the code must be an integer; ${base}`;
  if (code === 1005 || code === 1006 || code === 1015) {
    return `${code} is reserved for describing a close locally and never goes on the wire; ${base} Use 1000 for a normal close or a 4000–4999 code of your own.`;
  }
  if (code === 1001)
    return `${base} The browser sends 1001 itself when the page goes away; use 1000, or a 4000–4999 code of your own.`;
  if (code > 1000 && code < 3000) {
    return `${base} Codes 1001–2999 are for servers and the protocol; use a 4000–4999 code of your own to say why.`;
  }
  return base;
}
