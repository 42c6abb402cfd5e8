import { DEV } from "#dev";
import { LifelineError } from "./errors.js";
import { redactUrl } from "./redactUrl.js";

/**
 * The absolute WebSocket URL for `raw`, as browsers would resolve it: relative URLs against the page, http(s)
 * turned into ws(s). Throws a LifelineError that says what to pass instead, with any token in the URL redacted.
 */
export function resolveWebSocketUrl(raw: unknown): string {
  const fail = (message: string) => new LifelineError("invalid-url", `createSocket: ${message}`);
  // Only a failing URL is shown, and only with its credentials redacted.
  const shown = () => JSON.stringify(redactUrl(raw as string));
  if (raw instanceof URL) raw = raw.href;
  if (typeof raw !== "string") {
    throw fail(
      DEV
        ? `the URL is a ${typeof raw}. Pass a string such as "wss://example.com/socket", or a function that returns one.`
        : `the URL is a ${typeof raw}`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    throw fail(
      DEV
        ? `${shown()} is not a valid URL. Use an absolute ws:// or wss:// URL such as "wss://example.com/socket".`
        : `invalid URL ${shown()}`,
    );
  }
  url.protocol = url.protocol.replace(/^http(s?):$/, "ws$1:");
  if (!/^wss?:$/.test(url.protocol)) {
    throw fail(
      DEV
        ? `${shown()} uses ${url.protocol}, which is not a WebSocket scheme. Use ws:// or wss:// (http:// and https:// are converted).`
        : `${url.protocol} is not ws: or wss:`,
    );
  }
  if (url.hash) {
    throw fail(
      DEV ? `${shown()} has a #fragment, which browsers refuse for WebSockets. Remove it.` : "the URL has a #fragment",
    );
  }
  return url.href;
}
