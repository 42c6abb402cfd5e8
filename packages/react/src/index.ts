// Re-exported so that sharing needs one import; tree-shaken away by apps that never share.
export { createSocketClient, type SocketClient, type SocketClientOptions } from "@lifeline/core/client";
export type { WebSocketActions } from "./actions.js";
export {
  SocketClientProvider,
  type SocketClientProviderProps,
  useSocketClient,
} from "./SocketClientProvider.js";
export { shallowEqual } from "./shallowEqual.js";
export type { Connection, ConnectionOptions, UseWebSocketOptions } from "./useConnection.js";
export { type ExternalStore, useSocketState } from "./useSocketState.js";
export { useWebSocket, type WebSocketResult } from "./useWebSocket.js";
export { type UseWebSocketSelectorOptions, useWebSocketSelector } from "./useWebSocketSelector.js";
export {
  type SharedWebSocketOptions,
  useSharedWebSocket,
  WebSocketProvider,
  type WebSocketProviderProps,
} from "./WebSocketProvider.js";
