import type { Socket, UrlSource } from "@lifeline/core";
import { createMessageStore, type MessageState } from "@lifeline/core/messages";
import { useMemo } from "react";
import { createActions } from "./actions.js";
import { shallowEqual } from "./shallowEqual.js";
import {
  type Connection,
  type ConnectionOptions,
  storeOptions,
  useConnection,
  useMessageCallback,
} from "./useConnection.js";
import { useSocketState } from "./useSocketState.js";
import type { WebSocketResult } from "./useWebSocket.js";

/** Options of `useWebSocketSelector`: `useWebSocket`'s, plus `batch` and `isEqual`. */
export interface UseWebSocketSelectorOptions<Selected> extends ConnectionOptions {
  /**
   * When two selections are the same. @default shallowEqual (`Object.is`, or the same keys with `Object.is`
   * values), so that a select that builds `{ status, queued }` each time does not render for nothing.
   */
  readonly isEqual?: (a: Selected, b: Selected) => boolean;
}

/**
 * `useWebSocket` for a part: returns what `select` returns, any value, and the component renders only when it
 * changes (by `isEqual`). `useWebSocketSelector(url, (s) => s.status)` never renders because a message arrived.
 * `select` receives what `useWebSocket` returns, actions included; annotate its parameter to type the messages:
 * `(s: WebSocketResult<Tick>) => s.lastJsonMessage`. Takes `batch` as well, to fold bursts into fewer renders.
 */
export function useWebSocketSelector<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>>(
  source: UrlSource | Socket | null,
  select: (result: WebSocketResult<Json, Send>) => Selected,
  options: UseWebSocketSelectorOptions<Selected> = {},
): Selected {
  const [socket, latest] = useConnection(source, options);
  useMessageCallback(socket, latest);
  // Pure to create: the store listens to the socket only while subscribed, so making it during render is safe.
  const connection = useMemo(
    () => ({ socket, store: createMessageStore<Json>(socket, storeOptions(latest)) }),
    [socket, latest],
  );
  return useSelection(connection, select, options.isEqual);
}

/** Reads a connection through an optional selector, with the actions. Shared with `useSharedWebSocket`. */
export function useSelection<Json, Send, Selected>(
  connection: Connection<Json>,
  select?: (result: WebSocketResult<Json, Send>) => Selected,
  isEqual?: (a: Selected, b: Selected) => boolean,
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
