import type { SendData, SendOutcome, Socket, UrlSource } from "@lifeline/core";
import type { MessageState } from "@lifeline/core/messages";
import { useMemo } from "react";
import { DEV } from "#dev";
import { type Connection, type ConnectionOptions, useConnection } from "./useConnection.js";
import { useSocketState } from "./useSocketState.js";

/** What every Lifeline hook returns besides state: stable functions and the socket itself. */
export interface WebSocketActions<Send = unknown> {
  /**
   * Sends now if open, else queues, and answers which: `"sent"`, `"queued"`, or, with nothing kept, `"closed"`
   * (the socket is closed: `reconnect()` first) or `"full"` (the queue is full). Never throws.
   */
  send(data: SendData): SendOutcome;
  /**
   * `JSON.stringify`s the value and sends it, with `send()`'s answer. Throws only for a value JSON cannot hold (a
   * cycle, a BigInt, `undefined`): that is a bug in the caller, not an outcome.
   */
  sendJson(value: Send): SendOutcome;
  /** Tries at once with the schedule reset. */
  reconnect(): void;
  /** Closes for good; the component stays mounted and can `reconnect()`. */
  close(code?: number, reason?: string): void;
  /** The underlying Lifeline socket, for advanced use. */
  readonly socket: Socket;
}

/** What `useWebSocket` returns without `select`, and what `select` receives: the state, the last message, actions. */
export type WebSocketResult<Json = unknown, Send = unknown> = MessageState<Json> & WebSocketActions<Send>;

export interface UseWebSocketOptions<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>>
  extends ConnectionOptions {
  /**
   * Subscribe to a part: the hook returns what `select` returns, any value, and the component renders only when it
   * changes (by `isEqual`). `select: (s) => s.status` never renders because a message arrived. Annotate the
   * parameter to type the messages: `select: (s: WebSocketResult<Tick>) => s.lastJsonMessage`.
   */
  readonly select?: (result: WebSocketResult<Json, Send>) => Selected;
  /**
   * When two selections are the same. @default shallowEqual (`Object.is`, or the same keys with `Object.is`
   * values), so that a select that builds `{ status, queued }` each time does not render for nothing.
   */
  readonly isEqual?: (a: Selected, b: Selected) => boolean;
}

/**
 * A WebSocket for one component: its state (status, lastClose, attempt, nextRetryAt…), its last message, and
 * actions. `url` null or `enabled: false` means no connection. Pass a socket from `createSocket` to share one.
 * `useWebSocket<Tick, Order>(url)` types `lastJsonMessage` and `sendJson`.
 */
export function useWebSocket<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>>(
  source: UrlSource | Socket | null,
  options: UseWebSocketOptions<Json, Send, Selected> = {},
): Selected {
  return useConnectionState(useConnection<Json>(source, options), options);
}

/** Reads a connection through an optional selector, with the actions. Shared with `useSharedWebSocket`. */
export function useConnectionState<Json, Send, Selected>(
  connection: Connection<Json>,
  { select, isEqual }: Pick<UseWebSocketOptions<Json, Send, Selected>, "select" | "isEqual">,
): Selected {
  const { socket } = connection;
  // One result object per snapshot, so that a render with nothing new hands React the same object.
  const withActions = useMemo(() => {
    const actions = createActions<Send>(socket);
    let memo: [MessageState<Json>, WebSocketResult<Json, Send>] | undefined;
    return (state: MessageState<Json>) => {
      if (memo?.[0] !== state) memo = [state, { ...state, ...actions }];
      return memo[1];
    };
  }, [socket]);
  return useSocketState(
    connection.store,
    (select ? (state) => select(withActions(state)) : withActions) as (state: MessageState<Json>) => Selected,
    isEqual ?? shallowEqual,
  );
}

function createActions<Send>(socket: Socket): WebSocketActions<Send> {
  return {
    // A socket's methods are closures over its state, not over `this`: they can be handed out as they are.
    send: socket.send,
    sendJson(value) {
      let text: unknown;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        text = error;
      }
      if (typeof text !== "string") {
        throw new TypeError(
          DEV
            ? text === undefined
              ? `[@lifeline/react] sendJson() got ${typeof value}, which JSON cannot hold. Send an object, array, string, number, boolean or null.`
              : `[@lifeline/react] sendJson() could not turn the value into JSON: ${(text as Error).message}. Send plain data (no cycles, no BigInt), or serialize it yourself and call send().`
            : "[@lifeline/react] sendJson(): not JSON",
        );
      }
      return socket.send(text);
    },
    reconnect: socket.reconnect,
    close: socket.close,
    socket,
  };
}

/**
 * True for `Object.is`-equal values, and for two objects (or arrays) with the same keys holding `Object.is`-equal
 * values. The default `isEqual` of `select`.
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key as keyof T], b[key as keyof T]));
}
