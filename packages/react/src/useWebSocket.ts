import type { SendData, Socket, UrlSource } from "@lifeline/core";
import type { MessageState } from "@lifeline/core/messages";
import { useMemo } from "react";
import { DEV } from "#dev";
import { type Connection, type ConnectionOptions, useConnection } from "./useConnection.js";
import { useSocketState } from "./useSocketState.js";

/** What every Lifeline hook returns besides state: stable functions and the socket itself. */
export interface WebSocketActions {
  /** Sends now if open, else queues (see the queue options). */
  send(data: SendData): boolean;
  /** `JSON.stringify`s the value and sends it. Throws a clear error for a value JSON cannot hold. */
  sendJson(value: unknown): boolean;
  /** Tries at once with the schedule reset. */
  reconnect(): void;
  /** Closes for good; the component stays mounted and can `reconnect()`. */
  close(code?: number, reason?: string): void;
  /** The underlying Lifeline socket, for advanced use. */
  readonly socket: Socket;
}

export type WebSocketResult<Json> = MessageState<Json> & WebSocketActions;

export interface UseWebSocketOptions<Json, Selected extends object> extends ConnectionOptions {
  /**
   * Subscribe to a slice: the component renders only when the slice changes (compared field by field).
   * `select: (state) => ({ status: state.status })` never renders because a message arrived.
   */
  readonly select?: (state: MessageState<Json>) => Selected;
}

/**
 * A WebSocket for one component: its state (status, lastClose, attempt, nextRetryAt…), its last message, and
 * actions. `url` null or `enabled: false` means no connection. Pass a socket from `createSocket` to share one.
 */
export function useWebSocket<Json = unknown, Selected extends object = MessageState<Json>>(
  source: UrlSource | Socket | null,
  options: UseWebSocketOptions<Json, Selected> = {},
): Selected & WebSocketActions {
  return useConnectionState(useConnection<Json>(source, options), options.select);
}

/** Reads a connection through an optional selector and adds the actions. Shared with `useSharedWebSocket`. */
export function useConnectionState<Json, Selected extends object>(
  connection: Connection<Json>,
  select?: (state: MessageState<Json>) => Selected,
): Selected & WebSocketActions {
  const selected = useSocketState(
    connection.store,
    (select ?? identity) as (state: MessageState<Json>) => Selected,
    shallowEqual,
  );
  const actions = useMemo(() => createActions(connection.socket), [connection.socket]);
  return useMemo(() => ({ ...selected, ...actions }), [selected, actions]);
}

function createActions(socket: Socket): WebSocketActions {
  return {
    send: (data) => socket.send(data),
    sendJson(value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        throw new TypeError(
          DEV
            ? `[@lifeline/react] sendJson() could not turn the value into JSON: ${(error as Error).message}. Send plain data (no cycles, no BigInt), or serialize it yourself and call send().`
            : `[@lifeline/react] sendJson(): ${(error as Error).message}`,
        );
      }
      if (text === undefined) {
        throw new TypeError(
          DEV
            ? `[@lifeline/react] sendJson() got ${typeof value}, which JSON cannot hold. Send an object, array, string, number, boolean or null.`
            : `[@lifeline/react] sendJson(): not JSON`,
        );
      }
      return socket.send(text);
    },
    reconnect: () => socket.reconnect(),
    close: (code, reason) => socket.close(code, reason),
    socket,
  };
}

const identity = <T>(value: T) => value;

/** True when two objects hold the same values under the same keys (compared with Object.is). For selectors. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key as keyof T], b[key as keyof T]));
}
