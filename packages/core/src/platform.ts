import { checkHeartbeat, OFFLINE_PROBE_TIMEOUT_MS, ping } from "./heartbeat.js";
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
} from "./machineSteps.js";
import type { EventOf } from "./machineTypes.js";
import type { SocketStatus, StatusReason } from "./status.js";

// What the platform tells the socket: the network went or came back, the tab was hidden or shown, the page went
// into the back/forward cache or came out of it. Also the rule for a close that the page itself may have caused.

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
export function isLifecycleClose(code: number, opened: boolean): boolean {
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

type PlatformEvent = "online" | "offline" | "visible" | "hidden" | "pause" | "pagehide" | "pageshow";

export const platformHandlers: { readonly [Type in PlatformEvent]: Handler<EventOf<Type>> } = {
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
      const heartbeat = config.heartbeat;
      if (heartbeat) ping(Math.min(heartbeat.timeoutMs, OFFLINE_PROBE_TIMEOUT_MS));
      else {
        emit({ type: "drop" });
        afterClose(local("network offline", true), "connection-lost");
      }
    }
  },
  hidden() {
    pageChanged();
    const pauseWhenHiddenMs = config.pauseWhenHiddenMs;
    if (pauseWhenHiddenMs !== null && PAUSABLE.has(status)) emit({ type: "pause", ms: pauseWhenHiddenMs });
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
