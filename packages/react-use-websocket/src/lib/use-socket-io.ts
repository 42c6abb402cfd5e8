import { useRef, useState } from "react";
import { DEFAULT_OPTIONS } from "./defaults.js";
import type { LifelineFields, Options, WebSocketHook } from "./types.js";
import type { UrlInput } from "./url.js";
import { useWebSocket } from "./use-websocket.js";

export interface SocketIOMessageData<T = unknown> {
  type: string;
  payload: T | null;
}

const EMPTY_MESSAGE: SocketIOMessageData<null> = { type: "empty", payload: null };

/**
 * A socket.io text frame as react-use-websocket reads it: the bracketed part (`42["chat",{"text":"hi"}]` gives
 * `["chat",{"text":"hi"}]`) as `{ type, payload }`; anything else is the shared `{ type: "empty", payload: null }`.
 * A bracketed part that is not JSON throws, as upstream.
 */
export function parseSocketIOMessage(data: unknown): SocketIOMessageData {
  const match = typeof data === "string" ? /\[.*]/.exec(data) : null;
  if (!match) return EMPTY_MESSAGE;
  const parsed: unknown = JSON.parse(match[0]);
  return Array.isArray(parsed) && parsed[1] ? { type: parsed[0], payload: parsed[1] } : EMPTY_MESSAGE;
}

/**
 * react-use-websocket's `useSocketIO`: `useWebSocket` with `fromSocketIO`, whose `lastMessage` and
 * `lastJsonMessage` are the last frame as `{ type, payload }`. Its options are read once, at the first render.
 */
export function useSocketIO<T = unknown>(
  url: UrlInput | null,
  options: Options = DEFAULT_OPTIONS,
  connect = true,
): WebSocketHook<SocketIOMessageData<T | null>, SocketIOMessageData<T | null>> & LifelineFields {
  const [fixed] = useState(() => ({ ...options, fromSocketIO: true }));
  const result = useWebSocket(url, fixed, connect);
  const parsed = useRef<{ message: MessageEvent | null; value: SocketIOMessageData<T | null> }>({
    message: null,
    value: EMPTY_MESSAGE,
  });
  const frame = () => {
    const message = result.lastMessage;
    if (parsed.current.message !== message) {
      parsed.current = {
        message,
        value: (message ? parseSocketIOMessage(message.data) : EMPTY_MESSAGE) as SocketIOMessageData<T | null>,
      };
    }
    return parsed.current.value;
  };
  return {
    sendMessage: result.sendMessage,
    sendJsonMessage: result.sendJsonMessage,
    getWebSocket: result.getWebSocket,
    get lastMessage() {
      return frame();
    },
    get lastJsonMessage() {
      return frame();
    },
    get readyState() {
      return result.readyState;
    },
    get lastClose() {
      return result.lastClose;
    },
    get socket() {
      return result.socket;
    },
  };
}
