import type { CloseClassification, Socket } from "@lifeline/core";
import type { ReadyState } from "./constants.js";

// The types of react-use-websocket 4.13, by the same names, so `import type { ... } from
// "react-use-websocket/dist/lib/types"` compiles unchanged. Lifeline's additions are marked.

export interface QueryParams {
  [key: string]: string | number;
}

/** Every option of react-use-websocket, with its defaults; see the README for each. */
export interface Options {
  /** Turn the URL into socket.io's (Engine.IO 3) endpoint and send its ping every 25 s. @default false */
  fromSocketIO?: boolean;
  /** Appended to the URL as `?key=value&...`, not encoded. A change of value reconnects. */
  queryParams?: QueryParams;
  protocols?: string | string[];
  /** One socket per URL for every hook that asks with `share: true`. @default false */
  share?: boolean;
  onOpen?: (event: WebSocketEventMap["open"]) => void;
  onClose?: (event: WebSocketEventMap["close"]) => void;
  onMessage?: (event: WebSocketEventMap["message"]) => void;
  onError?: (event: WebSocketEventMap["error"]) => void;
  /** Called when reconnecting stops: the attempts ran out, or Lifeline found a close no retry can fix. */
  onReconnectStop?: (numAttempts: number) => void;
  /** Asked after each close; only `true` reconnects. @default none: a close never reconnects */
  shouldReconnect?: (event: WebSocketEventMap["close"]) => boolean;
  /** The wait before a reconnect, or a function of the attempt (0 for the first). Lifeline adds up to 20 % jitter. @default 5000 */
  reconnectInterval?: number | ((lastAttemptNumber: number) => number);
  /** Reconnects in a row (the count resets on each open). @default 20 */
  reconnectAttempts?: number;
  /** Only messages for which it returns exactly `true` become `lastMessage`. */
  filter?: (message: WebSocketEventMap["message"]) => boolean;
  /** Reconnect after an error (and retry a URL function that failed). @default false */
  retryOnError?: boolean;
  eventSourceOptions?: EventSourceOnly;
  /** Do not check that the socket is an instance of the global `WebSocket`. @default false */
  skipAssert?: boolean;
  /** Ping after `interval` of silence; close after `timeout` with nothing received. @default false */
  heartbeat?: boolean | HeartbeatOptions;
  /** Do not parse `lastJsonMessage`. @default false */
  disableJson?: boolean;
  /**
   * Lifeline: use Lifeline's own defaults instead of react-use-websocket's: reconnect after every close the
   * per-code policy retries (1006, 1012, 1013…, never 1008 or 4403), with jittered exponential backoff and no attempt
   * limit unless `reconnectAttempts` is given; `shouldReconnect`, if given, can still say no. The same as importing
   * from `@lifeline/react-use-websocket/lifeline`. @default false
   */
  lifelineDefaults?: boolean;
}

export type EventSourceOnly = Omit<Options, "eventSourceOptions"> & EventSourceInit;

export type HeartbeatOptions = {
  message?: "ping" | "pong" | string | (() => string);
  returnMessage?: "ping" | "pong" | string;
  timeout?: number;
  interval?: number;
};

export interface EventSourceEventHandlers {
  [eventName: string]: (message: EventSourceEventMap["message"]) => void;
}

export interface EventSourceOptions extends EventSourceOnly {
  events?: EventSourceEventHandlers;
}

export type ReadyStateState = {
  [url: string]: ReadyState;
};

export type WebSocketMessage = string | ArrayBuffer | SharedArrayBuffer | Blob | ArrayBufferView;

export type SendMessage = (message: WebSocketMessage, keep?: boolean) => void;

export type SendJsonMessage = <T = unknown>(jsonMessage: T, keep?: boolean) => void;

export type WebSocketLike = WebSocket | EventSource;

/** Lifeline's additions to every hook's result. */
export interface LifelineFields {
  /** Lifeline's verdict on the last close (what it was, why, what to do next), or null before any. */
  readonly lastClose: CloseClassification | null;
  /** The Lifeline socket underneath: hand it to `ConnectionBanner` from `@lifeline/ui`. */
  readonly socket: Socket;
}

// Exactly react-use-websocket's, so an app's own objects of this type (test doubles) still compile; the hooks
// return it `& LifelineFields`.
export type WebSocketHook<T = unknown, P = WebSocketEventMap["message"] | null> = {
  sendMessage: SendMessage;
  sendJsonMessage: SendJsonMessage;
  lastMessage: P;
  lastJsonMessage: T;
  readyState: ReadyState;
  getWebSocket: () => WebSocketLike | null;
};

export type EventSourceHook = Omit<
  WebSocketHook<EventSourceEventMap["message"]>,
  "sendMessage" | "sendJsonMessage" | "lastMessage" | "lastJsonMessage" | "getWebSocket"
> & {
  lastEvent: EventSourceEventMap["message"] | null;
  getEventSource: () => WebSocketLike | null;
};
