import type { Socket, UrlSource } from "@lifeline/core";
import { createMessageStore } from "@lifeline/core/messages";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { DEV } from "#dev";
import {
  type Connection,
  type ConnectionOptions,
  storeOptions,
  useConnection,
  useMessageCallback,
} from "./useConnection.js";
import type { WebSocketResult } from "./useWebSocket.js";
import { useSelection } from "./useWebSocketSelector.js";

const ConnectionContext = createContext<Connection<unknown> | null>(null);

export interface WebSocketProviderProps {
  /** The URL to connect to (or a function returning it), or a socket from `createSocket` to share. */
  readonly url: UrlSource | Socket | null;
  readonly options?: ConnectionOptions;
  readonly children?: ReactNode;
}

/** What `useSharedWebSocket` takes: an optional selector, as `useWebSocketSelector`'s, and when two are the same. */
export interface SharedWebSocketOptions<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>> {
  /** Subscribe to a part: the hook returns what `select` returns and renders only when it changes (by `isEqual`). */
  readonly select?: (result: WebSocketResult<Json, Send>) => Selected;
  /** When two selections are the same. @default shallowEqual */
  readonly isEqual?: (a: Selected, b: Selected) => boolean;
}

/** One connection for every component below it; they read it with `useSharedWebSocket`. */
export function WebSocketProvider({ url, options, children }: WebSocketProviderProps) {
  const [socket, latest] = useConnection(url, options);
  useMessageCallback(socket, latest);
  // Pure to create: the store listens to the socket only while subscribed, so making it during render is safe.
  const connection = useMemo(
    () => ({ socket, store: createMessageStore(socket, storeOptions(latest)) }),
    [socket, latest],
  );
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

/** The connection of the nearest `WebSocketProvider`, through an optional selector (as `useWebSocketSelector`'s). */
export function useSharedWebSocket<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>>(
  options: SharedWebSocketOptions<Json, Send, Selected> = {},
): Selected {
  const connection = useContext(ConnectionContext) as Connection<Json> | null;
  if (!connection) {
    throw new Error(
      DEV
        ? "[@lifeline/react] useSharedWebSocket() found no <WebSocketProvider> above it. Wrap the tree in one, or call useWebSocket(url) for a connection of its own."
        : "[@lifeline/react] No <WebSocketProvider>",
    );
  }
  return useSelection(connection, options.select, options.isEqual);
}
