import { DEV, watchOptions } from "#dev";
import { validateClose } from "./closeValidation.js";
import { send } from "./connection.js";
import { run } from "./effects.js";
import { defaultEnvironment, MissingWebSocket, missingWebSocketError, type WebSocketLike } from "./environment.js";
import { arm, configure, dispatch, type Kernel, report, settle } from "./interpreter.js";
import { INITIAL } from "./machine.js";
import type { MessageListener, SendData, SendOutcome, UrlSource } from "./sendTypes.js";
import type { SocketOptions } from "./socketOptions.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import { IDLE, type SocketState } from "./status.js";

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
}

/**
 * Creates a reconnecting socket. Invalid URLs (and, in development, invalid options) are rejected here.
 *
 * The kernel alone connects, reconnects by the close table, keeps its deadlines, refreshes credentials and queues;
 * `options.use` adds features (feature.ts). interpreter.ts runs the machine of machine.ts: every call, transport
 * event, timer and platform signal becomes an event, handled one at a time to the end (state committed, effects
 * run) before the next. Subscribers hear of the result afterwards. So whatever an app does from inside a callback
 * happens after the current event, never in the middle of it.
 */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  // DEV first: a production bundle would keep `(void 0)?.(options)` where #dev's function is absent.
  const checkLater = DEV ? watchOptions?.(options) : undefined;
  if (typeof url !== "function") resolveWebSocketUrl(url);
  const kernel: Kernel = {
    url,
    options,
    env: defaultEnvironment(options.environment),
    started: new Set(),
    using: new Set(),
    // Kept from creation: a limiter holds its allowance, which a new one (made afresh each render) would forget.
    rateLimit: options.rateLimit,
    config: undefined as never,
    subscribers: new Map(),
    listeners: [],
    queue: [],
    events: [],
    runtimes: [],
    draining: false,
    notifying: false,
    state: INITIAL,
    ws: null,
    lastSent: undefined,
    lastInboundAt: 0,
    flushTimer: null,
    timers: {},
    inbound: null,
    online: () => true,
    visible: () => true,
    dispatch: (event) => dispatch(kernel, event),
    run: (effect) => run(kernel, effect),
    arm: (slot, ms) => arm(kernel, slot, ms),
    settle: (...args) => settle(kernel, ...args),
    report: (callback, error) => report(kernel, callback, error),
  };
  configure(kernel);
  const usable = () => {
    // No WebSocket is a setup mistake, not a failed attempt: say so to whoever asked for a connection, before any
    // state changes. Making a socket without one is fine (a server render does), and it stays idle.
    if (kernel.env.WebSocket === MissingWebSocket) throw missingWebSocketError();
  };
  const socket: Socket = {
    getSnapshot: () => kernel.state.snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      kernel.subscribers.set(listener, kernel.state.snapshot);
      return () => kernel.subscribers.delete(listener);
    },
    onMessage(listener) {
      kernel.listeners = [...kernel.listeners, listener];
      let active = true;
      return () => {
        if (active) kernel.listeners = kernel.listeners.filter((candidate) => candidate !== listener);
        active = false;
      };
    },
    send: (data) => send(kernel, data),
    close(code, reason) {
      validateClose(code, reason);
      dispatch(kernel, { type: "close", code, reason });
    },
    connect() {
      usable();
      dispatch(kernel, { type: "connect" });
    },
    reconnect() {
      usable();
      dispatch(kernel, { type: "reconnect" });
    },
    setOptions(next) {
      checkLater?.(next);
      const interval = kernel.config.heartbeat?.intervalMs;
      kernel.options = next;
      configure(kernel);
      // The heartbeat's timer was set with the old interval, which may be a minute: check now with the new one.
      if (kernel.config.heartbeat?.intervalMs !== interval) dispatch(kernel, { type: "heartbeat" });
    },
    get webSocket() {
      return kernel.ws;
    },
  };
  if (options.autoConnect !== false) socket.connect();
  return socket;
}
