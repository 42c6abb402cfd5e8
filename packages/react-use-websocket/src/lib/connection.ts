import {
  type CloseClassification,
  type CloseContext,
  type CloseEventLike,
  classifyClose,
  createSocket,
  type HeartbeatOptions as LifelineHeartbeat,
  type Socket,
  type SocketOptions,
  type WebSocketConstructor,
} from "@lifeline/core";
import { heartbeat as heartbeatFeature } from "@lifeline/core/heartbeat";
import { DEV } from "#dev";
import { DEFAULT_HEARTBEAT, SOCKET_IO_PING_CODE, SOCKET_IO_PING_INTERVAL } from "./defaults.js";
import { guarded } from "./guarded.js";
import type { HeartbeatSettings } from "./heartbeat.js";
import { closeEvent, wrapSocket } from "./rawSocket.js";
import { decideClose, decideUrlFailure, withDelay } from "./reconnectRule.js";
import type { Options, WebSocketLike } from "./types.js";
import { PREFIX, warnTimedOut } from "./warnings.js";

/** One hook on a connection: its latest options, and where a message that passed its filter goes. */
export interface Subscriber {
  options(): Options;
  message(event: MessageEvent): void;
}

/** A Lifeline socket and the hooks on it: one hook's own, or every hook sharing a URL. */
export interface Connection {
  readonly socket: Socket;
  readonly shared: boolean;
  readonly eventSource: boolean;
  /** The platform's socket of the current (or last) attempt, or null before the first. */
  raw(): WebSocketLike | null;
  join(subscriber: Subscriber): void;
  /** Returns how many hooks are left. */
  leave(subscriber: Subscriber): number;
  start(): void;
  stop(): void;
}

/**
 * Whether Lifeline's socket takes a message in this status: it sends it when open, and holds it in its (bounded)
 * queue until it opens in every status but closing and closed.
 */
export const takesMessages = (status: string | undefined): boolean =>
  status !== undefined && !/^clos(ing|ed)$/.test(status);

/** react-use-websocket's heartbeat option with its defaults filled in, or undefined for none. */
export function heartbeatSettings(option: Options["heartbeat"]): HeartbeatSettings | undefined {
  return option ? { ...DEFAULT_HEARTBEAT, ...(option === true ? {} : option) } : undefined;
}

/**
 * The heartbeat in Lifeline's terms, for `lifelineDefaults`: one ping per silence, and a timeout counted from the
 * ping (react-use-websocket's counts from the last message).
 */
export function heartbeatOf(option: Options["heartbeat"]): LifelineHeartbeat | undefined {
  const settings = heartbeatSettings(option);
  if (!settings) return undefined;
  const { message, interval, timeout } = settings;
  return { message, intervalMs: Math.min(interval, timeout), timeoutMs: Math.max(timeout - interval, 1) };
}

/**
 * Makes a connection for the hook that creates it (whose first options fix the transport, protocols, heartbeat and socket.io
 * ping, as in react-use-websocket). Nothing connects until `start()`.
 */
export function createConnection(
  url: () => string | Promise<string>,
  creatorOptions: () => Options,
  shared: boolean,
): Connection {
  const first = creatorOptions();
  const eventSource = Boolean(first.eventSourceOptions);
  const lifeline = first.lifelineDefaults === true;
  // react-use-websocket's heartbeat by default, Lifeline's with lifelineDefaults; never on an EventSource.
  const heartbeat = eventSource ? undefined : lifeline ? heartbeatOf(first.heartbeat) : undefined;
  const compatHeartbeat = eventSource || lifeline ? undefined : heartbeatSettings(first.heartbeat);
  const returnMessage = typeof first.heartbeat === "object" ? first.heartbeat.returnMessage : undefined;
  const subscribers = new Set<Subscriber>();
  // A shared socket's last hook still hears the close its leaving causes, as in react-use-websocket.
  let farewell: Subscriber | null = null;
  let raw: WebSocketLike | null = null;
  let errored = false;
  let attempts = 0;
  let lastRawClose: unknown = null;
  let ping: ReturnType<typeof setInterval> | null = null;
  let warned = false;
  const hooks = () => (subscribers.size ? [...subscribers] : farewell ? [farewell] : []);
  // Every hook's callback of that name, each guarded so that one throwing does not keep the event from the others.
  const each = (name: "onOpen" | "onMessage" | "onError" | "onClose" | "onReconnectStop", event: unknown) => {
    for (const subscriber of hooks()) guarded(() => subscriber.options()[name]?.(event as never));
  };

  const handlers = {
    open(event: Event) {
      attempts = 0;
      each("onOpen", event);
    },
    message(event: MessageEvent) {
      each("onMessage", event);
    },
    messageState(event: MessageEvent) {
      if (returnMessage !== undefined && event.data === returnMessage) return;
      for (const subscriber of subscribers) {
        const filter = subscriber.options().filter;
        if (typeof filter !== "function" || guarded(() => filter(event) === true)) subscriber.message(event);
      }
    },
    error(event: Event) {
      errored = true;
      each("onError", event);
    },
    close(event: CloseEvent | CloseEventInit) {
      lastRawClose = event;
      each("onClose", event);
    },
  };

  // Read at every attempt: react-use-websocket builds each socket from the globals of that moment. A declaration,
  // not an arrow: Lifeline calls it with `new`.
  function platformSocket(target: string) {
    const scope = globalThis as { WebSocket?: typeof WebSocket; EventSource?: typeof EventSource };
    const Platform = eventSource ? scope.EventSource : scope.WebSocket;
    if (typeof Platform !== "function") {
      const name = eventSource ? "EventSource" : "WebSocket";
      const message = `${PREFIX}${name} is not supported${DEV ? ` here: there is no global ${name}. Add one (a polyfill, or the ws package's WebSocket on Node 20) before connecting.` : ""}`;
      console.error(message);
      throw new Error(message);
    }
    const options = creatorOptions();
    // Lifeline's socket resolves every URL to ws(s):, which is http(s): for an EventSource.
    raw = eventSource
      ? new (Platform as typeof EventSource)(
          target.replace(/^ws/, "http"),
          options.eventSourceOptions as EventSourceInit,
        )
      : new (Platform as typeof WebSocket)(target, options.protocols);
    errored = false;
    return wrapSocket(raw, handlers, compatHeartbeat);
  }

  const classify = (event: CloseEventLike | null | undefined, context?: CloseContext): CloseClassification => {
    const verdict = classifyClose(event, context);
    if (context?.closeRequested) return verdict;
    const real = event === lastRawClose;
    // A close Lifeline made up (heartbeat timeout, connect timeout, offline, a failed URL) had no event of its own.
    if (!real && event?.reason === "url failed") {
      if (lifeline) return verdict;
      const delay = decideUrlFailure(creatorOptions(), attempts);
      if (delay !== null) attempts++;
      return withDelay(verdict, delay);
    }
    const close = real ? (event as CloseEvent) : closeEvent(verdict.code, verdict.reason, verdict.wasClean);
    if (!real) {
      // Lifeline's heartbeat (lifelineDefaults); react-use-websocket's warns in rawSocket.ts.
      if (event?.reason === "heartbeat timeout") warnTimedOut();
      handlers.close(close);
    }
    const options = hooks().map((subscriber) => subscriber.options());
    if (lifeline) {
      const veto = options.some(
        (each) => each.shouldReconnect && !guarded(() => each.shouldReconnect?.(close as CloseEvent)),
      );
      return veto ? withDelay(verdict, null) : verdict;
    }
    const delay = decideClose(close, options, shared, eventSource, errored, attempts);
    if (delay !== null) attempts++;
    return withDelay(verdict, delay);
  };

  const socketOptions: SocketOptions = {
    autoConnect: false,
    classify,
    // No jitter on the intervals an app asked for: react-use-websocket waits exactly reconnectInterval.
    environment: {
      WebSocket: platformSocket as unknown as WebSocketConstructor,
      ...(lifeline ? {} : { random: () => 0 }),
    },
    // Lifeline's heartbeat is a feature of its socket (lifelineDefaults); react-use-websocket's runs in rawSocket.ts.
    ...(heartbeat ? { use: [heartbeatFeature(heartbeat)] } : {}),
    // react-use-websocket's queue has no bound; Lifeline's keeps the newest 100 and says when it drops one.
    queue: {
      overflow: "drop-oldest",
      // A development warning only: in production the oldest message goes quietly, as the README says.
      ...(DEV && {
        onDrop(_data: unknown, cause: string) {
          if (cause !== "overflow" || warned) return;
          warned = true;
          console.warn(
            `${PREFIX}The send queue is full (100 messages) while the socket is not open; the oldest message was dropped. Check readyState before sending, or send with keep = false.`,
          );
        },
      }),
    },
    reconnect: lifeline
      ? first.reconnectAttempts === undefined
        ? {}
        : { maxAttempts: first.reconnectAttempts }
      : // The wait is the app's interval, passed per close; a zero ceiling keeps the backoff out of it.
        { backoff: { baseMs: 0, factor: 1, maxMs: 0 }, minUptimeMs: 0 },
  };
  const socket = createSocket(url, socketOptions);

  if (lifeline) {
    let closed = false;
    socket.subscribe(() => {
      const state = socket.getSnapshot();
      // As react-use-websocket: only when the attempts run out, not when shouldReconnect or the policy says no.
      if (state.status === "closed" && !closed && state.reason === "retries-exhausted") {
        each("onReconnectStop", state.attempt);
      }
      closed = state.status === "closed";
    });
  }

  return {
    socket,
    shared,
    eventSource,
    raw: () => raw,
    join(subscriber) {
      subscribers.add(subscriber);
      farewell = null;
    },
    leave(subscriber) {
      subscribers.delete(subscriber);
      if (shared && subscribers.size === 0) farewell = subscriber;
      return subscribers.size;
    },
    start() {
      // Connecting again (connect false then true, a URL null then back) starts a fresh series of attempts.
      attempts = 0;
      socket.connect();
      if (first.fromSocketIO && ping === null) {
        ping = setInterval(() => {
          if (takesMessages(socket.getSnapshot().status)) socket.send(SOCKET_IO_PING_CODE);
        }, SOCKET_IO_PING_INTERVAL);
      }
    },
    stop() {
      clearInterval(ping as never);
      ping = null;
      const { status } = socket.getSnapshot();
      if (status !== "idle" && status !== "closed") socket.close(1000);
    },
  };
}
