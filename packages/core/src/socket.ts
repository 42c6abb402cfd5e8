import { DEV, inspector, watchOptions } from "#dev";
import { closeCalled, connectCalled, start } from "./attempt.js";
import { validateClose } from "./closeValidation.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { defaultEnvironment, MissingWebSocket, missingWebSocketError, type WebSocketLike } from "./environment.js";
import type { Feature, Hooks } from "./feature.js";
import { act, isActive, type Kernel, note } from "./kernel.js";
import { due } from "./schedule.js";
import type { MessageListener, SendData, SendOutcome, UrlSource } from "./sendTypes.js";
import type { SocketOptions } from "./socketOptions.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import { IDLE, type SocketState } from "./status.js";
import { createTimer } from "./timer.js";
import { send } from "./transport.js";

export type { MessageListener, SendData, SendOutcome, UrlSource } from "./sendTypes.js";

/** A WebSocket that reconnects by itself and reports its state as an immutable snapshot. */
export interface Socket {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): SocketState;
  /** The snapshot for server rendering: always `idle`. */
  getServerSnapshot(): SocketState;
  /** Calls `listener` once per state change, after the change is complete; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  /** Calls `listener` with every inbound message (heartbeat replies excepted); returns the function that stops it. */
  onMessage(listener: MessageListener): () => void;
  /**
   * Sends now if open, else queues, and says which: `"sent"`, `"queued"`, or, with nothing kept, `"closed"` (the
   * socket is closing or closed: `connect()` first) or `"full"` (the queue is full and `queue.overflow` is
   * `"reject"`). Never throws: the caller keeps the message and decides.
   */
  send(data: SendData): SendOutcome;
  /** Closes for good (until `connect()`), with a code browsers accept: 1000 or 3000–4999. Always wins. */
  close(code?: number, reason?: string): void;
  /** Starts an `idle`, `closing` or `closed` socket; does nothing while it is already active. */
  connect(): void;
  /** Tries at once and resets the schedule, dropping the current connection if there is one. */
  reconnect(): void;
  /**
   * Replaces the options, as a whole: pass all of them each time, as at creation. What needs no new connection
   * applies from the socket's next decision (the next retry's delay, limit check, deadline, send or callback; a new
   * heartbeat interval at once), and the connection in place is kept. `protocols` and `binaryType` apply from the
   * next connection. Features in `use` apply too: a new one starts, one taken out stops. `environment`,
   * `rateLimit` and `autoConnect` keep their first values; in development a new one warns once.
   */
  setOptions(options: SocketOptions): void;
  /** The underlying WebSocket while one exists, for advanced use. */
  readonly webSocket: WebSocketLike | null;
  /**
   * Adds an event to what `diagnostics()` and the devtools hear, for Lifeline's own entries (`@lifeline/core/typed`
   * tells them of invalid messages). Not for apps: the events are Lifeline's.
   */
  readonly "~note"?: (event: DiagnosticEvent) => void;
}

// createSocket makes one socket's record (kernel.ts, which also lists the files of the kernel) and the methods an app
// calls; each call that changes state runs as a step (`act`).

/**
 * Creates a reconnecting socket. Invalid URLs (and, in development, invalid options) are rejected here.
 *
 * The kernel alone connects, reconnects by the close table, keeps its deadlines, refreshes credentials and queues;
 * `options.use` adds features (feature.ts). Whatever an app does from inside a callback happens after the current
 * step, never in the middle of it.
 */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  // DEV first: a production bundle would keep `(void 0)?.(options)` where #dev's function is absent.
  const checkLater = DEV ? watchOptions?.(options) : undefined;
  if (typeof url !== "function") resolveWebSocketUrl(url);
  const env = defaultEnvironment(options.environment);
  const k: Kernel = {
    url,
    options,
    env,
    rateLimit: options.rateLimit,
    snapshot: IDLE,
    id: 0,
    attemptUrl: "",
    kind: null,
    kindAttempts: 0,
    refreshed: false,
    pending: "attempt",
    ws: null,
    lastSent: undefined,
    queue: [],
    flushTimer: null,
    steps: [],
    draining: false,
    notifying: false,
    subscribers: new Map(),
    listeners: [],
    started: new Map(),
    using: new Map(),
    hooks: [],
    relay: null,
    arm: createTimer(env, () => act(k, () => due(k))),
    start: (reason) => start(k, reason),
  };
  const usable = () => {
    // No WebSocket is a setup mistake, not a failed attempt: say so to whoever asked for a connection, before any
    // state changes. Making a socket without one is fine (a server render does), and it stays idle.
    if (env.WebSocket === MissingWebSocket) throw missingWebSocketError();
  };
  configure(k);

  const socket: Socket = {
    getSnapshot: () => k.snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      k.subscribers.set(listener, k.snapshot);
      return () => k.subscribers.delete(listener);
    },
    onMessage(listener) {
      k.listeners = [...k.listeners, listener];
      let active = true;
      return () => {
        if (active) k.listeners = k.listeners.filter((candidate) => candidate !== listener);
        active = false;
      };
    },
    send: (data) => send(k, data),
    close(code, reason) {
      validateClose(code, reason);
      act(k, () => closeCalled(k, code, reason));
    },
    connect() {
      usable();
      act(k, () => connectCalled(k));
    },
    reconnect() {
      usable();
      act(k, () => start(k, "reconnect-called"));
    },
    setOptions(next) {
      checkLater?.(next);
      k.options = next;
      configure(k);
    },
    "~note": (event) => note(k, event),
    get webSocket() {
      return k.ws;
    },
  };
  if (options.autoConnect !== false) socket.connect();
  return socket;
}

/**
 * Takes the features of the current options: a feature given twice counts once, as the later one (a hook's
 * default `browser()` gives way to the app's own). A new one starts; one taken out stops listening and is asked
 * nothing more, though it keeps its place should it come back.
 */
function configure(k: Kernel) {
  const before = k.hooks;
  const using = new Map<string, Feature>();
  for (const feature of k.options.use?.flat() ?? []) {
    using.delete(feature.name);
    using.set(feature.name, feature);
  }
  // In development, devtools on the page see every socket: their feature goes last, so that its answers stand.
  if (DEV) inspector?.(using);
  k.using = using;
  const hooks: Hooks[] = [];
  k.hooks = hooks;
  for (const [name, feature] of using) {
    const part = k.started.get(name) ?? feature.start(k, () => k.using.get(name)?.settings);
    k.started.set(name, part);
    hooks.push(part);
  }
  const active = isActive(k.snapshot.status);
  for (const part of before) if (!hooks.includes(part)) part.listen?.(false);
  for (const part of hooks) {
    if (active && !before.includes(part)) part.listen?.(true);
    part.configured?.();
  }
}
