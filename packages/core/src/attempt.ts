import { DEV } from "#dev";
import { act, enter, hook, isActive, type Kernel, note, settle } from "./kernel.js";
import { afterClose, classify, finish, local } from "./schedule.js";
import type { SendData } from "./sendTypes.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import type { StatusReason } from "./status.js";
import { discard, drop, dropped, flush, ignore, receive, stopFlush } from "./transport.js";
import type { CloseClassification, CloseEventLike } from "./types.js";
import { utf8ByteLength } from "./utf8.js";

// An attempt's life: it starts, finds its URL, opens a WebSocket, and ends in a close that schedule.ts decides on.
// Every event of an attempt carries its id: an answer for an attempt the socket has left is ignored.

// What starts the schedule over: the app's own calls, the network or the page coming back.
const RESTARTS: readonly StatusReason[] = [
  "connect-called",
  "reconnect-called",
  "network-online",
  "page-restored",
  "page-visible",
];
// Offline is a hint, not a gate (VPNs and some Linux setups report it wrongly): the app's own calls and the slow
// probe still try; only the schedule waits.
const TRIES_OFFLINE: readonly StatusReason[] = ["connect-called", "reconnect-called", "network-probe"];

/** Starts an attempt (or, offline, waits for the network) for `reason`. */
export function start(k: Kernel, reason: StatusReason) {
  if (hook(k, "intercept", reason) === true) return;
  drop(k);
  // connect() and reconnect() start the schedule over, and a user who signed in again gets a fresh refresh; so does
  // the network or the page coming back.
  const restart = RESTARTS.includes(reason);
  if (restart) {
    k.kind = null;
    k.kindAttempts = 0;
    k.refreshed = false;
  }
  const reset = restart ? { attempt: 0, failedOpens: 0, decision: null } : {};
  const attempt = ++k.id;
  k.attemptUrl = "";
  k.pending = "attempt";
  hook(k, "attempt", restart);
  if (hook(k, "offline") === true && !TRIES_OFFLINE.includes(reason)) {
    return enter(k, "offline", "network-offline", k.options.reconnect?.offlineProbeMs ?? 30_000, reset);
  }
  enter(k, "connecting", reason, k.options.connectTimeoutMs ?? 10_000, reset);
  resolve(k, attempt);
}

/** Says what a url function gave instead of a URL; the value itself is not shown, as it may hold a credential. */
function notAUrl(value: unknown): string {
  const got = `[@lifeline/core] The url function returned ${value === null ? "null" : typeof value}, not a URL.`;
  return DEV ? `${got} Return a ws:// or wss:// URL (a string or a URL object), or throw until it can.` : got;
}

/**
 * Finds the URL of an attempt. The url function is part of the attempt: when it fails, the attempt failed, and that
 * is state. So is an answer that is no URL at all (undefined while a token is not ready yet): the schedule retries it.
 */
function resolve(k: Kernel, attempt: number) {
  const { url } = k;
  if (typeof url !== "function") return resolved(k, attempt, String(url));
  settle(
    k,
    "url",
    url,
    (value) =>
      act(k, () =>
        typeof value === "string" || value instanceof URL
          ? resolved(k, attempt, String(value))
          : urlFailed(k, attempt, notAUrl(value)),
      ),
    (error) => act(k, () => urlFailed(k, attempt, error)),
  );
}

const isAttempt = (k: Kernel, attempt: number) => attempt === k.id && k.snapshot.status === "connecting";

/** The attempt's URL is known: open its WebSocket. */
function resolved(k: Kernel, attempt: number, raw: string) {
  if (!isAttempt(k, attempt)) return;
  k.attemptUrl = raw;
  note(k, { type: "connecting", url: raw, attempt: k.snapshot.attempt });
  const { env, options } = k;
  let socket: NonNullable<Kernel["ws"]>;
  try {
    socket = k.ws = new env.WebSocket(resolveWebSocketUrl(raw), options.protocols);
  } catch (error) {
    // The constructor refused the URL: no later attempt can do better.
    return urlFailed(k, attempt, String((error as Error)?.message ?? error), true);
  }
  k.lastSent = undefined;
  if (options.binaryType) socket.binaryType = options.binaryType;
  socket.onmessage = (event) => receive(k, event);
  socket.onerror = ignore;
  socket.onopen = () => act(k, () => opened(k, attempt));
  socket.onclose = (event) => {
    const sent = k.lastSent;
    act(k, () => closed(k, attempt, event, sent));
  };
}

function urlFailed(k: Kernel, attempt: number, error: string, invalid?: boolean) {
  if (!isAttempt(k, attempt)) return;
  note(k, { type: "url-failed", error });
  if (invalid) finish(k, "invalid-url", null);
  else afterClose(k, local(k, "url failed", false), "url-failed");
}

function opened(k: Kernel, attempt: number) {
  if (!isAttempt(k, attempt)) return;
  note(k, { type: "opened", url: k.attemptUrl });
  // The schedule starts over only once a connection has stayed up: a server that accepts and drops at once
  // must still see the backoff grow.
  const openedAt = k.env.now();
  enter(k, "open", "opened", k.options.reconnect?.minUptimeMs ?? 5000, { openedAt, failedOpens: 0 });
  flush(k);
  hook(k, "opened");
}

function byteLength(data: unknown): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  const size = (data as ArrayBufferLike).byteLength ?? (data as Blob).size;
  return typeof size === "number" ? size : null;
}

/** The WebSocket of an attempt closed: classify the close, then decide (afterClose), unless the app closed it. */
function closed(k: Kernel, attempt: number, event: CloseEventLike, sent: SendData | undefined) {
  const { status, openedAt } = k.snapshot;
  if (attempt !== k.id || (status !== "connecting" && status !== "open" && status !== "closing")) return;
  // Open, or closing after having been open; a socket closed while CONNECTING never opened.
  const wasOpen = openedAt !== null;
  const classified = classify(k, event, { opened: wasOpen, closeRequested: status === "closing" });
  note(k, { type: "closed", close: classified });
  // A refused handshake looks like any 1006 to the page; a feature (the probe) may know what it really was.
  const refused = !wasOpen && classified.code === 1006 && status === "connecting" && hook(k, "offline") !== true;
  const close = (refused && (hook(k, "refused", classified) as CloseClassification | null)) || classified;
  drop(k);
  if (status === "closing") return finish(k, "close-called", close);
  const tooBig = close.kind === "message-too-big" && sent !== undefined;
  if (tooBig) note(k, { type: "message-too-big", bytes: byteLength(sent) });
  const reason = !wasOpen
    ? "connect-failed"
    : close.code === 1006 || close.code === 1015
      ? "connection-lost"
      : "closed-by-server";
  afterClose(k, close, reason, hook(k, "lifecycle", close.code, wasOpen) === true);
  if (tooBig) dropped(k, sent, "too-big");
}

/** The app's close(), already checked: closes for good, after the closing handshake when a WebSocket is there. */
export function closeCalled(k: Kernel, code?: number, reason?: string) {
  hook(k, "close");
  const { status, openedAt } = k.snapshot;
  // With a WebSocket under way, close it and wait for its close event (a CONNECTING one reports 1006, marked as
  // ours); with none (the url function still running, or another tab holding the connection), nothing to wait for.
  if (k.ws && (status === "open" || status === "connecting")) {
    // A half-open connection never answers the closing handshake; the deadline lets go of it anyway.
    enter(k, "closing", "close-called", k.options.closeTimeoutMs ?? 3000, { openedAt, decision: null });
    stopFlush(k);
    hook(k, "dropped");
    k.ws?.close(code, reason);
    discard(k);
  } else if (status !== "closing" && status !== "closed") finish(k, "close-called", null);
}

/** The app's connect(): from closing too, as a component that unmounts and mounts again needs its connection back. */
export function connectCalled(k: Kernel) {
  const { status } = k.snapshot;
  if (!isActive(status) || status === "closing") start(k, "connect-called");
}
