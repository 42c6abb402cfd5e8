import type { EventSourceEventHandlers, EventSourceOptions } from "./types.js";

// The values react-use-websocket 4.13 documents and exports from `dist/lib/constants`, under the same names, so a
// deep import of any of them keeps working. Those the hooks use at run time live in defaults.ts: this module holds
// the ReadyState enum, whose compiled form a bundler cannot drop, so only an app that imports ReadyState pays for it.
export {
  DEFAULT_HEARTBEAT,
  DEFAULT_OPTIONS,
  DEFAULT_RECONNECT_INTERVAL_MS,
  DEFAULT_RECONNECT_LIMIT,
  SOCKET_IO_PATH,
  SOCKET_IO_PING_CODE,
  SOCKET_IO_PING_INTERVAL,
  UNPARSABLE_JSON_OBJECT,
} from "./defaults.js";

/** useEventSource's `events` when none are given. */
export const EMPTY_EVENT_HANDLERS: EventSourceEventHandlers = {};
/** useEventSource's options when none are given. */
export const DEFAULT_EVENT_SOURCE_OPTIONS: EventSourceOptions = {
  withCredentials: false,
  events: EMPTY_EVENT_HANDLERS,
};

/**
 * A WebSocket's `readyState`, plus `UNINSTANTIATED` for a hook with no URL or `connect: false`. A numeric enum, as
 * in react-use-websocket, so `ReadyState[1] === "OPEN"` too.
 */
export enum ReadyState {
  UNINSTANTIATED = -1,
  CONNECTING = 0,
  OPEN = 1,
  CLOSING = 2,
  CLOSED = 3,
}

// Both are read once, when this module loads, as upstream exports them; the hooks look the globals up when they
// connect instead. Marked pure so that a bundle which never reads them leaves them out.

/** Whether this runs under React Native, as react-use-websocket tells it. */
export const isReactNative: boolean = /* @__PURE__ */ (() =>
  typeof navigator !== "undefined" && (navigator as { product?: string }).product === "ReactNative")();

/** Whether this platform had an `EventSource` when the module loaded. */
export const isEventSourceSupported: boolean = /* @__PURE__ */ (() =>
  !isReactNative && typeof globalThis.EventSource === "function")();
