// The defaults and fixed values the hooks use at run time; constants.ts re-exports them under upstream's names.

/** The options a hook uses when given none. */
export const DEFAULT_OPTIONS = {};
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
