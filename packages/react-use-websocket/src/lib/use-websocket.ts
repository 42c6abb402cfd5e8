import type { CloseClassification, Socket } from "@lifeline/core";
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ReadyState } from "./constants.js";
import { DEFAULT_OPTIONS, UNPARSABLE_JSON_OBJECT } from "./defaults.js";
import { createHookState } from "./hookState.js";
import type { LifelineFields, Options, WebSocketHook } from "./types.js";
import type { UrlInput } from "./url.js";

// Layout effects run before every passive effect of the commit; on the server neither runs, and React 18 warns
// about useLayoutEffect there.
const useCommitEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * react-use-websocket's `useWebSocket`, on a Lifeline socket: the same arguments, options, defaults and result,
 * plus `lastClose` and `socket`. A render that reads only some fields (say `readyState`) renders again only when
 * one of those changes, so a status badge on a shared socket does not render for every message.
 */
export function useWebSocket<T = unknown>(
  url: UrlInput | null,
  options: Options = DEFAULT_OPTIONS,
  connect = true,
): WebSocketHook<T> & LifelineFields {
  const latest = useRef({ url, options });
  useCommitEffect(() => {
    latest.current = { url, options };
  });
  const share = options.share === true;
  const [hook] = useState(() => createHookState(latest, share));
  const active = url !== null && connect === true;
  hook.setActive(active);
  useSyncExternalStore(hook.subscribe, hook.version, hook.version);

  const queryKey = JSON.stringify(options.queryParams);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL (by identity, as upstream: a new function, say with a new token, reconnects) and the query's value start a new connection
  useEffect(() => (active ? hook.connect(share) : undefined), [hook, url, active, queryKey, share]);

  const parsed = useRef<{ message: unknown; value: unknown }>({ message: null, value: null });
  return {
    sendMessage: hook.sendMessage,
    sendJsonMessage: hook.sendJsonMessage,
    getWebSocket: hook.getWebSocket,
    get readyState() {
      return hook.read(0) as ReadyState;
    },
    get lastMessage() {
      return hook.read(1) as MessageEvent | null;
    },
    get lastJsonMessage() {
      const message = hook.read(1) as MessageEvent | null;
      if (options.disableJson || message === null) return null as T;
      if (parsed.current.message !== message) parsed.current = { message, value: parseJson(message) };
      return parsed.current.value as T;
    },
    get lastClose() {
      return hook.read(2) as CloseClassification | null;
    },
    get socket() {
      return hook.read(3) as Socket;
    },
  };
}

function parseJson(message: MessageEvent): unknown {
  try {
    return JSON.parse(message.data);
  } catch {
    return UNPARSABLE_JSON_OBJECT;
  }
}
