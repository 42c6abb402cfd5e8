import { createSocket, type Socket, type UrlSource } from "../socket.js";
import type { SocketOptions } from "../socketOptions.js";

export interface SocketClientOptions {
  /**
   * The options of every socket the client makes, or a function of the key that gives them. A shared socket has
   * one set: one heartbeat, one queue, one schedule, whoever uses it. `autoConnect` is the client's own business.
   */
  readonly socketOptions?: Omit<SocketOptions, "autoConnect"> | ((key: string) => Omit<SocketOptions, "autoConnect">);
  /**
   * How long a socket nobody subscribes to stays connected, in milliseconds, so that a page that swaps one user for
   * another (a route change) keeps the connection. It is at least a microtask, which covers StrictMode's unmount
   * and mount. @default 0
   */
  readonly lingerMs?: number;
}

/** Sockets by key: every component that asks for the same key gets the same socket, and one connection. */
export interface SocketClient {
  /**
   * The socket for `key`, made the first time it is asked for, the same object afterwards. `url` defaults to the
   * key; pass a function for a URL that changes per attempt (a fresh token) under a stable key. A later call's `url`
   * is ignored: the first one made the socket.
   *
   * It connects when its first subscriber arrives (a `useWebSocket`, a banner, anything that calls `subscribe`) and
   * closes with 1000 when the last one leaves, after `lingerMs`. `close()` and `reconnect()` act for every user.
   */
  socket(key: string, url?: UrlSource): Socket;
  /** Closes every socket the client made with 1000 and forgets them: the next `socket(key)` makes a new one. */
  clear(): void;
}

/** Creates a client that shares one socket per key between everyone who asks for that key. */
export function createSocketClient(options: SocketClientOptions = {}): SocketClient {
  const sockets = new Map<string, Socket & { cancel(): void }>();
  return {
    socket(key, url = key) {
      let shared = sockets.get(key);
      if (shared === undefined) {
        const own = options.socketOptions;
        const socketOptions = typeof own === "function" ? own(key) : own;
        shared = refCounted(createSocket(url, { ...socketOptions, autoConnect: false }), options.lingerMs ?? 0);
        sockets.set(key, shared);
      }
      return shared;
    },
    clear() {
      // A pending linger would keep a Node process alive for lingerMs after everything was closed.
      for (const socket of sockets.values()) {
        socket.cancel();
        closeIfActive(socket);
      }
      sockets.clear();
    },
  };
}

function closeIfActive(socket: Socket) {
  const { status } = socket.getSnapshot();
  if (status !== "idle" && status !== "closed") socket.close(1000);
}

/** The socket with its subscribers counted: the first connects it, the last one leaving closes it. */
function refCounted(socket: Socket, lingerMs: number): Socket & { cancel(): void } {
  let users = 0;
  // Counts releases, so that a microtask set by an earlier release does nothing once someone came and went again.
  let generation = 0;
  let linger: ReturnType<typeof setTimeout> | undefined;
  // A user who comes back (or clear()) cancels the linger: a thousand leave-and-return cycles leave no timer.
  const cancel = () => {
    clearTimeout(linger);
    linger = undefined;
  };
  const release = () => {
    if (--users > 0) return;
    const mine = ++generation;
    const closeLater = () => {
      if (users === 0 && generation === mine) closeIfActive(socket);
    };
    if (lingerMs > 0) linger = setTimeout(closeLater, lingerMs);
    else queueMicrotask(closeLater);
  };
  return {
    cancel,
    getSnapshot: socket.getSnapshot,
    getServerSnapshot: socket.getServerSnapshot,
    onMessage: socket.onMessage,
    send: socket.send,
    close: socket.close,
    connect: socket.connect,
    reconnect: socket.reconnect,
    setOptions: socket.setOptions,
    get webSocket() {
      return socket.webSocket;
    },
    subscribe(listener) {
      const stop = socket.subscribe(listener);
      // connect() does nothing while the socket is active, so a user arriving during the linger keeps it as it is.
      if (++users === 1) {
        cancel();
        socket.connect();
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        stop();
        release();
      };
    },
  };
}
