import {
  afterClose,
  config,
  context,
  emit,
  enter,
  finish,
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
import type { EventOf, SocketEvent } from "./machineTypes.js";
import type { SocketStatus } from "./status.js";
import { utf8ByteLength } from "./utf8.js";

// The kernel's events: the app's calls, the attempt (its URL, its open, its close), the status's deadline and the
// credential refresh. What happens after a close is decided in machineSteps.ts's afterClose.

// Nothing under way: a connect() starts from here.
const STARTABLE: ReadonlySet<SocketStatus> = new Set<SocketStatus>(["idle", "closed", "closing"]);
// A WebSocket of the current attempt may still report its close.
const CLOSABLE: ReadonlySet<SocketStatus> = new Set<SocketStatus>(["connecting", "open", "closing"]);

type Of<Type extends SocketEvent["type"]> = Handler<EventOf<Type>>;

/** The current status's deadline passed: what it means depends on the status (see `SocketEffect`). */
const DEADLINES: { readonly [Status in SocketStatus]?: () => void } = {
  connecting() {
    note({ type: "connect-timeout", afterMs: config.connectTimeoutMs });
    emit({ type: "drop" });
    afterClose(local("connect timeout", false), "connect-timeout");
  },
  // The connection held for minUptimeMs: the schedule starts over.
  open() {
    set({ attempt: 0, stableAt: context.now }, { kind: null, kindAttempts: 0, refreshed: false });
  },
  closing: () => finish("close-called", null),
  reconnecting() {
    if (next.pending !== "refreshing") return retryDue();
    const { refreshTimeoutMs } = config;
    note({
      type: "credentials-failed",
      error: `refreshCredentials did not settle within ${refreshTimeoutMs} ms`,
    });
    finish("credentials-failed", null);
  },
  offline: () => startAttempt("network-probe"),
};

const isAttempt = (id: number) => id === state.id && status === "connecting";

/** The kernel's events; the others belong to features (feature.ts). */
type KernelEvent = Exclude<
  SocketEvent["type"],
  "online" | "offline" | "visible" | "hidden" | "pause" | "pagehide" | "pageshow" | "heartbeat" | "probed"
>;

export const connectionHandlers: { readonly [Type in KernelEvent]: Of<Type> } = {
  connect() {
    // From closing too: a component that unmounts and mounts again must get its connection back at once.
    if (STARTABLE.has(status)) startAttempt("connect-called");
  },
  reconnect: () => startAttempt("reconnect-called"),
  close(event) {
    // With a WebSocket under way, close it and wait for its close event (a CONNECTING one reports 1006, marked as
    // ours); with none yet (the url function still running), there is nothing to wait for.
    if (status === "open" || (status === "connecting" && state.url)) {
      emit({ type: "discard" });
      emit({ type: "shut", code: event.code, reason: event.reason });
      // A half-open connection never answers the closing handshake; the deadline lets go of it anyway.
      enter("closing", "close-called", config.closeTimeoutMs, {
        openedAt: next.snapshot.openedAt,
        decision: null,
      });
    } else if (status !== "closing" && status !== "closed") finish("close-called", null);
  },
  queued: (event) => set({ queued: event.size }),
  resolved(event) {
    if (!isAttempt(event.id)) return;
    set({}, { url: event.url });
    note({ type: "connecting", url: event.url, attempt: next.snapshot.attempt });
    emit({ type: "create", id: event.id, url: event.url });
  },
  "url-failed"(event) {
    if (!isAttempt(event.id)) return;
    note({ type: "url-failed", error: event.error });
    if (event.invalid) finish("invalid-url", null);
    else afterClose(local("url failed", false), "url-failed");
  },
  opened(event) {
    if (!isAttempt(event.id)) return;
    const { now } = context;
    note({ type: "opened", url: state.url });
    set({}, { pingAt: null, verdict: null });
    // The schedule starts over only once a connection has stayed up: a server that accepts and drops at once
    // must still see the backoff grow.
    enter("open", "opened", config.minUptimeMs, { openedAt: now, failedOpens: 0 });
    emit({ type: "flush" });
  },
  closed,
  deadline: () => DEADLINES[status]?.(),
  refreshed(event) {
    if (!isRefreshAnswer(event.id)) return;
    note({ type: "credentials-refreshed" });
    startAttempt("credentials-refreshed");
  },
  "refresh-failed"(event) {
    if (!isRefreshAnswer(event.id)) return;
    note({ type: "credentials-failed", error: event.error });
    finish("credentials-failed", null);
  },
};

function isRefreshAnswer(id: number) {
  return id === state.id && status === "reconnecting" && state.pending === "refreshing";
}

/** The WebSocket of an attempt closed: classify the close, then decide (afterClose), unless the app closed it. */
function closed(event: EventOf<"closed">) {
  if (event.id !== state.id || !CLOSABLE.has(status)) return;
  // Open, or closing after having been open; a socket closed while CONNECTING never opened.
  const opened = state.snapshot.openedAt !== null;
  const classified = config.classify(event.event, { opened, closeRequested: status === "closing" });
  note({ type: "closed", close: classified });
  // A refused handshake looks like any 1006 to the page; while the probe's verdict stands, it is that verdict.
  const refused = !opened && classified.code === 1006 && context.online && status === "connecting";
  const close = refused && state.verdict ? state.verdict : classified;
  emit({ type: "drop" });
  if (status === "closing") return finish("close-called", close);
  if (close.kind === "message-too-big" && event.sent !== undefined) {
    note({ type: "message-too-big", bytes: byteLength(event.sent) });
    emit({ type: "too-big", data: event.sent });
  }
  const reason = !opened
    ? "connect-failed"
    : close.code === 1006 || close.code === 1015
      ? "connection-lost"
      : "closed-by-server";
  afterClose(close, reason, config.lifecycle?.(close.code, opened));
}

function byteLength(data: unknown): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  const size = (data as ArrayBufferLike).byteLength ?? (data as Blob).size;
  return typeof size === "number" ? size : null;
}
