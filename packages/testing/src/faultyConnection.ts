// One accepted connection of the fault-injecting server and the faults that act on it alone: the message size
// limit, the rate limit, the session expiry timer, the proxy-style idle timeout and half-open silence.
// faultyServer.ts owns the set of them.
import type { Socket } from "node:net";
import type { RawData, WebSocket } from "ws";

/** What the server asks of a connection while it runs, read again on every message. */
export interface ConnectionContext {
  readonly echo: boolean;
  readonly onMessage: ((data: string, socket: WebSocket) => void) | undefined;
  /** The largest message accepted now, in bytes, or `null` for no limit. */
  maxPayload(): number | null;
  /** The rate limit in force now, or `null`. */
  rateLimit(): { readonly messagesPerSecond: number; readonly retryAfterSeconds: number } | null;
  /** Counts one message for `stats()`. */
  received(): void;
  /** Counts one message refused for its size, for `stats()`. */
  oversized(): void;
}

export interface FaultyConnection {
  readonly socket: WebSocket;
  readonly openedAt: number;
  readonly isHalfOpen: boolean;
  /** Whether the server may still talk on it: open and not half-open. */
  readonly isAnswering: boolean;
  close(code: number | undefined, reason: string | undefined): void;
  send(data: string | Buffer): void;
  goHalfOpen(): void;
  /** Closes with `code` and "token expired" once the connection has been open `afterMs`; `null` cancels. */
  expire(policy: { readonly afterMs: number; readonly code: number } | null): void;
  /** Terminates the connection after `ms` without a byte either way; `null` turns that off. */
  setIdleTimeout(ms: number | null): void;
  /** Stops the connection's timers; called once it has closed. */
  dispose(): void;
}

const RATE_WINDOW_MS = 1000;

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0);
  return data.byteLength;
}

export function trackConnection(socket: WebSocket, tcp: Socket, context: ConnectionContext): FaultyConnection {
  const openedAt = Date.now();
  let halfOpen = false;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  // Arrival times of the messages in the last second, oldest first, while a rate limit is on.
  const recent: number[] = [];

  // Node's socket timeout counts inactivity in both directions, on raw bytes, as nginx's proxy_read_timeout does
  // for an upgraded tunnel. Terminating sends no Close frame, so the client sees 1006.
  tcp.on("timeout", () => socket.terminate());

  socket.on("message", (data: RawData, isBinary: boolean) => {
    if (halfOpen || socket.readyState !== socket.OPEN) return;
    const maxPayload = context.maxPayload();
    if (maxPayload !== null && byteLength(data) > maxPayload) {
      // What ws does with its own maxPayload option: the message is never emitted, and the connection closes with
      // 1009 and no reason. Whatever the client sent after it is ignored, as ws stops reading.
      context.oversized();
      socket.close(1009);
      return;
    }
    context.received();
    const limit = context.rateLimit();
    if (limit) {
      const now = Date.now();
      recent.push(now);
      while (recent.length > 0 && (recent[0] ?? now) <= now - RATE_WINDOW_MS) recent.shift();
      if (recent.length > limit.messagesPerSecond) {
        socket.close(1008, `rate limit exceeded; retry-after=${limit.retryAfterSeconds}`);
        return;
      }
    } else {
      recent.length = 0;
    }
    if (!isBinary) context.onMessage?.(data.toString(), socket);
    if (context.echo && socket.readyState === socket.OPEN) socket.send(data, { binary: isBinary });
  });

  const connection: FaultyConnection = {
    socket,
    openedAt,
    get isHalfOpen() {
      return halfOpen;
    },
    get isAnswering() {
      return !halfOpen && socket.readyState === socket.OPEN;
    },
    close(code, reason) {
      if (connection.isAnswering) socket.close(code, reason);
    },
    send(data) {
      if (connection.isAnswering) socket.send(data);
    },
    goHalfOpen() {
      halfOpen = true;
      clearTimeout(expiryTimer);
      // ws keeps a paused socket paused (it resumes only sockets it paused itself), so nothing more is read: pings
      // go unanswered and the client's data waits in the kernel buffers, while the TCP connection stays up.
      socket.pause();
    },
    expire(policy) {
      clearTimeout(expiryTimer);
      if (!policy || halfOpen) return;
      const delay = Math.max(0, openedAt + policy.afterMs - Date.now());
      expiryTimer = setTimeout(() => connection.close(policy.code, "token expired"), delay);
    },
    setIdleTimeout(ms) {
      tcp.setTimeout(ms ?? 0);
    },
    dispose() {
      clearTimeout(expiryTimer);
      tcp.setTimeout(0);
    },
  };
  return connection;
}
