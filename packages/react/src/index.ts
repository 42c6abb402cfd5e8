// Re-exported so that sharing needs one import; tree-shaken away by apps that never share.
export { createSocketClient, type SocketClient, type SocketClientOptions } from "@lifeline/core/client";
export {
  SocketClientProvider,
  type SocketClientProviderProps,
  useSocketClient,
} from "./SocketClientProvider.js";
export type { Connection, ConnectionOptions } from "./useConnection.js";
export { type ExternalStore, useSocketState } from "./useSocketState.js";
export {
  shallowEqual,
  type UseWebSocketOptions,
  useWebSocket,
  type WebSocketActions,
  type WebSocketResult,
} from "./useWebSocket.js";
export { useSharedWebSocket, WebSocketProvider, type WebSocketProviderProps } from "./WebSocketProvider.js";
