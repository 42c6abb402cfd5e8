import type { EventSourceEventHandlers, EventSourceOptions } from "./types.js";

// The values react-use-websocket 4.13 documents and exports from `dist/lib/constants`, under the same names, so a
// deep import of any of them keeps working.

/** The options a hook uses when given none. */
export const DEFAULT_OPTIONS = {};
/** useEventSource's `events` when none are given. */
export const EMPTY_EVENT_HANDLERS: EventSourceEventHandlers = {};
/** useEventSource's options when none are given. */
export const DEFAULT_EVENT_SOURCE_OPTIONS: EventSourceOptions = {
  withCredentials: false,
  events: EMPTY_EVENT_HANDLERS,
};
/** How often `fromSocketIO` sends socket.io's ping (`"2"`). */
export const SOCKET_IO_PING_INTERVAL = 25_000;
/** What `fromSocketIO` appends to the host. */
export const SOCKET_IO_PATH = "/socket.io/?EIO=3&transport=websocket";
/** socket.io's (Engine.IO 3) ping packet. */
export const SOCKET_IO_PING_CODE = "2";
/** `reconnectAttempts` when not given. */
export const DEFAULT_RECONNECT_LIMIT = 20;
/** `reconnectInterval` when not given. */
export const DEFAULT_RECONNECT_INTERVAL_MS = 5000;
/** What `lastJsonMessage` is when the last message is not JSON: one shared object, the same each time. */
export const UNPARSABLE_JSON_OBJECT = {};
/** What `heartbeat: true` means; an object's missing fields take these. */
export const DEFAULT_HEARTBEAT = { message: "ping", timeout: 60_000, interval: 25_000 };

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
