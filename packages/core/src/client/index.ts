// Sockets shared by key, the way a QueryClient shares queries. Opt-in, so apps that never share do not ship it.
export { createSocketClient, type SocketClient, type SocketClientOptions } from "./socketClient.js";
