import { createSocket, DEFAULT_QUEUE_SIZE, type Socket } from "@lifeline/core";
import { type Connection, createConnection, type Subscriber, takesMessages } from "./connection.js";
import type { ReadyState } from "./constants.js";
import { assertIsWebSocket, sharedProxy } from "./proxy.js";
import { decideUrlFailure } from "./reconnectRule.js";
import { joinShared, type Latest, removeSharedConnection } from "./registry.js";
import type { SendJsonMessage, SendMessage, WebSocketLike, WebSocketMessage } from "./types.js";
import { computeUrl, type UrlInput } from "./url.js";

/** The fields a render reads, by their index in `HookState.read`: readyState, lastMessage, lastClose, socket. */
export type Field = 0 | 1 | 2 | 3;

/** One hook's state outside React, which the hook reads with useSyncExternalStore. */
export interface HookState extends Subscriber {
  /** During render: the props say whether this hook should be connected. Changes no one else's state. */
  setActive(active: boolean): void;
  subscribe(listener: () => void): () => void;
  /** Changes only when a field that a render of this hook read has changed since: the snapshot. */
  version(): number;
  /** A field's current value; reading it is what makes a change of it render the hook again. */
  read(field: Field): unknown;
  /** The connection effect: an own socket, or the shared one for the URL. Returns its cleanup. */
  connect(share: boolean): () => void;
  readonly sendMessage: SendMessage;
  readonly sendJsonMessage: SendJsonMessage;
  getWebSocket(): WebSocketLike | null;
}

const READY_STATES: Partial<Record<string, ReadyState>> = { idle: 0, connecting: 0, open: 1, closing: 2 };

// Stands in for a shared hook's socket until its URL is known, so `socket` is never null. Never connects.
let placeholder: Socket | null = null;

/**
 * One hook's connection (its own, or the shared one it joined), its last message, what waits to be sent, and which
 * fields its renders read: a change in any other field does not render it again.
 */
export function createHookState(latest: Latest, share: boolean): HookState {
  const own = () =>
    // The URL is computed again before every attempt: a URL function is called each time, as upstream.
    createConnection(
      () => computeUrl(latest.current.url as UrlInput, latest.current.options),
      () => latest.current.options,
      false,
    );
  let connection: Connection | null = share ? null : own();
  let lastMessage: MessageEvent | null = null;
  let active = false;
  // 0 before the first connection effect, 1 after it, 2 when the URL could not be computed.
  let phase = 0;
  let version = 0;
  let stopWatching: (() => void) | null = null;
  const pending: WebSocketMessage[] = [];
  const listeners = new Set<() => void>();
  // The value each field had when a render last read it; a sparse array, so `some` visits only the fields read.
  const seen: unknown[] = [];

  const readyState = (): ReadyState => {
    const state = connection?.socket.getSnapshot();
    if (!active) return phase ? 3 : -1;
    if (phase > 1) return 3;
    // A URL function that failed and is tried again is still connecting, as react-use-websocket reports it.
    if (!state || state.reason === "url-failed") return 0;
    // Between a close and the reconnect (reconnecting, offline, paused), react-use-websocket reports CLOSED.
    return READY_STATES[state.status] ?? 3;
  };
  const fields = (): unknown[] => {
    placeholder ??= createSocket("ws://127.0.0.1/", { autoConnect: false });
    return [
      readyState(),
      lastMessage,
      connection?.socket.getSnapshot().lastClose ?? null,
      connection?.socket ?? placeholder,
    ];
  };
  const drain = (to: Connection) => {
    while (pending.length) to.socket.send(pending.shift() as never);
  };
  const update = () => {
    const status = connection?.socket.getSnapshot().status;
    if (connection && pending.length && stopWatching && takesMessages(status)) {
      drain(connection);
    }
    const now = fields();
    if (!seen.some((value, field) => !Object.is(value, now[field]))) return;
    version++;
    for (const listener of listeners) listener();
  };
  /** The connection effect ran: follow `to`'s state and receive its messages. */
  const attach = (to: Connection) => {
    stopWatching?.();
    connection = to;
    to.join(state);
    phase = 1;
    stopWatching = to.socket.subscribe(update);
    update();
  };
  /**
   * The connection effect ended: messages are no longer this hook's and `lastMessage` goes back to null. A hook's
   * own socket stays its `socket` (so a banner keeps its source); a shared one is let go. Returns how many hooks
   * are left on it.
   */
  const detach = (keepSocket: boolean): number => {
    stopWatching?.();
    stopWatching = null;
    const left = connection?.leave(state) ?? 0;
    if (!keepSocket) connection = null;
    lastMessage = null;
    update();
    return left;
  };
  const sendMessage: SendMessage = (message, keep = true) => {
    const { options } = latest.current;
    if (options.eventSourceOptions) {
      console.warn("Unable to send a message from an eventSource");
      return;
    }
    const status = connection?.socket.getSnapshot().status;
    if (connection && status === "open") assertIsWebSocket(connection.raw(), options.skipAssert);
    if (connection && (status === "open" || (keep && takesMessages(status)))) {
      drain(connection);
      connection.socket.send(message as never);
    } else if (keep && pending.push(message) > DEFAULT_QUEUE_SIZE) {
      // No socket that can hold it (none yet, or closed): keep it here, bounded like Lifeline's queue.
      pending.shift();
    }
  };

  const state: HookState = {
    options: () => latest.current.options,
    message(event) {
      lastMessage = event;
      update();
    },
    setActive(value) {
      active = value;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    read(field) {
      const value = fields()[field];
      seen[field] = value;
      return value;
    },
    connect(shared) {
      if (!shared) {
        // A socket of the hook's own, for its whole life: a new URL closes it with 1000 and connects it again.
        const mine = connection ?? own();
        attach(mine);
        // After a microtask: StrictMode's mount, unmount and mount come first, so only one WebSocket is made.
        let cancelled = false;
        queueMicrotask(() => {
          if (!cancelled) mine.start();
        });
        return () => {
          cancelled = true;
          detach(true);
          mine.stop();
        };
      }
      let joined: Connection | null = null;
      let url = "";
      let cancelled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let tries = 0;
      // The shared socket is named by the computed URL, so it is computed here first; a failed URL function is
      // tried again as retryOnError says.
      const resolve = () => {
        Promise.resolve()
          .then(() => computeUrl(latest.current.url as UrlInput, latest.current.options))
          .then(
            (computed) => {
              if (cancelled) return;
              url = computed;
              joined = joinShared(computed, latest);
              attach(joined);
            },
            () => {
              if (cancelled) return;
              const delay = decideUrlFailure(latest.current.options, tries++);
              if (delay !== null) timer = setTimeout(resolve, delay);
              else {
                // The URL could not be computed: CLOSED, as react-use-websocket reports it.
                phase = 2;
                update();
              }
            },
          );
      };
      resolve();
      return () => {
        cancelled = true;
        clearTimeout(timer);
        if (detach(false) === 0 && joined) {
          removeSharedConnection(url, joined);
          joined.stop();
        }
      };
    },
    sendMessage,
    sendJsonMessage: (message, keep = true) => sendMessage(JSON.stringify(message), keep),
    getWebSocket() {
      const raw = connection?.raw() ?? null;
      if (!raw || !connection?.shared || connection.eventSource) return raw;
      return sharedProxy(raw as WebSocket, connection.socket, latest.current.options.skipAssert);
    },
  };
  return state;
}
