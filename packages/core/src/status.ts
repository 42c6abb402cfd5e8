import type { CloseCategory, CloseClassification, RetryAction } from "./types.js";

/**
 * Where a socket is. `reconnecting` waits for the next attempt, `offline` waits for the network (probing now and
 * then), `paused` waits for the page to come back (the back/forward cache, or a tab hidden too long), `closed` is
 * final until the app calls `connect()` or `reconnect()`.
 */
export type SocketStatus =
  | "idle"
  | "connecting"
  | "open"
  | "closing"
  | "reconnecting"
  | "offline"
  | "paused"
  | "closed";

/** Why the socket entered its current status. The UI maps these to words; it never works them out again. */
export type StatusReason =
  /** idle: created with `autoConnect: false`. */
  | "created"
  /** connecting: the app called `connect()`. */
  | "connect-called"
  /** connecting: the app called `reconnect()`; the schedule starts over. */
  | "reconnect-called"
  /** connecting: the wait after a failure is over. */
  | "retry-timer"
  /** connecting: the network came back; the schedule starts over. */
  | "network-online"
  /** connecting: the platform still says offline, and this is the slow probe (at most one per `reconnect.offlineProbeMs`). */
  | "network-probe"
  /** connecting: the page came back from the back/forward cache; the schedule starts over. */
  | "page-restored"
  /** connecting: the tab is visible again after `pauseWhenHiddenMs` paused it; the schedule starts over. */
  | "page-visible"
  /** connecting: the credential hook ran after an auth rejection; this is the one attempt that follows. */
  | "credentials-refreshed"
  /** open. */
  | "opened"
  /** closing, then closed: the app called `close()`. */
  | "close-called"
  /** reconnecting or closed: the server sent a Close frame. */
  | "closed-by-server"
  /** reconnecting: an open connection ended without a Close frame (1006). */
  | "connection-lost"
  /** reconnecting: the attempt ended before the socket opened (refused, DNS, TLS, HTTP error at the upgrade). */
  | "connect-failed"
  /** reconnecting: the socket stayed in CONNECTING longer than `connectTimeoutMs`. */
  | "connect-timeout"
  /** reconnecting: no message arrived within the heartbeat's deadline; the connection was presumed dead. */
  | "heartbeat-timeout"
  /** reconnecting: the `url` function threw or rejected. */
  | "url-failed"
  /** offline: the platform reported no network; attempts are slow probes, not spent. */
  | "network-offline"
  /** paused: the page went into the back/forward cache; the socket closed with 1000 and the queue waits. */
  | "page-hidden"
  /** paused: the tab stayed hidden for `pauseWhenHiddenMs`; the socket closed with 1000 and the queue waits. */
  | "hidden-too-long"
  /** closed: the close's retry decision is `never`. */
  | "retry-refused"
  /** closed: `reconnect.maxAttempts`, or the close's own attempt limit (counted over closes of its kind), was reached. */
  | "retries-exhausted"
  /** closed: refreshing credentials failed, or the server rejected the refreshed ones too. */
  | "credentials-failed"
  /** closed: the `url` function produced something that is not a WebSocket URL. */
  | "invalid-url";

/**
 * What the socket did after the last close, with every limit, hint and rule of the app applied. The UI reads this
 * and never works it out again from the close.
 */
export interface AppliedDecision {
  /** The action taken; `never` when the socket stopped, whatever stopped it (`reason` says what). */
  readonly action: RetryAction;
  /** What the close it answered means for the user. */
  readonly category: CloseCategory;
  /** The wait before the next attempt, or null when the socket stopped or waits for the network. */
  readonly delayMs: number | null;
  /** The server's own hint, when the wait follows one; else null. */
  readonly retryAfterMs: number | null;
}

/** The immutable snapshot `getSnapshot()` returns. It keeps its identity until something in it changes. */
export interface SocketState {
  readonly status: SocketStatus;
  readonly reason: StatusReason;
  /** Reconnect attempts since the connection was last healthy: 0 while the first connect runs and once stable. */
  readonly attempt: number;
  /** Wall-clock time of the next attempt while `reconnecting`, else null. */
  readonly nextRetryAt: number | null;
  /** How the last connection ended, or null before any close. */
  readonly lastClose: CloseClassification | null;
  /** When the current connection opened, while `open` or `closing`; else null. */
  readonly openedAt: number | null;
  /**
   * When the current connection had stayed open `reconnect.minUptimeMs`, the socket's own test of a connection that
   * held (the schedule starts over then); null before that and whenever not `open`. A server that accepts and drops
   * at once opens many times but never sets it, so recovery is this, not `open`.
   */
  readonly stableAt: number | null;
  /** Messages waiting in the send queue. */
  readonly queued: number;
  /** Attempts in a row that never reached OPEN: several means "can't reach the server" rather than "lost". */
  readonly failedOpens: number;
  /** What was done about `lastClose`; null before any close, and after `connect()`, `reconnect()` or `close()`. */
  readonly decision: AppliedDecision | null;
  /** With `tabs()` (`@lifeline/core/tabs`) only: the part this tab plays in the connection the tabs share. */
  readonly tab?: TabRole;
}

/** The part a tab plays in a connection shared by the tabs of one browser profile (`tabs()`). */
export interface TabRole {
  /**
   * `leader`: this tab holds the connection. `follower`: another tab does, and this one mirrors its state and
   * messages and sends through it. `electing`: which tab will hold it is being settled. `alone`: this browser cannot
   * share (no Web Locks or BroadcastChannel, as in an insecure context or a worker), so the tab has its own.
   */
  readonly role: "leader" | "follower" | "electing" | "alone";
  /** The tabs that share the connection, this one included, as far as this tab knows. */
  readonly tabs: number;
}

/** The snapshot of a socket that has not started; also every socket's snapshot during server rendering. */
export const IDLE: SocketState = Object.freeze({
  status: "idle",
  reason: "created",
  attempt: 0,
  lastClose: null,
  nextRetryAt: null,
  openedAt: null,
  stableAt: null,
  queued: 0,
  failedOpens: 0,
  decision: null,
});
