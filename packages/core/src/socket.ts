import { checkOptions, DEV } from "#dev";
import { type BackoffOptions, DEFAULT_BACKOFF, retryDelay } from "./backoff.js";
import { classifyClose } from "./classifyClose.js";
import { validateClose } from "./closeValidation.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { defaultEnvironment, type WebSocketLike } from "./environment.js";
import { LifelineError, rethrowLater } from "./errors.js";
import { type Heartbeat, startHeartbeat } from "./heartbeat.js";
import { redactText } from "./redactUrl.js";
import { enqueue } from "./sendQueue.js";
import type { SocketOptions } from "./socketOptions.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import { IDLE, type SocketState, type StatusReason } from "./status.js";
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
  /** The underlying WebSocket while one exists, for advanced use. */
  readonly webSocket: WebSocketLike | null;
}

const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
const ignore = () => {};

/** The ways into `connecting`; the first two start the schedule over. */
type ConnectReason = "connect-called" | "reconnect-called" | "retry-timer" | "network-online" | "credentials-refreshed";

/** Creates a reconnecting socket. Invalid URLs (and, in development, invalid options) are rejected here. */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  checkOptions?.(options);
  if (typeof url !== "function") resolveWebSocketUrl(url);
  const env = defaultEnvironment(options.environment);
  const classify = options.classify ?? classifyClose;
  const reconnectOptions = options.reconnect ?? {};
  const backoff: Record<string, unknown> = { ...DEFAULT_BACKOFF };
  for (const key in DEFAULT_BACKOFF) {
    const value = reconnectOptions[key as keyof BackoffOptions];
    if (value !== undefined) backoff[key] = value;
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const heartbeatOptions = options.heartbeat;
  const rateLimit = options.rateLimit;
  const subscribers = new Set<() => void>();
  // Copied on change and read by index, so delivering a message allocates no iterator.
  let listeners: readonly MessageListener[] = [];
  const queue: SendData[] = [];

  let state = IDLE;
  let ws: WebSocketLike | null = null;
  let attemptId = 0;
  let opened = false;
  let closeRequested = false;
  let credentialsRefreshed = false;
  let lastSent: SendData | undefined;
  let heartbeat: Heartbeat | null = null;
  // One timer for the live connection (connect timeout, then minimum uptime, then the closing handshake), one for
  // the wait before the next attempt, one for sends the rate limit holds back.
  let connectionTimer: unknown = null;
  let retryTimer: unknown = null;
  let flushTimer: unknown = null;
  /** What the pending retry will do: connect, or refresh credentials first. */
  let retryDue: (() => void) | null = null;
  let platform: (() => void)[] = [];

  /** The one place state changes: a new frozen snapshot, and one notification, only when a field really changed. */
  const set = (patch: Partial<SocketState>) => {
    for (const key in patch) {
      if (!Object.is(patch[key as keyof SocketState], state[key as keyof SocketState])) {
        state = Object.freeze({ ...state, ...patch });
        for (const subscriber of subscribers) guard(subscriber);
        return;
      }
    }
  };
  // An app callback that throws must not stop the socket halfway through a change; its error is rethrown on its own.
  const guard = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      rethrowLater(error);
    }
  };
  const note = (event: DiagnosticEvent) => guard(() => options.onDiagnostic?.(event));
  const clear = (timer: unknown) => {
    if (timer !== null) env.clearTimeout(timer);
    return null;
  };
  const setTimer = (callback: () => void, ms: number) => env.setTimeout(callback, ms);
  const isOffline = () => env.online?.get() === false;
  const goOffline = (lastClose = state.lastClose) =>
    set({ status: "offline", reason: "network-offline", nextRetryAt: null, openedAt: null, lastClose });
  const closeOf = (reason: string, opened: boolean) => classify({ code: 1006, reason, wasClean: false }, { opened });
  const stopRetry = () => {
    retryTimer = clear(retryTimer);
    retryDue = null;
  };

  function startAttempt(reason: ConnectReason) {
    stopRetry();
    if (!platform.length) {
      if (env.online) platform.push(env.online.subscribe((online) => (online ? onOnline() : onOffline())));
      // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
      if (env.visible) platform.push(env.visible.subscribe((visible) => visible && onVisible()));
    }
    dropConnection();
    if (isOffline()) return goOffline();
    const restart = reason === "connect-called" || reason === "reconnect-called";
    set({
      status: "connecting",
      reason,
      nextRetryAt: null,
      openedAt: null,
      ...(restart ? { attempt: 0, failedOpens: 0 } : {}),
    });
    const id = ++attemptId;
    connectionTimer = setTimer(() => {
      connectionTimer = null;
      if (id !== attemptId || state.status !== "connecting") return;
      attemptId++;
      dropConnection();
      note({ type: "connect-timeout", afterMs: connectTimeoutMs });
      afterClose(closeOf("connect timeout", false), "connect-timeout");
    }, connectTimeoutMs);
    if (typeof url === "string") return openSocket(id, url);
    Promise.resolve()
      .then(url)
      .then(
        (resolved) => openSocket(id, resolved),
        (error: unknown) => {
          if (id !== attemptId) return;
          connectionTimer = clear(connectionTimer);
          note({ type: "url-failed", error: redactText(String(error)) });
          afterClose(closeOf("url failed", false), "url-failed");
        },
      );
  }

  function onOffline() {
    note({ type: "offline" });
    if (state.status !== "reconnecting") return;
    stopRetry();
    goOffline();
  }

  function onOnline() {
    note({ type: "online" });
    if (state.status === "offline") startAttempt("network-online");
    else heartbeat?.check();
  }

  function onVisible() {
    heartbeat?.check();
    if (state.status === "reconnecting" && retryDue && (state.nextRetryAt ?? 0) <= env.now()) runRetry();
  }

  function openSocket(id: number, raw: unknown) {
    if (id !== attemptId || state.status !== "connecting") return;
    let target: string;
    let socket: WebSocketLike;
    try {
      const resolved = resolveWebSocketUrl(raw);
      target = redactText(resolved);
      note({ type: "connecting", url: target, attempt: state.attempt });
      socket = ws = new env.WebSocket(resolved, options.protocols);
    } catch (error) {
      connectionTimer = clear(connectionTimer);
      note({ type: "url-failed", error: redactText(String((error as Error)?.message ?? error)) });
      return finish("invalid-url", null);
    }
    if (options.binaryType) socket.binaryType = options.binaryType;
    socket.onmessage = handleMessage;
    socket.onerror = ignore;
    socket.onclose = (event) => {
      if (socket !== ws) return;
      const wasOpened = opened;
      const sent = lastSent;
      dropConnection();
      const close = classify(event, { opened: wasOpened, closeRequested });
      note({ type: "closed", close });
      if (close.kind === "message-too-big" && sent !== undefined) {
        // The message is gone from the queue already, so it is never resent; say which size it was.
        note({ type: "message-too-big", bytes: byteLength(sent) });
      }
      afterClose(
        close,
        !wasOpened
          ? "connect-failed"
          : close.code === 1006 || close.code === 1015
            ? "connection-lost"
            : "closed-by-server",
      );
    };
    socket.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      connectionTimer = clear(connectionTimer);
      note({ type: "opened", url: target });
      set({ status: "open", reason: "opened", openedAt: env.now(), failedOpens: 0 });
      // A subscriber may have closed or replaced the socket on "open"; what follows is for an open one only.
      if (socket !== ws || state.status !== "open") return;
      // The schedule starts over only once a connection has stayed up: a server that accepts and drops at once
      // must still see the backoff grow.
      connectionTimer = setTimer(() => {
        connectionTimer = null;
        credentialsRefreshed = false;
        set({ attempt: 0 });
      }, reconnectOptions.minUptimeMs ?? 5000);
      if (heartbeatOptions) {
        heartbeat = startHeartbeat(heartbeatOptions, {
          ...env,
          sendPing: (message) => socket.readyState === OPEN && socket.send(message as never),
          onDead(silentMs) {
            note({ type: "heartbeat-missed", silentMs });
            dropConnection();
            afterClose(closeOf("heartbeat timeout", true), "heartbeat-timeout");
          },
        });
      }
      flush();
    };
  }

  // Per message: one clock read for the heartbeat and a loop over the listeners. Nothing is allocated here.
  function handleMessage(event: { data: unknown }) {
    heartbeat?.received();
    const data = event.data;
    if (heartbeatOptions?.isPong?.(data)) return;
    const current = listeners;
    for (let index = 0; index < current.length; index++) {
      try {
        (current[index] as MessageListener)(data, event);
      } catch (error) {
        rethrowLater(error);
      }
    }
  }

  /** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
  function dropConnection() {
    connectionTimer = clear(connectionTimer);
    flushTimer = clear(flushTimer);
    heartbeat?.stop();
    heartbeat = null;
    const socket = ws;
    ws = null;
    opened = false;
    lastSent = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.onerror = ignore;
    if (socket.readyState <= OPEN) {
      try {
        socket.close();
      } catch {
        // Some runtimes throw when closing a socket that is still connecting; it is being dropped either way.
      }
    }
  }

  function afterClose(close: CloseClassification, reason: StatusReason) {
    if (closeRequested) return finish("close-called", close);
    if (isOffline()) return goOffline(close);
    const attempt = state.attempt + 1;
    let decision: RetryDecision = close.retry;
    const changed = reconnectOptions.decide?.({ close, attempt, decision });
    if (changed) decision = typeof changed === "string" ? { action: changed } : changed;
    const refresh = decision.action === "refresh-auth";
    if (decision.action === "never") return finish("retry-refused", close);
    if (attempt > Math.min(reconnectOptions.maxRetries ?? attempt, decision.maxAttempts ?? attempt)) {
      return finish("retries-exhausted", close);
    }
    if (refresh && credentialsRefreshed) return finish("credentials-failed", close);
    credentialsRefreshed ||= refresh;
    const delay = retryDelay(decision, attempt, env.random(), backoff as unknown as BackoffOptions, close.policy);
    // Told first, so a diagnostics log read when subscribers are notified already has the entry.
    note({ type: "retry-scheduled", delayMs: delay, attempt });
    set({
      status: "reconnecting",
      reason,
      attempt,
      nextRetryAt: env.now() + delay,
      lastClose: close,
      openedAt: null,
      failedOpens: close.beforeOpen ? state.failedOpens + 1 : 0,
    });
    retryDue = refresh ? refreshThenConnect : () => startAttempt("retry-timer");
    retryTimer = setTimer(runRetry, delay);
  }

  function runRetry() {
    const due = retryDue;
    stopRetry();
    due?.();
  }

  function refreshThenConnect() {
    const id = attemptId;
    const current = () => id === attemptId && state.status === "reconnecting";
    Promise.resolve()
      .then(options.refreshCredentials)
      .then(
        () => {
          if (!current()) return;
          note({ type: "credentials-refreshed" });
          startAttempt("credentials-refreshed");
        },
        (error: unknown) => {
          if (!current()) return;
          note({ type: "credentials-failed", error: redactText(String(error)) });
          finish("credentials-failed", null);
        },
      );
  }

  /** Ends in `closed`: no timer, no platform listener and no socket is left behind. */
  function finish(reason: StatusReason, close: CloseClassification | null) {
    attemptId++;
    stopRetry();
    dropConnection();
    for (const stop of platform) stop();
    platform = [];
    if (reason !== "close-called") note({ type: "gave-up", reason });
    set({ status: "closed", reason, nextRetryAt: null, openedAt: null, lastClose: close ?? state.lastClose });
  }

  function flush() {
    flushTimer = clear(flushTimer);
    const socket = ws;
    while (queue.length && socket?.readyState === OPEN) {
      if (rateLimit && !rateLimit.take(env.now())) {
        flushTimer = setTimer(flush, rateLimit.waitMs(env.now()));
        break;
      }
      transmit(socket, queue.shift() as SendData);
    }
    set({ queued: queue.length });
  }

  function transmit(socket: WebSocketLike, data: SendData) {
    lastSent = data;
    socket.send(data as never);
  }

  const socket: Socket = {
    getSnapshot: () => state,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    onMessage(listener) {
      listeners = [...listeners, listener];
      let active = true;
      return () => {
        if (active) listeners = listeners.filter((candidate) => candidate !== listener);
        active = false;
      };
    },
    send(data) {
      const { status } = state;
      if (status === "closed" || status === "closing") {
        throw new LifelineError(
          "socket-closed",
          DEV
            ? `send() on a ${status} socket (${state.reason}): the message would never leave. Call connect() or reconnect() first, or check getSnapshot().status.`
            : `send() on a ${status} socket`,
        );
      }
      const live = ws;
      if (
        status === "open" &&
        live?.readyState === OPEN &&
        !queue.length &&
        (!rateLimit || rateLimit.take(env.now()))
      ) {
        transmit(live, data);
        return true;
      }
      const dropped = enqueue(queue, data, options.queue);
      if (dropped !== undefined) {
        note({ type: "queue-overflow", dropped: 1 });
        options.queue?.onDrop?.(dropped);
      }
      set({ queued: queue.length });
      if (status === "open" && flushTimer === null) flush();
      return false;
    },
    close(code, reason) {
      validateClose(code, reason);
      closeRequested = true;
      stopRetry();
      // Nothing queued can leave any more: let go of it now and say how much it was.
      const dropped = queue.length;
      if (dropped) {
        queue.length = 0;
        note({ type: "queue-discarded", dropped });
        set({ queued: 0 });
      }
      const live = ws;
      if (!live || live.readyState > OPEN) return finish("close-called", null);
      set({ status: "closing", reason: "close-called" });
      live.close(code, reason);
      // A half-open connection never answers the closing handshake; let go of it anyway.
      connectionTimer = clear(connectionTimer);
      connectionTimer = setTimer(() => {
        connectionTimer = null;
        if (ws === live) finish("close-called", null);
      }, options.closeTimeoutMs ?? 3000);
    },
    connect() {
      // From closing too: a component that unmounts and mounts again must get its connection back at once.
      if (!/^(idle|closed|closing)$/.test(state.status)) return;
      closeRequested = false;
      startAttempt("connect-called");
    },
    reconnect() {
      closeRequested = false;
      credentialsRefreshed = false;
      startAttempt("reconnect-called");
    },
    get webSocket() {
      return ws;
    },
  };

  if (options.autoConnect !== false) socket.connect();
  return socket;
}

function byteLength(data: SendData): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  const size = (data as ArrayBufferLike).byteLength ?? (data as Blob).size;
  return typeof size === "number" ? size : null;
}
