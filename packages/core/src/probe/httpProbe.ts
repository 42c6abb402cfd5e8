import { POLICY_ACTIONS } from "../closeTable.js";
import type { CloseClassification, HandshakeProbe } from "../types.js";

/** Options of `httpProbe`. */
export interface HttpProbeOptions {
  /**
   * Where to ask. By default the WebSocket URL itself in its http(s) form (`wss://x/live` → `https://x/live`): a
   * server that refuses the upgrade there usually answers a plain request with the same status. Give a URL (or a
   * function of the WebSocket URL) when the server only speaks WebSocket on that path.
   */
  readonly url?: string | ((webSocketUrl: string) => string);
  /** Give up on an answer after this long. @default 5000 */
  readonly timeoutMs?: number;
  /** Sent with the request: `include` for a cross-origin server that reads a session cookie. @default "same-origin" */
  readonly credentials?: "omit" | "same-origin" | "include";
  /** The `fetch` to use. @default globalThis.fetch */
  readonly fetch?: (
    url: string,
    init: { method: string; cache: "no-store"; credentials: string; signal: AbortSignal },
  ) => Promise<{
    readonly status: number;
    readonly headers: { get(name: string): string | null };
  }>;
  /** Wall-clock ms, to read a `Retry-After` given as a date. @default Date.now */
  readonly now?: () => number;
}

/**
 * A handshake probe for the `probe` feature, `use: [probe(httpProbe())]`: a GET to the http(s) form of the WebSocket
 * URL, and what its status says (see `verdictOf`). Cross-origin, the server must allow the page's origin and expose
 * `Retry-After` (`Access-Control-Expose-Headers: Retry-After`); without that, or on any network error, the probe says
 * nothing and the socket keeps its schedule.
 */
export function httpProbe(options: HttpProbeOptions = {}): HandshakeProbe {
  const now = options.now ?? Date.now;
  return async (webSocketUrl, close) => {
    const fetcher =
      options.fetch ?? (globalThis.fetch as unknown as NonNullable<HttpProbeOptions["fetch"]> | undefined);
    if (!fetcher) return null;
    const target =
      typeof options.url === "function"
        ? options.url(webSocketUrl)
        : (options.url ?? webSocketUrl.replace(/^ws(s?):/i, "http$1:"));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000);
    try {
      const response = await fetcher(target, {
        method: "GET",
        cache: "no-store",
        credentials: options.credentials ?? "same-origin",
        signal: controller.signal,
      });
      return verdictOf(close, response.status, parseRetryAfter(response.headers.get("retry-after"), now()));
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * The refused handshakes' close, told what an HTTP status says: 401 asks for new credentials, 403 stops, 429 is a
 * rate limit and 503 an overload, each honouring `Retry-After`. Null for any other status (426, 400 and 404
 * included): the server is reachable and the reason unknown.
 */
export function verdictOf(
  close: CloseClassification,
  status: number,
  retryAfterMs?: number,
): CloseClassification | null {
  const policy = ({ 401: "unauthorized", 403: "forbidden", 429: "rate-limited" } as const)[status as 401];
  if (!policy && status !== 503) return null;
  const action = policy ? POLICY_ACTIONS[policy] : "slow";
  const hinted = retryAfterMs !== undefined && action !== "never";
  return Object.freeze({
    ...close,
    category: policy ? "rejected" : "overloaded",
    ...(policy ? { policy } : {}),
    httpStatus: status,
    retry: Object.freeze(
      hinted ? { action: action === "refresh-auth" ? action : "after-hint", retryAfterMs } : { action },
    ),
  });
}

/** HTTP's `Retry-After` (RFC 9110 §10.2.3): seconds, or a date; undefined when absent, negative or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
