import type { WebSocketLike as LifelineWebSocket } from "@lifeline/core";
import { flushSync } from "react-dom";
import { type HeartbeatSettings, startHeartbeat } from "./heartbeat.js";
import type { WebSocketLike } from "./types.js";
import { warnTimedOut } from "./warnings.js";

/** What the connection does with each event of the platform's socket, before Lifeline's socket hears of it. */
export interface RawHandlers {
  open(event: Event): void;
  message(event: MessageEvent): void;
  /** Runs inside the synchronous render of the event: the hooks' `lastMessage`. */
  messageState(event: MessageEvent): void;
  error(event: Event): void;
  close(event: CloseEvent | CloseEventInit): void;
}

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

/**
 * Wraps the platform's WebSocket (or EventSource) for Lifeline's socket. The app's callbacks run first, as in
 * react-use-websocket, then Lifeline's handler inside `flushSync`, so the hooks' state has landed when the event
 * handler returns, as react-use-websocket's does. Once Lifeline lets go of a socket (it clears `onclose`), nothing
 * from it reaches the app. With `heartbeat`, react-use-websocket's heartbeat runs on it while it is open.
 */
export function wrapSocket(
  raw: WebSocketLike,
  handlers: RawHandlers,
  heartbeat?: HeartbeatSettings,
): LifelineWebSocket {
  const eventSource = typeof (raw as WebSocket).send !== "function";
  const live = () => link.onclose !== null;
  let lastMessageAt = 0;
  let stopHeartbeat = () => {};
  // A 1006 that the app's callbacks and Lifeline both hear, for an end the platform's socket reports no close for.
  const lost = (reason: string) => {
    const close = closeEvent(1006, reason, false);
    handlers.close(close);
    deliver(link.onclose, close);
  };
  // A heartbeat that times out closes at once: a half-open connection may never finish the closing handshake that
  // ws.close() starts.
  const timedOut = () => {
    if (!live()) return;
    warnTimedOut();
    lost("heartbeat timeout");
  };
  const deliver = (handler: ((event: unknown) => void) | null, event: unknown) => {
    if (handler) flushSync(() => handler(event));
  };
  const link: Link = {
    get readyState() {
      // An EventSource has no CLOSING: its 2 is CLOSED.
      return eventSource && raw.readyState === 2 ? 3 : raw.readyState;
    },
    // Lifeline's socket sets it only for its `binaryType` option, which the drop-in never passes; the app reads and
    // sets the real one through getWebSocket().
    binaryType: "blob",
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data: never) {
      (raw as WebSocket).send(data);
    },
    close(code?: number, reason?: string) {
      stopHeartbeat();
      if (!eventSource) return (raw as WebSocket).close(code, reason);
      raw.close();
      // An EventSource closes without an event; Lifeline waits for one.
      queueMicrotask(() => {
        if (live()) deliver(link.onclose, closeEvent(code ?? 1005, reason ?? "", true));
      });
    },
  };
  raw.addEventListener("open", (event) => {
    if (!live()) return;
    handlers.open(event);
    deliver(link.onopen, event);
    if (heartbeat && live()) {
      lastMessageAt = Date.now();
      stopHeartbeat = startHeartbeat(
        heartbeat,
        () => lastMessageAt,
        (ping) => link.send(ping as never),
        timedOut,
      );
    }
  });
  raw.addEventListener("message", ((event: MessageEvent) => {
    if (!live()) return;
    lastMessageAt = Date.now();
    handlers.message(event);
    flushSync(() => {
      handlers.messageState(event);
      link.onmessage?.(event);
    });
  }) as EventListener);
  raw.addEventListener("error", (event) => {
    if (!live()) return;
    handlers.error(event);
    if (!eventSource) return deliver(link.onerror, event);
    // react-use-websocket treats an EventSource error as its end: a close with 1006, and no automatic reconnect
    // by the EventSource itself; retryOnError decides.
    raw.close();
    lost(`An error occurred with the EventSource: ${String(event)}`);
  });
  if (!eventSource) {
    raw.addEventListener("close", ((event: CloseEvent) => {
      stopHeartbeat();
      if (!live()) return;
      handlers.close(event);
      deliver(link.onclose, event);
    }) as EventListener);
  }
  return link;
}
