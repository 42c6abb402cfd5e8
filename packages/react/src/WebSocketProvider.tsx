import type { Socket, UrlSource } from "@lifeline/core";
import { createContext, type ReactNode, useContext } from "react";
import { DEV } from "#dev";
import { type Connection, type ConnectionOptions, useConnection } from "./useConnection.js";
import { type UseWebSocketOptions, useConnectionState, type WebSocketResult } from "./useWebSocket.js";

const ConnectionContext = createContext<Connection<unknown> | null>(null);

export interface WebSocketProviderProps {
  /** The URL to connect to (or a function returning it), or a socket from `createSocket` to share. */
  readonly url: UrlSource | Socket | null;
  readonly options?: ConnectionOptions;
  readonly children?: ReactNode;
}

/** One connection for every component below it; they read it with `useSharedWebSocket`. */
export function WebSocketProvider({ url, options, children }: WebSocketProviderProps) {
  const connection = useConnection(url, options);
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

/** The connection of the nearest `WebSocketProvider`, through an optional selector (as `useWebSocket`'s). */
export function useSharedWebSocket<Json = unknown, Send = unknown, Selected = WebSocketResult<Json, Send>>(
  options: Pick<UseWebSocketOptions<Json, Send, Selected>, "select" | "isEqual"> = {},
): Selected {
  const connection = useContext(ConnectionContext) as Connection<Json> | null;
  if (!connection) {
    throw new Error(
      DEV
        ? "[@lifeline/react] useSharedWebSocket() found no <WebSocketProvider> above it. Wrap the tree in one, or call useWebSocket(url) for a connection of its own."
        : "[@lifeline/react] No <WebSocketProvider>",
    );
  }
  return useConnectionState(connection, options);
}
