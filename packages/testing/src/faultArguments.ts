// Checks shared by the server's methods and its HTTP control API, so both refuse the same values with the same
// kind of message. `where` names the method or endpoint, `name` the argument as the caller spelled it.
import { FaultArgumentError } from "./errors.js";

/** The longest delay Node's timers take; anything longer fires at once (with a warning) instead. */
export const MAX_DELAY_MS = 2_147_483_647;
/** ws's own default `maxPayload` (100 MiB): a larger limit would never be reached. */
export const WS_MAX_PAYLOAD_BYTES = 100 * 1024 * 1024;
/** RFC 6455 §5.5: a Close frame's payload is at most 125 bytes, 2 of which hold the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

// Quotes strings (as an HTTP parameter arrives) and shows numbers as they are, NaN included.
function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A number from text (a query parameter, a flag); what does not parse stays the text, so messages quote it. */
export function parseNumber(raw: string): number | string {
  const value = Number(raw);
  return raw.trim() === "" || Number.isNaN(value) ? raw : value;
}

export function wholeNumber(where: string, name: string, value: unknown, min: number, max = MAX_DELAY_MS): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new FaultArgumentError(
    `[@lifeline/testing] ${where}: ${name} is ${show(value)}. Use a whole number from ${min} to ${max}.`,
  );
}

/** Close codes a server may put in a Close frame (RFC 6455 §7.4; the same rule `ws` enforces). */
export function isSendableByServer(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
      (code >= 3000 && code <= 4999))
  );
}

export function closeCode(where: string, name: string, value: unknown): number {
  if (typeof value === "number" && isSendableByServer(value)) return value;
  throw new FaultArgumentError(
    `[@lifeline/testing] ${where}: ${name} is ${show(value)}, which a server cannot send in a Close frame. Use 1000-1003, 1007-1014 or 3000-4999; for 1006 drop the connection instead.`,
  );
}

export function closeReason(where: string, name: string, value: string): string {
  const bytes = Buffer.byteLength(value);
  if (bytes <= MAX_CLOSE_REASON_BYTES) return value;
  throw new FaultArgumentError(
    `[@lifeline/testing] ${where}: ${name} is ${bytes} bytes of UTF-8. Shorten it to ${MAX_CLOSE_REASON_BYTES} bytes or fewer; a Close frame holds no more.`,
  );
}
