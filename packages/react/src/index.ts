// Sharing needs one import; tree-shaken away by apps that never share. The client puts browser() first, as the hook.
export type { SocketClient, SocketClientOptions } from "@lifeline/core/client";
export type { WebSocketActions } from "./actions.js";
export {
  SocketClientProvider,
  type SocketClientProviderProps,
  useSocketClient,
} from "./SocketClientProvider.js";
export { shallowEqual } from "./shallowEqual.js";
export { createSocketClient } from "./socketClient.js";
export type { Connection, ConnectionOptions, UseWebSocketOptions } from "./useConnection.js";
export { useMessage } from "./useMessage.js";
export { useMessageHandler } from "./useMessageHandler.js";
export { type ServerTypeOf, useMessageReducer } from "./useMessageReducer.js";
export { type TypedActions, type UseMessagesOptions, useMessages } from "./useMessages.js";
export { type ExternalStore, useSocketState } from "./useSocketState.js";
export { useWebSocket, type WebSocketResult } from "./useWebSocket.js";
export { type UseWebSocketSelectorOptions, useWebSocketSelector } from "./useWebSocketSelector.js";
export {
  type SharedWebSocketOptions,
  useSharedWebSocket,
  WebSocketProvider,
  type WebSocketProviderProps,
} from "./WebSocketProvider.js";
