import type { Socket, UrlSource } from "@lifeline/core";
import type { MessageState } from "@lifeline/core/messages";
import { useMemo, useSyncExternalStore } from "react";
import { DEV, warnMovedOptions } from "#dev";
import type { WebSocketActions } from "./actions.js";
import { createResultStore } from "./resultStore.js";
import { type UseWebSocketOptions, useConnection } from "./useConnection.js";

/**
 * What `useWebSocket` returns, and what `useWebSocketSelector`'s `select` receives: the socket's state (status,
 * lastClose, attempt, nextRetryAt…), its last message (`lastMessage`, `lastJsonMessage`, `jsonError`,
 * `messageCount`), and actions.
 */
export type WebSocketResult<Json = unknown, Send = unknown> = MessageState<Json> & WebSocketActions<Send>;

/**
 * A WebSocket for one component: its state (status, lastClose, attempt, nextRetryAt…), its last message, and
 * actions. It renders for every change of state and every message; to render for a part only, or to fold bursts
 * (`batch`), use `useWebSocketSelector`. `url` null or `enabled: false` means no connection. Pass a socket from
 * `createSocket` to share one. `useWebSocket<Tick, Order>(url)` types `lastJsonMessage` and `sendJson`.
 */
export function useWebSocket<Json = unknown, Send = unknown>(
  source: UrlSource | Socket | null,
  options: UseWebSocketOptions = {},
): WebSocketResult<Json, Send> {
  if (DEV) warnMovedOptions?.(options);
  const [socket, latest] = useConnection(source, options);
  const store = useMemo(() => createResultStore<Json, Send>(socket, latest), [socket, latest]);
  return useSyncExternalStore(...store);
}
