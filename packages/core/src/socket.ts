import { DEV, watchOptions } from "#dev";
import { resolveDelays } from "./backoff.js";
import { type CloseClassifier, classifyClose } from "./classifyClose.js";
import { validateClose } from "./closeValidation.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { defaultEnvironment, MissingWebSocket, missingWebSocketError, type WebSocketLike } from "./environment.js";
import { rethrowLater } from "./errors.js";
import { INITIAL, type MachineConfig, type SocketEffect, type SocketEvent, transition } from "./machine.js";
import { redactText } from "./redactUrl.js";
import { enqueue, FULL } from "./sendQueue.js";
import type { DropCause, SocketOptions } from "./socketOptions.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import { IDLE, type SocketState } from "./status.js";
import type { CloseClassification } from "./types.js";

/** A URL, or a function called before every attempt that returns one (or a Promise of one), e.g. with a fresh token. */
export type UrlSource = string | URL | (() => string | URL | Promise<string | URL>);

/** What `send()` accepts: anything the platform's WebSocket can send. */
export type SendData = string | ArrayBufferLike | ArrayBufferView | Blob;

/** What `send()` did with a message. Only `"sent"` and `"queued"` keep it. */
export type SendOutcome = "sent" | "queued" | "closed" | "full";

/** Receives each message's `data` and the event itself. */
export type MessageListener = (data: unknown, event: { data: unknown }) => void;

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
   * next connection. `environment`, `rateLimit` and `autoConnect` keep their first values; in development a new one
   * warns once.
   */
  setOptions(options: SocketOptions): void;
  /** The underlying WebSocket while one exists, for advanced use. */
  readonly webSocket: WebSocketLike | null;
}

const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
const ignore = () => {};

/**
 * Creates a reconnecting socket. Invalid URLs (and, in development, invalid options) are rejected here.
 *
 * This is the interpreter of the machine in machine.ts: every call, transport event, timer and platform signal
 * becomes an event, handled one at a time to the end (state committed, effects run) before the next. Subscribers
 * hear of the result afterwards. So whatever an app does from inside a callback happens after the current event,
 * never in the middle of it.
 */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  const checkLater = watchOptions?.(options);
  if (typeof url !== "function") resolveWebSocketUrl(url);
  const env = defaultEnvironment(options.environment);
  // Kept from creation: timers, the constructor and the platform's sources are in use, and a limiter holds its
  // allowance, which a new one (made afresh each render) would forget.
  const rateLimit = options.rateLimit;
  // The subscriber and the snapshot it was last called for: nobody is told twice about the same snapshot.
  const subscribers = new Map<() => void, SocketState>();
  // Copied on change and read by index, so delivering a message allocates no iterator.
  let listeners: readonly MessageListener[] = [];
  const queue: SendData[] = [];
  const events: SocketEvent[] = [];
  let draining = false;
  let notifying = false;
  let state = INITIAL;
  let ws: WebSocketLike | null = null;
  let lastSent: SendData | undefined;
  let lastInboundAt = 0;
  let flushTimer: unknown = null;
  const timers: Record<"deadline" | "heartbeat" | "pause", unknown> = { deadline: null, heartbeat: null, pause: null };
  let platform: (() => void)[] = [];

  /** Tells the app's diagnostics hook; a hook that throws is rethrown on its own and never stops the socket. */
  const note = (event: DiagnosticEvent) => {
    try {
      options.onDiagnostic?.(event);
    } catch (error) {
      rethrowLater(error);
    }
  };
  /** An app callback that threw: said in the diagnostics, rethrown on its own; the socket goes on with the default. */
  const report = (callback: string, error: unknown) => {
    note({ type: "callback-failed", callback, error: redactText(String(error)) });
    rethrowLater(error);
  };
  const dropped = (data: unknown, cause: DropCause) => {
    try {
      options.queue?.onDrop?.(data, cause);
    } catch (error) {
      report("queue.onDrop", error);
    }
  };
  const classify: CloseClassifier = (event, context) => {
    if (options.classify) {
      try {
        return options.classify(event, context);
      } catch (error) {
        report("classify", error);
      }
    }
    return classifyClose(event, context);
  };
  // Resolved again by setOptions; the machine reads it afresh at every event, so a new number shapes the next
  // decision and leaves the timers already set alone.
  const configure = (): MachineConfig => {
    const reconnect = options.reconnect ?? {};
    return {
      classify,
      delays: resolveDelays(reconnect),
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 3000,
      refreshTimeoutMs: options.refreshTimeoutMs ?? 10_000,
      minUptimeMs: reconnect.minUptimeMs ?? 5000,
      maxAttempts: reconnect.maxAttempts ?? Number.POSITIVE_INFINITY,
      offlineProbeMs: reconnect.offlineProbeMs ?? 30_000,
      pauseWhenHiddenMs: options.pauseWhenHiddenMs ?? null,
      probe: options.probe !== undefined,
      heartbeat: options.heartbeat,
    };
  };
  let config = configure();
  // What each message needs from the options, kept in plain variables (set again by setOptions): this is the one
  // path that runs per message, and throughput is measured against raw ws.
  let beating = options.heartbeat !== undefined;
  let isPong = options.heartbeat?.isPong;

  function dispatch(event: SocketEvent) {
    events.push(event);
    if (draining) return;
    draining = true;
    try {
      for (let next = events.shift(); next; next = events.shift()) {
        const result = transition(state, next, {
          config,
          now: env.now(),
          random: env.random(),
          online: env.online?.get() !== false,
          visible: env.visible?.get() !== false,
          lastInboundAt,
        });
        state = result.state;
        for (const effect of result.effects) run(effect);
      }
    } finally {
      draining = false;
    }
    notify();
  }

  /** One round per change: a subscriber that changes the socket starts another round, after this one. */
  function notify() {
    if (notifying) return;
    notifying = true;
    try {
      for (let again = true; again; ) {
        again = false;
        for (const [listener, seen] of subscribers) {
          const current = state.snapshot;
          if (seen === current) continue;
          subscribers.set(listener, current);
          try {
            listener();
          } catch (error) {
            report("subscribe", error);
          }
          if (state.snapshot !== current) again = true;
        }
      }
    } finally {
      notifying = false;
    }
  }

  function run(effect: SocketEffect) {
    switch (effect.type) {
      case "note":
        return note(effect.event);
      case "resolve": {
        const id = effect.id;
        if (typeof url !== "function") return dispatch({ type: "resolved", id, url: String(url) });
        // The url function is part of the attempt: when it fails, the attempt failed, and that is state. So is an
        // answer that is no URL at all (undefined while a token is not ready yet): the schedule retries it.
        return settle(
          "url",
          url,
          (resolved) =>
            dispatch(
              typeof resolved === "string" || resolved instanceof URL
                ? { type: "resolved", id, url: String(resolved) }
                : { type: "url-failed", id, error: notAUrl(resolved) },
            ),
          (error) => dispatch({ type: "url-failed", id, error }),
        );
      }
      case "create":
        return create(effect.id, effect.url);
      case "drop":
        return drop(effect.code);
      case "shut":
        stopConnectionTimers();
        return ws?.close(effect.code, effect.reason);
      case "deadline":
      case "heartbeat":
      case "pause":
        return arm(effect.type, effect.ms);
      case "ping":
        return ping();
      case "flush":
        return flush();
      case "discard": {
        const discarded = queue.splice(0);
        if (!discarded.length) return;
        note({ type: "queue-discarded", dropped: discarded.length });
        for (const data of discarded) dropped(data, "closed");
        return dispatch({ type: "queued", size: 0 });
      }
      case "probe": {
        const { id, url: target, close } = effect;
        // A probe that fails (CORS, a network error) has nothing to say.
        return settle(
          "probe",
          () => options.probe?.(target, close),
          (found) => dispatch({ type: "probed", id, close: (found as CloseClassification | null | undefined) ?? null }),
          () => dispatch({ type: "probed", id, close: null }),
        );
      }
      case "refresh": {
        const id = effect.id;
        return settle(
          "refreshCredentials",
          options.refreshCredentials,
          () => dispatch({ type: "refreshed", id }),
          (error) => dispatch({ type: "refresh-failed", id, error }),
        );
      }
      case "listen":
        return listen(effect.on);
      case "too-big":
        return dropped(effect.data, "too-big");
    }
  }

  /**
   * Runs an app callback that may return a Promise. Failing is an outcome (a token endpoint that is down), so it
   * becomes state; a synchronous throw is also a bug in the callback, so it is reported and rethrown as well.
   */
  function settle(
    name: string,
    callback: (() => unknown) | undefined,
    done: (value: unknown) => void,
    failed: (error: string) => void,
  ) {
    let result: unknown;
    try {
      result = callback?.();
    } catch (error) {
      report(name, error);
      return void Promise.resolve().then(() => failed(redactText(String(error))));
    }
    Promise.resolve(result).then(done, (error: unknown) => failed(redactText(String(error))));
  }

  /** Sets (or, with null, clears) a timer whose firing becomes the event of the same name. */
  function arm(slot: "deadline" | "heartbeat" | "pause", ms: number | null) {
    if (timers[slot] !== null) env.clearTimeout(timers[slot]);
    timers[slot] = null;
    if (ms === null) return;
    const handle = env.setTimeout(() => {
      if (timers[slot] !== handle) return;
      timers[slot] = null;
      dispatch({ type: slot });
    }, ms);
    timers[slot] = handle;
  }

  // No WebSocket is a setup mistake, not a failed attempt: say so to whoever asked for a connection, before any
  // state changes. Making a socket without one is fine (a server render does), and it stays idle.
  function usable<Event>(event: Event): Event {
    if (env.WebSocket === MissingWebSocket) throw missingWebSocketError();
    return event;
  }

  function create(id: number, raw: string) {
    let socket: WebSocketLike;
    try {
      socket = ws = new env.WebSocket(resolveWebSocketUrl(raw), options.protocols);
    } catch (error) {
      return dispatch({
        type: "url-failed",
        id,
        error: redactText(String((error as Error)?.message ?? error)),
        invalid: true,
      });
    }
    lastSent = undefined;
    lastInboundAt = env.now();
    if (options.binaryType) socket.binaryType = options.binaryType;
    socket.onmessage = receive;
    socket.onerror = ignore;
    socket.onopen = () => dispatch({ type: "opened", id });
    socket.onclose = (event) => dispatch({ type: "closed", id, event, sent: lastSent });
  }

  // Per message: a clock read when there is a heartbeat, and a loop over the listeners. Messages change no state,
  // so they go straight to the listeners instead of through the machine.
  function receive(event: { data: unknown }) {
    const data = event.data;
    if (beating) lastInboundAt = env.now();
    if (isPong) {
      try {
        if (isPong(data)) return;
      } catch (error) {
        report("heartbeat.isPong", error);
      }
    }
    const current = listeners;
    for (let index = 0; index < current.length; index++) {
      try {
        (current[index] as MessageListener)(data, event);
      } catch (error) {
        report("onMessage", error);
      }
    }
  }

  function stopConnectionTimers() {
    arm("heartbeat", null);
    if (flushTimer !== null) env.clearTimeout(flushTimer);
    flushTimer = null;
  }

  /** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
  function drop(code?: number) {
    stopConnectionTimers();
    const socket = ws;
    ws = null;
    lastSent = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.onerror = ignore;
    if (socket.readyState <= OPEN) {
      try {
        socket.close(code);
      } catch {
        // Some runtimes throw when closing a socket that is still connecting; it is being dropped either way.
      }
    }
  }

  function ping() {
    let message = options.heartbeat?.message ?? "ping";
    if (typeof message === "function") {
      try {
        message = message();
      } catch (error) {
        // Without a ping the dead-connection check would be off; send the default instead.
        report("heartbeat.message", error);
        message = "ping";
      }
    }
    if (ws?.readyState === OPEN) ws.send(message as never);
  }

  function listen(on: boolean) {
    for (const stop of platform) stop();
    platform = [];
    arm("pause", null);
    if (!on) return;
    if (env.online) platform.push(env.online.subscribe((online) => dispatch({ type: online ? "online" : "offline" })));
    if (env.visible) {
      platform.push(env.visible.subscribe((visible) => dispatch({ type: visible ? "visible" : "hidden" })));
    }
    if (env.page) platform.push(env.page.subscribe((event) => dispatch(event)));
  }

  function flush() {
    if (flushTimer !== null) env.clearTimeout(flushTimer);
    flushTimer = null;
    const socket = ws;
    while (queue.length && socket?.readyState === OPEN && state.snapshot.status === "open") {
      if (rateLimit && !rateLimit.take(env.now())) {
        flushTimer = env.setTimeout(flush, rateLimit.waitMs(env.now()));
        break;
      }
      transmit(socket, queue.shift() as SendData);
    }
    if (queue.length !== state.snapshot.queued) dispatch({ type: "queued", size: queue.length });
  }

  function transmit(socket: WebSocketLike, data: SendData) {
    lastSent = data;
    socket.send(data as never);
  }

  const socket: Socket = {
    getSnapshot: () => state.snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      subscribers.set(listener, state.snapshot);
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
      // A closed socket or a full queue is an outcome, not a programming error: the caller still holds the message
      // and reads what happened from the answer. Only a bad close() call throws.
      const { status } = state.snapshot;
      if (status === "closed" || status === "closing") return "closed";
      const live = ws;
      if (
        status === "open" &&
        live?.readyState === OPEN &&
        !queue.length &&
        (!rateLimit || rateLimit.take(env.now()))
      ) {
        transmit(live, data);
        return "sent";
      }
      const overflow = enqueue(queue, data, options.queue);
      if (overflow === FULL) return "full";
      if (overflow !== undefined) {
        note({ type: "queue-overflow", dropped: 1 });
        dropped(overflow, "overflow");
      }
      dispatch({ type: "queued", size: queue.length });
      if (status === "open" && flushTimer === null) flush();
      return "queued";
    },
    close(code, reason) {
      validateClose(code, reason);
      dispatch({ type: "close", code, reason });
    },
    connect: () => dispatch(usable({ type: "connect" })),
    reconnect: () => dispatch(usable({ type: "reconnect" })),
    setOptions(next) {
      checkLater?.(next);
      const interval = config.heartbeat?.intervalMs;
      options = next;
      config = configure();
      beating = next.heartbeat !== undefined;
      isPong = next.heartbeat?.isPong;
      // The heartbeat's timer was set with the old interval, which may be a minute: check now with the new one.
      if (next.heartbeat?.intervalMs !== interval) dispatch({ type: "heartbeat" });
    },
    get webSocket() {
      return ws;
    },
  };

  if (options.autoConnect !== false) socket.connect();
  return socket;
}

/** Says what a url function gave instead of a URL; the value itself is not shown, as it may hold a credential. */
function notAUrl(value: unknown): string {
  const got = `[@lifeline/core] The url function returned ${value === null ? "null" : typeof value}, not a URL.`;
  return DEV ? `${got} Return a ws:// or wss:// URL (a string or a URL object), or throw until it can.` : got;
}
