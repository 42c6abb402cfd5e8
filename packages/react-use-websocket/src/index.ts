// The root entry of react-use-websocket 4.13, export for export: the hook is the default export (the named one
// lives in ./lib/use-websocket, as upstream), so an app's default import of the hook keeps working.
export { ReadyState } from "./lib/constants.js";
export { resetGlobalState } from "./lib/registry.js";
export type { Options, SendMessage } from "./lib/types.js";
export { useEventSource } from "./lib/use-event-source.js";
export { useSocketIO } from "./lib/use-socket-io.js";
export { useWebSocket as default } from "./lib/use-websocket.js";
