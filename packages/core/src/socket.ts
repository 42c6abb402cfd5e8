import { DEV } from "#dev";
import { retryDelay } from "./backoff.js";
import { classifyClose } from "./classifyClose.js";
import { validateClose } from "./closeValidation.js";
import { createDiagnosticsLog, type DiagnosticEntry } from "./diagnostics.js";
import { defaultEnvironment, type WebSocketLike } from "./environment.js";
import { LifelineError, rethrowLater } from "./errors.js";
import { type Heartbeat, startHeartbeat } from "./heartbeat.js";
import { redactText, redactUrl } from "./redactUrl.js";
import { createSendQueue } from "./sendQueue.js";
import { normalizeUrl, resolveOptions, type SocketOptions } from "./socketOptions.js";
import { initialState, type SocketEvent, type SocketState, type StatusReason, transition } from "./status.js";
import { createSubscribable } from "./subscribable.js";
import { createTokenBucket } from "./tokenBucket.js";
import type { CloseClassification, RetryDecision } from "./types.js";
import { utf8ByteLength } from "./utf8.js";

/** A URL, or a function called before every attempt that returns one (or a Promise of one), e.g. with a fresh token. */
export type UrlSource = string | (() => string | Promise<string>);

/** What `send()` accepts: anything the platform's WebSocket can send. */
export type SendData = string | ArrayBufferLike | ArrayBufferView | Blob;

/** Receives each message's `data` and the event itself. */
export type MessageListener = (data: unknown, event: { data: unknown }) => void;

/** A WebSocket that reconnects by itself and reports its state as an immutable snapshot. */
export interface Socket {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): SocketState;
  /** The snapshot for server rendering: always `idle`. */
  getServerSnapshot(): SocketState;
  /** Calls `listener` once per state change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  /** Calls `listener` with every inbound message (heartbeat replies excepted); returns the function that stops it. */
  onMessage(listener: MessageListener): () => void;
  /** Sends now if open, else queues. Returns true when sent now. Throws on a closed socket or a full `reject` queue. */
  send(data: SendData): boolean;
  /** Closes for good (until `connect()`), with a code browsers accept: 1000 or 3000–4999. */
  close(code?: number, reason?: string): void;
  /** Starts an `idle`, `closing` or `closed` socket; does nothing while it is already active. */
  connect(): void;
  /** Tries at once and resets the schedule, dropping the current connection if there is one. */
  reconnect(): void;
  /** The bounded log of what happened, oldest first, with credentials in URLs redacted. */
  diagnostics(): readonly DiagnosticEntry[];
  /** The underlying WebSocket while one exists, for advanced use. */
  readonly webSocket: WebSocketLike | null;
}

const CONNECTING = 0;
const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
const ignore = () => {};

/** Creates a reconnecting socket. Invalid URLs and options are rejected here, with a message that says what to use. */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  const settings = resolveOptions(options);
  if (typeof url !== "function") normalizeUrl(url, redactUrl);
  const env = defaultEnvironment(options.environment);
  const classify = options.classify ?? classifyClose;
  const heartbeatOptions = options.heartbeat;
  const isPong = heartbeatOptions?.isPong;
  const serverState = initialState("idle", "created");
  const store = createSubscribable();
  // Copied on change and read by index, so delivering a message allocates no iterator.
  let listeners: readonly MessageListener[] = [];
  const queue = createSendQueue<SendData>(options.queue);
  const bucket = options.rateLimit ? createTokenBucket(options.rateLimit, env.now) : null;
  const log = createDiagnosticsLog(env.now, settings.diagnosticsLimit);

  let state = serverState;
  let ws: WebSocketLike | null = null;
  let attemptId = 0;
  let opened = false;
  let closeRequested = false;
  let credentialsRefreshed = false;
  let lastSent: SendData | undefined;
  let heartbeat: Heartbeat | null = null;
  let connectTimer: unknown = null;
  let retryTimer: unknown = null;
  let stableTimer: unknown = null;
  let flushTimer: unknown = null;
  let closeTimer: unknown = null;
  /** What the pending retry will do: connect, or refresh credentials first. */
  let retryDue: (() => void) | null = null;
  let platform: (() => void)[] = [];

  const dispatch = (event: SocketEvent) => {
    const next = transition(state, event);
    if (next === state) return;
    state = next;
    store.notify();
  };
  const clear = (timer: unknown) => {
    if (timer !== null) env.clearTimeout(timer);
    return null;
  };

  function activatePlatform() {
    if (platform.length) return;
    if (env.online) platform.push(env.online.subscribe((online) => (online ? onOnline() : onOffline())));
    if (env.visible) platform.push(env.visible.subscribe((visible) => visible && onVisible()));
  }

  function onOffline() {
    log.add({ type: "offline" });
    if (state.status !== "reconnecting") return;
    retryTimer = clear(retryTimer);
    retryDue = null;
    dispatch({ type: "offline", close: null });
  }

  function onOnline() {
    log.add({ type: "online" });
    if (state.status === "offline") startAttempt("network-online");
    else heartbeat?.check();
  }

  // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
  function onVisible() {
    heartbeat?.check();
    if (state.status === "reconnecting" && retryDue && (state.nextRetryAt ?? 0) <= env.now()) runRetry();
  }

  function startAttempt(reason: Extract<SocketEvent, { type: "connect" }>["reason"]) {
    retryTimer = clear(retryTimer);
    retryDue = null;
    activatePlatform();
    dropConnection();
    if (env.online && !env.online.get()) {
      dispatch({ type: "offline", close: null });
      return;
    }
    dispatch({ type: "connect", reason });
    const id = ++attemptId;
    connectTimer = env.setTimeout(() => onConnectTimeout(id), settings.connectTimeoutMs);
    if (typeof url === "string") return openSocket(id, url);
    Promise.resolve()
      .then(url)
      .then(
        (resolved) => openSocket(id, resolved),
        (error: unknown) => {
          if (id !== attemptId) return;
          connectTimer = clear(connectTimer);
          log.add({ type: "url-failed", error: redactText(String(error)) });
          afterClose(classify({ code: 1006, reason: "url failed", wasClean: false }, { opened: false }), "url-failed");
        },
      );
  }

  function openSocket(id: number, raw: unknown) {
    if (id !== attemptId || state.status !== "connecting") return;
    let target: string;
    try {
      target = normalizeUrl(raw, redactUrl);
      const WebSocket = env.WebSocket;
      if (!WebSocket) throw new LifelineError("missing-websocket", "There is no WebSocket on this platform.");
      log.add({ type: "connecting", url: redactUrl(target), attempt: state.attempt });
      ws = new WebSocket(target, options.protocols);
    } catch (error) {
      connectTimer = clear(connectTimer);
      log.add({ type: "url-failed", error: redactText(String((error as Error).message ?? error)) });
      return finish("invalid-url", null);
    }
    const socket = ws;
    opened = false;
    if (options.binaryType) socket.binaryType = options.binaryType;
    socket.onopen = () => handleOpen(socket, target);
    socket.onmessage = handleMessage;
    socket.onclose = (event) => handleClose(socket, event);
    socket.onerror = ignore;
  }

  function handleOpen(socket: WebSocketLike, target: string) {
    if (socket !== ws) return;
    connectTimer = clear(connectTimer);
    opened = true;
    log.add({ type: "opened", url: redactUrl(target) });
    dispatch({ type: "open", at: env.now() });
    stableTimer = env.setTimeout(() => {
      stableTimer = null;
      credentialsRefreshed = false;
      dispatch({ type: "stable" });
    }, settings.minUptimeMs);
    if (heartbeatOptions) {
      heartbeat = startHeartbeat(heartbeatOptions, {
        now: env.now,
        setTimeout: env.setTimeout,
        clearTimeout: env.clearTimeout,
        sendPing: (message) => socket.readyState === OPEN && socket.send(message as never),
        onDead: (silentMs) => onHeartbeatDead(socket, silentMs),
      });
    }
    flush();
  }

  // Per message: one clock read for the heartbeat and a loop over the listeners. Nothing is allocated here.
  function handleMessage(event: { data: unknown }) {
    heartbeat?.received();
    const data = event.data;
    if (isPong?.(data)) return;
    const current = listeners;
    for (let index = 0; index < current.length; index++) {
      try {
        (current[index] as MessageListener)(data, event);
      } catch (error) {
        rethrowLater(error);
      }
    }
  }

  function handleClose(socket: WebSocketLike, event: { code: number; reason: string; wasClean: boolean }) {
    if (socket !== ws) return;
    const wasOpened = opened;
    dropConnection();
    const close = classify(event, { opened: wasOpened, closeRequested });
    log.add({ type: "closed", close });
    if (close.kind === "message-too-big" && lastSent !== undefined) {
      // The message is gone from the queue already, so it is never resent; say which size it was.
      log.add({ type: "message-too-big", bytes: byteLength(lastSent) });
    }
    lastSent = undefined;
    const lost = close.code === 1006 || close.code === 1015;
    afterClose(close, !wasOpened ? "connect-failed" : lost ? "connection-lost" : "closed-by-server");
  }

  function onConnectTimeout(id: number) {
    connectTimer = null;
    if (id !== attemptId || state.status !== "connecting") return;
    attemptId++;
    dropConnection();
    log.add({ type: "connect-timeout", afterMs: settings.connectTimeoutMs });
    afterClose(
      classify({ code: 1006, reason: "connect timeout", wasClean: false }, { opened: false }),
      "connect-timeout",
    );
  }

  function onHeartbeatDead(socket: WebSocketLike, silentMs: number) {
    if (socket !== ws) return;
    log.add({ type: "heartbeat-missed", silentMs });
    dropConnection();
    afterClose(
      classify({ code: 1006, reason: "heartbeat timeout", wasClean: false }, { opened: true }),
      "heartbeat-timeout",
    );
  }

  /** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
  function dropConnection() {
    connectTimer = clear(connectTimer);
    stableTimer = clear(stableTimer);
    flushTimer = clear(flushTimer);
    closeTimer = clear(closeTimer);
    heartbeat?.stop();
    heartbeat = null;
    const socket = ws;
    ws = null;
    opened = false;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = ignore;
    if (socket.readyState === CONNECTING || socket.readyState === OPEN) {
      try {
        socket.close();
      } catch {
        // Some runtimes throw when closing a socket that is still connecting; it is being dropped either way.
      }
    }
  }

  function afterClose(close: CloseClassification, reason: StatusReason) {
    if (closeRequested) return finish("close-called", close);
    if (env.online && !env.online.get()) {
      dispatch({ type: "offline", close });
      return;
    }
    const attempt = state.attempt + 1;
    let decision: RetryDecision = close.retry;
    const changed = options.reconnect?.decide?.({ close, attempt, decision });
    if (changed) decision = typeof changed === "string" ? { action: changed } : changed;
    if (decision.action === "never") return finish("retry-refused", close);
    if (attempt > settings.maxRetries || (decision.maxAttempts !== undefined && attempt > decision.maxAttempts)) {
      return finish("retries-exhausted", close);
    }
    const refresh = decision.action === "refresh-auth";
    if (refresh && credentialsRefreshed) return finish("credentials-failed", close);
    if (refresh) credentialsRefreshed = true;
    const delay = retryDelay(decision, attempt, env.random(), settings.backoff, close.policy);
    // Logged first, so a subscriber that reads the log when notified finds the entry.
    log.add({ type: "retry-scheduled", delayMs: delay, attempt });
    dispatch({ type: "retry", reason, close, at: env.now() + delay, beforeOpen: close.beforeOpen });
    retryDue = refresh ? refreshThenConnect : () => startAttempt("retry-timer");
    retryTimer = env.setTimeout(runRetry, delay);
  }

  function runRetry() {
    retryTimer = clear(retryTimer);
    const due = retryDue;
    retryDue = null;
    due?.();
  }

  function refreshThenConnect() {
    const id = attemptId;
    Promise.resolve()
      .then(options.refreshCredentials)
      .then(
        () => {
          if (id !== attemptId || state.status !== "reconnecting") return;
          log.add({ type: "credentials-refreshed" });
          startAttempt("credentials-refreshed");
        },
        (error: unknown) => {
          if (id !== attemptId || state.status !== "reconnecting") return;
          log.add({ type: "credentials-failed", error: redactText(String(error)) });
          finish("credentials-failed", null);
        },
      );
  }

  /** Ends in `closed`: no timer, no platform listener and no socket is left behind. */
  function finish(reason: StatusReason, close: CloseClassification | null) {
    attemptId++;
    retryTimer = clear(retryTimer);
    retryDue = null;
    dropConnection();
    for (const stop of platform) stop();
    platform = [];
    if (reason !== "close-called") log.add({ type: "gave-up", reason });
    lastSent = undefined;
    dispatch({ type: "stop", reason, close });
  }

  function flush() {
    flushTimer = clear(flushTimer);
    const socket = ws;
    while (queue.size > 0 && socket && socket.readyState === OPEN) {
      if (bucket && !bucket.take()) {
        flushTimer = env.setTimeout(flush, bucket.waitMs());
        break;
      }
      transmit(socket, queue.shift() as SendData);
    }
    dispatch({ type: "queued", size: queue.size });
  }

  function transmit(socket: WebSocketLike, data: SendData) {
    lastSent = data;
    socket.send(data as never);
  }

  const socket: Socket = {
    getSnapshot: () => state,
    getServerSnapshot: () => serverState,
    subscribe: store.subscribe,
    onMessage(listener) {
      listeners = [...listeners, listener];
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners = listeners.filter((candidate) => candidate !== listener);
      };
    },
    send(data) {
      if (state.status === "closed" || state.status === "closing") {
        throw new LifelineError(
          "socket-closed",
          DEV
            ? `send() on a ${state.status} socket (${state.reason}): the message would never leave. Call connect() or reconnect() first, or check getSnapshot().status.`
            : `send() on a ${state.status} socket`,
        );
      }
      const live = ws;
      if (
        state.status === "open" &&
        live &&
        live.readyState === OPEN &&
        queue.size === 0 &&
        (!bucket || bucket.take())
      ) {
        transmit(live, data);
        return true;
      }
      const dropped = queue.push(data);
      if (dropped !== undefined) {
        log.add({ type: "queue-overflow", dropped: 1 });
        options.queue?.onDrop?.(dropped);
      }
      dispatch({ type: "queued", size: queue.size });
      if (state.status === "open" && flushTimer === null) flush();
      return false;
    },
    close(code, reason) {
      validateClose(code, reason);
      closeRequested = true;
      retryTimer = clear(retryTimer);
      // Nothing queued can leave any more: let go of it now and say how much it was.
      const dropped = queue.clear();
      if (dropped) {
        log.add({ type: "queue-discarded", dropped });
        dispatch({ type: "queued", size: 0 });
      }
      const live = ws;
      if (!live || (live.readyState !== CONNECTING && live.readyState !== OPEN)) return finish("close-called", null);
      dispatch({ type: "closing" });
      live.close(code, reason);
      // A half-open connection never answers the closing handshake; let go of it anyway.
      closeTimer = env.setTimeout(() => {
        closeTimer = null;
        if (ws === live) finish("close-called", null);
      }, settings.closeTimeoutMs);
    },
    connect() {
      // From closing too: a component that unmounts and mounts again must get its connection back at once.
      if (state.status !== "idle" && state.status !== "closed" && state.status !== "closing") return;
      closeRequested = false;
      startAttempt("connect-called");
    },
    reconnect() {
      closeRequested = false;
      credentialsRefreshed = false;
      startAttempt("reconnect-called");
    },
    diagnostics: log.entries,
    get webSocket() {
      return ws;
    },
  };

  if (options.autoConnect !== false) socket.connect();
  return socket;
}

function byteLength(data: SendData): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  if (typeof (data as ArrayBufferLike).byteLength === "number") return (data as ArrayBufferLike).byteLength;
  if (typeof (data as Blob).size === "number") return (data as Blob).size;
  return null;
}
