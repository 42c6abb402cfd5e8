import { RESERVED_CODES } from "./closeTable.js";

/** What to use instead of a close code browsers refuse. Development builds only, through `#dev`. */
export function closeAdvice(code: unknown): string {
  const base = "browsers accept 1000 or 3000–4999.";
  if (typeof code !== "number" || !Number.isInteger(code)) return `the code must be an integer; ${base}`;
  if (RESERVED_CODES.has(code)) {
    return `${code} is reserved for describing a close locally and never goes on the wire; ${base} Use 1000 for a normal close or a 4000–4999 code of your own.`;
  }
  if (code === 1001)
    return `${base} The browser sends 1001 itself when the page goes away; use 1000, or a 4000–4999 code of your own.`;
  if (code > 1000 && code < 3000) {
    return `${base} Codes 1001–2999 are for servers and the protocol; use a 4000–4999 code of your own to say why.`;
  }
  return base;
}
