// Who may use the chaos HTTP API (issue 13 §5). It drops, closes and broadcasts into a developer's running app, so
// it must not obey any page on the web. CORS cannot stop that alone: it only hides answers from a page, while a
// form post or fetch(url, { mode: "no-cors" }) still reaches the server and acts. So the server itself refuses,
// before anything runs, every request whose Origin it does not know; browsers send Origin on every cross-origin
// request and on every POST. A request without one comes from outside a browser (curl, a test in another process)
// or is a same-origin GET; the optional token covers those, and shared origins, by being required from everyone.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { FaultArgumentError } from "./errors.js";

/** Who may call the chaos HTTP API: `startFaultyServer`'s `chaosApi` option. */
export interface ChaosApiOptions {
  /**
   * The origins whose pages may call the control API and read the socket path's plain HTTP answers, exactly as
   * browsers send them in `Origin` (`scheme://host[:port]`, no path), or a function that decides. A request with
   * any other `Origin` is refused with 403 before it does anything, preflights included. Requests without an
   * `Origin` (curl, Node) pass this check; a `token` is what stops those.
   * @default ["http://127.0.0.1:5173", "http://localhost:5173"] (Vite's dev server, where the demo runs)
   */
  readonly allowedOrigins?: readonly string[] | ((origin: string) => boolean);
  /**
   * A secret every control request must carry, whatever its origin, as `Authorization: Bearer <token>` or
   * `?token=<token>`; without it the API answers 401. `lifeline-chaos` makes one up at start and prints it.
   * @default null (no token: any process on the machine may call the API)
   */
  readonly token?: string | null;
}

/** Vite's dev server on both loopback names: where the demo's page, and most apps under development, run. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ["http://127.0.0.1:5173", "http://localhost:5173"];

/** A request the control API will not serve, and the answer to send instead. */
export interface ChaosRefusal {
  readonly status: 401 | 403;
  readonly error: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The `chaosApi` option, checked, as the control API and the socket path apply it. */
export interface ChaosAccess {
  readonly token: string | null;
  isAllowedOrigin(origin: string): boolean;
  /**
   * CORS headers for an answer to `request`: its own `Origin` echoed when allowed, never `*`, and `Vary: Origin`
   * always, since the answer depends on it.
   */
  corsHeaders(request: IncomingMessage): Record<string, string>;
  /** Refuses a request from a page on an origin not allowed; `null` if the origin is fine. */
  checkOrigin(request: IncomingMessage): ChaosRefusal | null;
  /** Refuses a request without the token, when there is one; `null` if it may go on. */
  checkToken(request: IncomingMessage, url: URL): ChaosRefusal | null;
}

// RFC 6750 §2.1's b64token: what fits in `Authorization: Bearer` as is, and in a query string with no escaping.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** How the caller spelled the two settings, for messages: the option's path, or the command's flag. */
export interface ChaosAccessNames {
  readonly allowedOrigins: string;
  readonly token: string;
}

const OPTION_NAMES: ChaosAccessNames = {
  allowedOrigins: "startFaultyServer: chaosApi.allowedOrigins",
  token: "startFaultyServer: chaosApi.token",
};

function checkOrigins(origins: readonly string[], name: string): ReadonlySet<string> {
  for (const origin of origins) {
    let parsed: string | null = null;
    try {
      parsed = new URL(origin).origin;
    } catch {}
    // A trailing slash or a path would never equal what a browser sends, and the page would be refused.
    if (parsed === null || parsed === "null" || parsed !== origin) {
      throw new FaultArgumentError(
        `[@lifeline/testing] ${name} has ${JSON.stringify(origin)}, which is not an origin. Write it as browsers send it in Origin, scheme://host[:port] with no path${parsed && parsed !== "null" ? `: ${JSON.stringify(parsed)}` : ""}.`,
      );
    }
  }
  return new Set(origins);
}

function checkTokenOption(token: string | null, name: string): string | null {
  if (token === null || BEARER_TOKEN.test(token)) return token;
  throw new FaultArgumentError(
    `[@lifeline/testing] ${name} is ${JSON.stringify(token)}. Use a non-empty string of letters, digits and -._~+/ (a Bearer token), or null for no token.`,
  );
}

// Hashing first gives both sides the same length, which timingSafeEqual requires, so the comparison leaks neither
// the token's length nor how much of it a guess got right.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedToken(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? url.searchParams.get("token");
}

/** Checks the `chaosApi` option; throws a `FaultArgumentError` for an origin or a token it cannot use. */
export function createChaosAccess(options: ChaosApiOptions = {}, names = OPTION_NAMES): ChaosAccess {
  const allowed = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;
  const token = checkTokenOption(options.token ?? null, names.token);
  const isAllowedOrigin =
    typeof allowed === "function"
      ? (origin: string) => {
          // Browsers send odd origins ("null" from a sandboxed frame or file://) that make new URL(origin) throw;
          // a predicate that throws refuses, rather than taking down the request or the server with it.
          try {
            return allowed(origin) === true;
          } catch {
            return false;
          }
        }
      : (
          (set) => (origin: string) =>
            set.has(origin)
        )(checkOrigins(allowed, names.allowedOrigins));

  const access: ChaosAccess = {
    token,
    isAllowedOrigin,
    corsHeaders(request) {
      const origin = request.headers.origin;
      const headers: Record<string, string> = { Vary: "Origin" };
      if (origin !== undefined && isAllowedOrigin(origin)) headers["Access-Control-Allow-Origin"] = origin;
      return headers;
    },
    checkOrigin(request) {
      const origin = request.headers.origin;
      if (origin === undefined) {
        // No Origin, yet a browser's (a no-cors GET, an <img>, a link) from another site: never the demo's page,
        // which always fetches in cors mode and so sends Origin. The address bar says "none" and stays allowed.
        const site = request.headers["sec-fetch-site"];
        if (site !== "cross-site" && site !== "same-site") return null;
        return {
          status: 403,
          error: `[@lifeline/testing] The chaos API refused a ${site} browser request without an Origin header. Call it with fetch() from an allowed origin, or from outside a browser.`,
          headers: { Vary: "Origin" },
        };
      }
      if (isAllowedOrigin(origin)) return null;
      return {
        status: 403,
        error: `[@lifeline/testing] The chaos API refused a request from origin ${origin}. If that page is yours, allow it: startFaultyServer({ chaosApi: { allowedOrigins: [${JSON.stringify(origin)}] } }), or lifeline-chaos --allow-origin ${origin}.`,
        headers: { Vary: "Origin" },
      };
    },
    checkToken(request, url) {
      if (token === null) return null;
      const given = presentedToken(request, url);
      if (given !== null && sameSecret(given, token)) return null;
      return {
        status: 401,
        error:
          given === null
            ? "[@lifeline/testing] The chaos API needs its token. Send Authorization: Bearer <token>, or add ?token=<token> to the URL; lifeline-chaos prints the token at start."
            : "[@lifeline/testing] The chaos API's token does not match. Use the one startFaultyServer was given, or the one lifeline-chaos printed at start.",
        headers: { ...access.corsHeaders(request), "WWW-Authenticate": 'Bearer realm="lifeline-chaos"' },
      };
    },
  };
  return access;
}
