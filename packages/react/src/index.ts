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
