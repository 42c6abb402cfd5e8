/**
 * One stable string per meaning of a close code. Apps switch on this, never on raw numbers.
 * Ranges get one kind each: `registered` (3000–3999 other than 3000/3003/3008), `private` (4000–4999),
 * `reserved` (1004 and 1016–2999) and `invalid` (anything a conforming peer can never send).
 */
export type CloseKind =
  | "normal"
  | "going-away"
  | "protocol-error"
  | "unsupported-data"
  | "no-status"
  | "abnormal"
  | "invalid-payload"
  | "policy-violation"
  | "message-too-big"
  | "mandatory-extension"
  | "internal-error"
  | "service-restart"
  | "try-again-later"
  | "bad-gateway"
  | "tls-handshake"
  | "unauthorized"
  | "forbidden"
  | "timeout"
  | "registered"
  | "private"
  | "reserved"
  | "invalid";

/**
 * What a close means to the person in front of the app, so a banner can pick its words:
 * - `lost`: the connection dropped or could not be made; retrying is the fix.
 * - `planned`: the server went away on purpose (a deploy, a restart) and will be back.
 * - `overloaded`: the server is up but shedding load.
 * - `rejected`: the server turned this client away (rate limit, credentials, permissions, policy).
 * - `bug`: one side broke the protocol or sent data the other refuses; retrying will not fix it.
 * - `normal`: a close that was asked for, or a clean end of a session.
 */
export type CloseCategory = "lost" | "planned" | "overloaded" | "rejected" | "bug" | "normal";

/** Why a server turned this client away. Present only on closes that are rejections. */
export type ClosePolicy = "rate-limited" | "auth-expired" | "unauthorized" | "forbidden" | "unspecified";

/**
 * What a reconnecting client should do next.
 * - `backoff`: exponential delay with full jitter.
 * - `soon`: a short random spread, for planned restarts where every client comes back at once.
 * - `slow`: backoff with a high floor, for a server shedding load.
 * - `after-hint`: wait at least `retryAfterMs`, which the server sent.
 * - `refresh-auth`: get new credentials, then make one attempt.
 * - `never`: stop.
 */
export type RetryAction = "backoff" | "soon" | "slow" | "after-hint" | "refresh-auth" | "never";

/** The default retry decision attached to a classification. */
export interface RetryDecision {
  readonly action: RetryAction;
  /** The server's own hint, in milliseconds, when the reason carried one. */
  readonly retryAfterMs?: number;
  /** How many consecutive failed attempts this kind of close deserves before giving up; absent means no limit. */
  readonly maxAttempts?: number;
}

/** The part of a `CloseEvent` the classifier reads. A real `CloseEvent` fits. */
export interface CloseEventLike {
  readonly code?: number;
  readonly reason?: string;
  readonly wasClean?: boolean;
}

/** What the client knows about a close that the event itself cannot say. */
export interface CloseContext {
  /**
   * Did this socket ever reach OPEN? Browsers report a refused port, a DNS or TLS failure and an HTTP 401/429/503
   * answer to the upgrade as 1006 with no reason, exactly like a dropped connection. Only the client knows
   * whether it was ever connected.
   * @default true
   */
  readonly opened?: boolean;
  /**
   * Did this client call `close()`? A `close()` during CONNECTING even arrives as 1006, so the code alone cannot say.
   * @default false
   */
  readonly closeRequested?: boolean;
}

/** A frozen verdict on one close: what it was, why, and what to do next. */
export interface CloseClassification {
  /** The code as received; 0 when the event carried no usable number. */
  readonly code: number;
  /** The reason as received, cut to 123 UTF-8 bytes without splitting a character. Machine data: never show it as the message. */
  readonly reason: string;
  readonly wasClean: boolean;
  /** The registry name, e.g. "Abnormal Closure", or the range's name for unregistered codes. */
  readonly name: string;
  readonly kind: CloseKind;
  /** What it means for the user: lost, planned, overloaded, rejected, bug or normal. A banner picks its words by it. */
  readonly category: CloseCategory;
  /** Present when the server rejected this client; absent otherwise. */
  readonly policy?: ClosePolicy;
  readonly retry: RetryDecision;
  /** The socket never opened: "could not reach" rather than "was connected and dropped". */
  readonly beforeOpen: boolean;
  /** This client asked for the close. */
  readonly userInitiated: boolean;
  /** The HTTP status a handshake probe found behind refused upgrades (401, 403, 429, 503), when one did. */
  readonly httpStatus?: number;
  /** A code no endpoint may put on the wire (1005, 1006, 1015); the local side made it up. */
  readonly reserved: boolean;
}

/** How one server uses a code or a range, overriding the defaults (see `createCloseClassifier`). */
export interface CloseRule {
  /** A name for the code on this server, e.g. "Authentication failed" for Discord's 4004. */
  readonly name?: string;
  /** What the close means for the user, e.g. `planned` for a server's own restart code, so the banner says so. */
  readonly category?: CloseCategory;
  /** Treat the close as this rejection; `null` says it is not a rejection, whatever the reason text says. */
  readonly policy?: ClosePolicy | null;
  /** What to do next; a bare action or a full decision with `maxAttempts`. */
  readonly retry?: RetryAction | RetryDecision;
}

/**
 * Asks why upgrades to `url` (a ws:// or wss:// URL) are refused, given the close they ended with. Returns that
 * close told why (a policy, a category, a retry decision, `httpStatus`), or null when it cannot tell.
 */
export type HandshakeProbe = (
  url: string,
  close: CloseClassification,
) => Promise<CloseClassification | null> | CloseClassification | null;
