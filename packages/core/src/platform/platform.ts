import { checkOption } from "#dev";
import type { Feature, MachinePart } from "../feature.js";
import { handle } from "../machine.js";
import {
  afterClose,
  config,
  context,
  emit,
  enter,
  type Handler,
  local,
  next,
  note,
  retryDue,
  set,
  startAttempt,
  state,
  status,
} from "../machineSteps.js";
import type { EventOf } from "../machineTypes.js";
import type { SocketStatus, StatusReason } from "../status.js";
import { startSignals } from "./signals.js";

// The platform feature: what the platform tells the socket (the network went or came back, the tab was hidden or
// shown, the page went into the back/forward cache or came out of it), and the rule for a close that the page itself
// may have caused. signals.ts listens to the browser; this file decides, purely, as the kernel's handlers do.

/** A close this soon after the page came back belongs to the page's lifecycle, not to the network. */
export const RESUME_GRACE_MS = 1000;

// What may be paused: a socket that is connected, or trying to be.
const PAUSABLE: ReadonlySet<SocketStatus> = new Set<SocketStatus>(["connecting", "open", "reconnecting", "offline"]);

/**
 * Whether a 1006 on the open connection of this attempt may be the page's doing (a background tab's socket killed, a
 * restore), so that it counts toward nothing and, in view, retries at once. Only a connection that was up when the
 * page hid (or came back) can have been cut by the page's lifecycle. A handshake that fails is the server or the
 * network, and so is a connection made while hidden that drops: taking those for the page would retry a failing
 * server from every background tab, never counting.
 */
function isLifecycleClose(code: number, opened: boolean): boolean {
  return (
    opened &&
    code === 1006 &&
    state.upAtPageChange === state.id &&
    (!context.visible || (state.resumedAt !== null && context.now - state.resumedAt < RESUME_GRACE_MS))
  );
}

/** Closes with 1000 and waits for the page, keeping the queue: nothing is lost, and no banner has cause to show. */
function pause(reason: StatusReason) {
  emit({ type: "drop", code: 1000 });
  set({}, { id: next.id + 1 });
  enter("paused", reason, null);
}

/** The page was hidden or shown (`resumedAt`): remember which connection, if any, was up through it. */
function pageChanged(resumedAt = state.resumedAt) {
  set({}, { resumedAt, upAtPageChange: status === "open" ? state.id : state.upAtPageChange });
}

/** How long the heartbeat's ping may take for an answer when the platform says the network went away. */
export const OFFLINE_PROBE_TIMEOUT_MS = 1000;

// A heartbeat, if the socket has one, checks whether the open connection still lives.
const checkHeartbeat = () => handle({ type: "heartbeat" });

type PlatformEvent = "online" | "offline" | "visible" | "hidden" | "pause" | "pagehide" | "pageshow";

const handlers: { readonly [Type in PlatformEvent]: Handler<EventOf<Type>> } = {
  online() {
    note({ type: "online" });
    if (status === "offline") startAttempt("network-online");
    else checkHeartbeat();
  },
  offline() {
    note({ type: "offline" });
    if (status === "reconnecting") enter("offline", "network-offline", context.config.offlineProbeMs);
    else if (status === "open") {
      // An open socket is often dead but silent after a network change: find out at once. With a heartbeat, a ping
      // with a short deadline tells (and a false "offline" keeps the connection); without one, let it go.
      if (config.heartbeat) handle({ type: "heartbeat", withinMs: OFFLINE_PROBE_TIMEOUT_MS });
      else {
        emit({ type: "drop" });
        afterClose(local("network offline", true), "connection-lost");
      }
    }
  },
  hidden() {
    pageChanged();
    const pauseWhenHiddenMs = config.pauseWhenHiddenMs;
    if (pauseWhenHiddenMs !== undefined && PAUSABLE.has(status)) emit({ type: "pause", ms: pauseWhenHiddenMs });
  },
  pause() {
    if (PAUSABLE.has(status)) pause("hidden-too-long");
  },
  pagehide(event) {
    // Into the back/forward cache: Chrome would cut the socket and report it after the restore, Safari closes it,
    // Firefox refuses to cache the page. Closing it ourselves, cleanly, is the same everywhere.
    if (event.persisted && PAUSABLE.has(status)) pause("page-hidden");
  },
  pageshow(event) {
    pageChanged(context.now);
    if (event.persisted && status === "paused") startAttempt("page-restored");
  },
  visible() {
    pageChanged(context.now);
    emit({ type: "pause", ms: null });
    if (status === "paused" && state.snapshot.reason === "hidden-too-long") return startAttempt("page-visible");
    // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
    checkHeartbeat();
    if (
      status === "reconnecting" &&
      next.pending !== "refreshing" &&
      (state.snapshot.nextRetryAt ?? 0) <= context.now
    ) {
      retryDue();
    }
  },
};

const part: MachinePart = { on: handlers, lifecycle: isLifecycleClose };

/** Options of the platform feature. */
export interface PlatformOptions {
  /**
   * Close (with 1000) a tab that stays hidden this long, and connect again the moment it is visible, sparing the
   * server idle background tabs. The queue waits meanwhile. Off unless given.
   */
  readonly pauseWhenHiddenMs?: number;
}

/**
 * The platform's signals: offline and online (wait for the network instead of spending attempts, and check an open
 * connection at once when it goes), a tab hidden and shown (catch up on timers a background tab ran late, optionally
 * pause), the back/forward cache (close cleanly on the way in, reconnect on the way back), and closes the page
 * itself caused, which count toward nothing. In browsers; elsewhere, from `environment`'s sources if given.
 */
export function platform(options: PlatformOptions = {}): Feature {
  checkOption?.("pauseWhenHiddenMs", options.pauseWhenHiddenMs, "non-negative");
  return {
    name: "platform",
    machine: part,
    config: { pauseWhenHiddenMs: options.pauseWhenHiddenMs },
    start: startSignals,
  };
}
