import {
  type CloseClassification,
  type CloseContext,
  type CloseEventLike,
  classifyClose,
  createSocket,
  type WebSocketLike as LifelineWebSocket,
  type Socket,
  type SocketOptions,
  type WebSocketConstructor,
} from "@lifeline/core";
import { heartbeat as heartbeatFeature } from "@lifeline/core/heartbeat";
import { flushSync } from "react-dom";
import { DEV } from "#dev";
import { SOCKET_IO_PING_CODE, SOCKET_IO_PING_INTERVAL } from "./defaults.js";
import { guarded } from "./guarded.js";
import { heartbeatOf, heartbeatSettings, startHeartbeat } from "./heartbeat.js";
import { decideClose, decideUrlFailure, withDelay } from "./reconnectRule.js";
import type { Options, WebSocketLike } from "./types.js";
import { PREFIX, warnTimedOut } from "./warnings.js";

type Link = LifelineWebSocket & {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
};

/** A CloseEvent where the platform has the class, else an object with the same fields. */
export function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent | CloseEventInit {
  const init = { code, reason, wasClean };
  return typeof CloseEvent === "function" ? new CloseEvent("close", init) : { type: "close", ...init };
}

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

  // Read at every attempt: react-use-websocket builds each socket from the globals of that moment. A declaration,
  // not an arrow: Lifeline calls it with `new`.
  function platformSocket(target: string): LifelineWebSocket {
    const name = eventSource ? "EventSource" : "WebSocket";
    const Platform = (globalThis as Record<string, unknown>)[name];
    if (typeof Platform !== "function") {
      const message = `${PREFIX}${name} is not supported${DEV ? ` here: there is no global ${name}. Add one (a polyfill, or the ws package's WebSocket on Node 20) before connecting.` : ""}`;
      console.error(message);
      throw new Error(message);
    }
    const options = creatorOptions();
    // Lifeline's socket resolves every URL to ws(s):, which is http(s): for an EventSource.
    const socket: WebSocketLike = eventSource
      ? new (Platform as typeof EventSource)(
          target.replace(/^ws/, "http"),
          options.eventSourceOptions as EventSourceInit,
        )
      : new (Platform as typeof WebSocket)(target, options.protocols);
    raw = socket;
    errored = false;
    return wrap(socket);
  }

  /**
   * The platform's socket as Lifeline's socket sees it. The app's callbacks run first, as in react-use-websocket,
   * then Lifeline's handler inside `flushSync`, so the hooks' state has landed when the event handler returns, as
   * react-use-websocket's does. Once Lifeline lets go of a socket (it clears `onclose`), nothing from it reaches the
   * app. react-use-websocket's heartbeat runs on it while it is open.
   */
  function wrap(socket: WebSocketLike): LifelineWebSocket {
    const live = () => link.onclose !== null;
    let lastMessageAt = 0;
    let stopHeartbeat = () => {};
    const deliver = (handler: ((event: unknown) => void) | null, event: unknown) => {
      if (handler) flushSync(() => handler(event));
    };
    const closed = (event: CloseEvent | CloseEventInit) => {
      lastRawClose = event;
      each("onClose", event);
      deliver(link.onclose, event);
    };
    // A 1006 that the app's callbacks and Lifeline both hear, for an end the platform's socket reports no close for.
    const lost = (reason: string) => closed(closeEvent(1006, reason, false));
    const link: Link = {
      get readyState() {
        // An EventSource has no CLOSING: its 2 is CLOSED.
        return eventSource && socket.readyState === 2 ? 3 : socket.readyState;
      },
      // Lifeline's socket sets it only for its `binaryType` option, which the drop-in never passes; the app reads
      // and sets the real one through getWebSocket().
      binaryType: "blob",
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send(data: never) {
        (socket as WebSocket).send(data);
      },
      close(code?: number, reason?: string) {
        stopHeartbeat();
        if (!eventSource) return (socket as WebSocket).close(code, reason);
        socket.close();
        // An EventSource closes without an event; Lifeline waits for one.
        queueMicrotask(() => {
          if (live()) deliver(link.onclose, closeEvent(code ?? 1005, reason ?? "", true));
        });
      },
    };
    socket.addEventListener("open", (event) => {
      if (!live()) return;
      attempts = 0;
      each("onOpen", event);
      deliver(link.onopen, event);
      if (compatHeartbeat && live()) {
        lastMessageAt = Date.now();
        stopHeartbeat = startHeartbeat(
          compatHeartbeat,
          () => lastMessageAt,
          (ping) => link.send(ping as never),
          () => {
            // A heartbeat that times out closes at once: a half-open connection may never finish the closing
            // handshake that ws.close() starts.
            if (!live()) return;
            warnTimedOut();
            lost("heartbeat timeout");
          },
        );
      }
    });
    socket.addEventListener("message", ((event: MessageEvent) => {
      if (!live()) return;
      lastMessageAt = Date.now();
      each("onMessage", event);
      flushSync(() => {
        if (returnMessage === undefined || event.data !== returnMessage) {
          for (const subscriber of subscribers) {
            const filter = subscriber.options().filter;
            if (typeof filter !== "function" || guarded(() => filter(event) === true)) subscriber.message(event);
          }
        }
        link.onmessage?.(event);
      });
    }) as EventListener);
    socket.addEventListener("error", (event) => {
      if (!live()) return;
      errored = true;
      each("onError", event);
      if (!eventSource) return deliver(link.onerror, event);
      // react-use-websocket treats an EventSource error as its end: a close with 1006, and no automatic reconnect
      // by the EventSource itself; retryOnError decides.
      socket.close();
      lost(`An error occurred with the EventSource: ${String(event)}`);
    });
    if (!eventSource) {
      socket.addEventListener("close", ((event: CloseEvent) => {
        stopHeartbeat();
        if (live()) closed(event);
      }) as EventListener);
    }
    return link;
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
      // Lifeline's heartbeat (lifelineDefaults); react-use-websocket's warns in wrap().
      if (event?.reason === "heartbeat timeout") warnTimedOut();
      each("onClose", close);
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
    // Lifeline's heartbeat is a feature of its socket (lifelineDefaults); react-use-websocket's runs in wrap().
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
