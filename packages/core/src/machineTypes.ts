import type { ReconnectDelays } from "./backoff.js";
import type { CloseClassifier } from "./classifyClose.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { IDLE, type SocketState } from "./status.js";
import type { CloseClassification, CloseEventLike } from "./types.js";

// The machine's vocabulary: its events, its effects, its state and its settings. machine.ts has the transition.

/** Everything that can happen to a socket: the app's calls, the transport, the timers, the platform, credentials. */
export type SocketEvent =
  | { readonly type: "connect" }
  | { readonly type: "reconnect" }
  | { readonly type: "close"; readonly code?: number; readonly reason?: string }
  /** The send queue now holds `size` messages. */
  | { readonly type: "queued"; readonly size: number }
  /** The URL of attempt `id` is known (a string URL at once, a url function when it settles). */
  | { readonly type: "resolved"; readonly id: number; readonly url: string }
  /** The url function failed (`invalid`: what it gave is no WebSocket URL, or the constructor refused it). */
  | { readonly type: "url-failed"; readonly id: number; readonly error: string; readonly invalid?: boolean }
  | { readonly type: "opened"; readonly id: number }
  /** The WebSocket of attempt `id` closed; `sent` is the last message sent on it, for a 1009. */
  | { readonly type: "closed"; readonly id: number; readonly event: CloseEventLike; readonly sent?: unknown }
  /** The deadline of the current status passed (see `Deadline`). */
  | { readonly type: "deadline" }
  /** The heartbeat's timer: time to check for silence; with `withinMs`, ping now and wait that long at most. */
  | { readonly type: "heartbeat"; readonly withinMs?: number }
  | { readonly type: "online" }
  | { readonly type: "offline" }
  | { readonly type: "visible" }
  | { readonly type: "hidden" }
  /** The page left (`pagehide`) or came back (`pageshow`); `persisted` when it is in the back/forward cache. */
  | { readonly type: "pagehide" | "pageshow"; readonly persisted: boolean }
  /** The tab has been hidden for `pauseWhenHiddenMs`. */
  | { readonly type: "pause" }
  /** What the handshake probe of attempt `id` found: the refused handshakes' close, told why; null: nothing usable. */
  | { readonly type: "probed"; readonly id: number; readonly close: CloseClassification | null }
  | { readonly type: "refreshed"; readonly id: number }
  | { readonly type: "refresh-failed"; readonly id: number; readonly error: string };

/** The event, or events, of one type (`pagehide` and `pageshow` share one shape). */
export type EventOf<Type extends SocketEvent["type"]> = SocketEvent extends infer Event
  ? Event extends { readonly type: infer Types }
    ? Type extends Types
      ? Event
      : never
    : never
  : never;

/**
 * What the interpreter does for the machine. Each status has at most one deadline, set with every change of status:
 * connecting → the connect timeout; open → the minimum uptime after which the schedule resets; closing → the
 * closing handshake's timeout; reconnecting → the retry, or the credential refresh's timeout while it runs.
 */
export type SocketEffect =
  /** Find the URL of attempt `id`: answered with `resolved` or `url-failed`. */
  | { readonly type: "resolve"; readonly id: number }
  /** Create the WebSocket of attempt `id`; its events come back as `opened` and `closed`. */
  | { readonly type: "create"; readonly id: number; readonly url: string }
  /** Let go of the current WebSocket (closing it if still live, with `code` if given); nothing from it arrives afterwards. */
  | { readonly type: "drop"; readonly code?: number }
  /** Start the closing handshake on the current WebSocket and keep listening for its close. */
  | { readonly type: "shut"; readonly code?: number; readonly reason?: string }
  /** Set (ms) or clear (null) the current status's deadline. */
  | { readonly type: "deadline"; readonly ms: number | null }
  /** Check the heartbeat again in `ms`. */
  | { readonly type: "heartbeat"; readonly ms: number }
  /** Pause the socket in `ms` unless the tab becomes visible first (null: do not). */
  | { readonly type: "pause"; readonly ms: number | null }
  | { readonly type: "ping" }
  /** Send what is queued, as far as the connection and the rate limit allow. */
  | { readonly type: "flush" }
  /** Empty the queue: nothing in it can leave any more. Every message is reported as dropped. */
  | { readonly type: "discard" }
  /** Ask why upgrades to `url` are refused, given their last close: answered with `probed`. */
  | { readonly type: "probe"; readonly id: number; readonly url: string; readonly close: CloseClassification }
  /** Call the app's `refreshCredentials`: answered with `refreshed` or `refresh-failed`. */
  | { readonly type: "refresh"; readonly id: number }
  /** Start (true) or stop (false) listening to the platform's online and visibility signals. */
  | { readonly type: "listen"; readonly on: boolean }
  | { readonly type: "note"; readonly event: DiagnosticEvent }
  /** A message that will never be delivered: the server refused it as too big. */
  | { readonly type: "too-big"; readonly data: unknown };

/** The machine's settings, resolved from the socket's options and features. */
export interface MachineConfig {
  /** Never throws: the interpreter falls back to the default table when the app's classifier does. */
  readonly classify: CloseClassifier;
  readonly delays: ReconnectDelays;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly refreshTimeoutMs: number;
  readonly minUptimeMs: number;
  readonly maxAttempts: number;
  /** While offline, one attempt per this long, in case the platform is wrong about the network. */
  readonly offlineProbeMs: number;
  /** The features' handlers, by event (feature.ts); each runs after the kernel's own. */
  readonly on: { readonly [Type in SocketEvent["type"]]?: readonly Handler<EventOf<Type>>[] };
  readonly lifecycle?: MachinePart["lifecycle"] | undefined;
  readonly scheduled?: MachinePart["scheduled"] | undefined;
  /** The platform feature's: pause a tab hidden this long. */
  readonly pauseWhenHiddenMs?: number | undefined;
  /** The heartbeat feature's settings. */
  readonly heartbeat?: HeartbeatOptions | undefined;
  /** The diagnostics feature's listener. */
  readonly onDiagnostic?: ((event: DiagnosticEvent) => void) | undefined;
  /** The handshake probe feature's question. */
  readonly probe?: HandshakeProbe | undefined;
}

/**
 * Asks why upgrades to `url` (a ws:// or wss:// URL) are refused, given the close they ended with. Returns that
 * close told why (a policy, a category, a retry decision, `httpStatus`), or null when it cannot tell.
 */
export type HandshakeProbe = (
  url: string,
  close: CloseClassification,
) => Promise<CloseClassification | null> | CloseClassification | null;

/** What the interpreter reads from the world for one transition. Passing it in keeps `transition` pure. */
export interface MachineContext {
  readonly config: MachineConfig;
  readonly now: number;
  /** In [0, 1), for jitter. */
  readonly random: number;
  /** False only when the platform says it is offline. */
  readonly online: boolean;
  /** False only while the page is hidden. */
  readonly visible: boolean;
  /** When the current connection last received anything. */
  readonly lastInboundAt: number;
}

/** The public snapshot plus what only the machine needs. */
export interface MachineState {
  readonly snapshot: SocketState;
  /** Numbers the asynchronous work (an attempt, a refresh), so an answer to an abandoned one is ignored. */
  readonly id: number;
  /** The URL of the current attempt. */
  readonly url: string;
  /** The kind of the last close, and how many retries in a row followed closes of that kind. */
  readonly kind: string | null;
  readonly kindAttempts: number;
  /** Credentials were refreshed since the connection was last healthy: a second auth rejection stops. */
  readonly refreshed: boolean;
  /** What `reconnecting` waits for: an attempt, a refresh, or a refresh under way. */
  readonly pending: "attempt" | "refresh" | "refreshing";
  /** When the unanswered heartbeat ping went out, or null, and how long it has for an answer. */
  readonly pingAt: number | null;
  readonly pingTimeoutMs: number;
  /** When the page last became visible or came back from the back/forward cache. */
  readonly resumedAt: number | null;
  /**
   * The attempt whose connection was open when the page was last hidden or shown: the only connection the page's
   * lifecycle can have cut. One made while hidden that drops is the server's or the network's doing.
   */
  readonly upAtPageChange: number;
  /**
   * What the handshake probe last found behind this run of refused handshakes, or null. While it stands, every
   * handshake that fails is decided by it, and the probe asks again after each one.
   */
  readonly verdict: CloseClassification | null;
}

export const INITIAL: MachineState = {
  snapshot: IDLE,
  id: 0,
  url: "",
  kind: null,
  kindAttempts: 0,
  refreshed: false,
  pending: "attempt",
  pingAt: null,
  pingTimeoutMs: 0,
  resumedAt: null,
  upAtPageChange: 0,
  verdict: null,
};

/** Handles one kind of event, with the transition under way in machineSteps.ts's variables. */
export type Handler<Event> = (event: Event) => void;

/** Handlers by event; each runs after the kernel's own handler for the same event, if it has one. */
export type Handlers = { readonly [Type in SocketEvent["type"]]?: Handler<EventOf<Type>> };

/** What a feature adds to the machine. */
export interface MachinePart {
  readonly on?: Handlers;
  /** Whether a 1006 on an open connection may be the page's own doing, so that it counts toward nothing. */
  readonly lifecycle?: (code: number, opened: boolean) => boolean;
  /** Told after each close that scheduled a retry, and whether that close counted. */
  readonly scheduled?: (close: CloseClassification, counted: boolean) => void;
}

/** Application-level heartbeat settings. */
export interface HeartbeatOptions {
  /** Send a ping after this long without any inbound message. Keep it below the shortest proxy idle timeout (55–60 s). */
  readonly intervalMs: number;
  /** Presume the connection dead when nothing arrives this long after a ping. */
  readonly timeoutMs: number;
  /** The ping to send. @default "ping" */
  readonly message?: string | (() => string);
  /** Recognises the server's reply; matching messages are not passed to message listeners. Any message proves liveness. */
  readonly isPong?: (data: unknown) => boolean;
}
