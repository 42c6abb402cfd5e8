import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";
import { type Connection, createConnection } from "./connection.js";
import { DEFAULT_OPTIONS, UNPARSABLE_JSON_OBJECT } from "./constants.js";
import { HookState, type View } from "./hookState.js";
import { assertIsWebSocket, sharedProxy } from "./proxy.js";
import { joinShared, type Latest, removeSharedConnection, resolveShared } from "./registry.js";
import type { LifelineFields, Options, SendJsonMessage, SendMessage, WebSocketHook, WebSocketLike } from "./types.js";
import { computeUrl, type UrlInput } from "./url.js";

// Layout effects run before every passive effect of the commit; on the server neither runs, and React 18 warns
// about useLayoutEffect there.
const useCommitEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

type Parsed = { message: MessageEvent | null; value: unknown };

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
  const [hook] = useState(() => new HookState(() => latest.current.options, share ? null : own(latest)));
  const active = url !== null && connect === true;
  hook.setActive(active);
  useSyncExternalStore(hook.subscribe, hook.select, hook.select);

  const [actions] = useState(() => createActions(hook, latest));
  const queryKey = JSON.stringify(options.queryParams);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL (by identity, as upstream: a new function, say with a new token, reconnects) and the query's value start a new connection
  useEffect(() => {
    if (!active) return;
    if (!share) {
      // A socket of the hook's own, for its whole life: a new URL closes it with 1000 and connects it again.
      const connection = hook.connection ?? own(latest);
      hook.attach(connection);
      // After a microtask: StrictMode's mount, unmount and mount come first, so only one WebSocket is made.
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) connection.start();
      });
      return () => {
        cancelled = true;
        hook.detach(true);
        connection.stop();
      };
    }
    let joined: { url: string; connection: Connection } | null = null;
    const cancel = resolveShared(
      latest,
      (computed) => {
        joined = { url: computed, connection: joinShared(computed, latest) };
        hook.attach(joined.connection);
      },
      () => hook.fail(),
    );
    return () => {
      cancel();
      const left = hook.detach(false);
      if (joined && left === 0) {
        removeSharedConnection(joined.url, joined.connection);
        joined.connection.stop();
      }
    };
  }, [hook, url, active, queryKey, share]);

  const parsed = useRef<Parsed>({ message: null, value: null });
  const read = <Key extends keyof View>(key: Key): View[Key] => {
    hook.tracked.add(key);
    return hook.view[key];
  };
  return {
    ...actions,
    get readyState() {
      return read("readyState");
    },
    get lastMessage() {
      return read("lastMessage");
    },
    get lastJsonMessage() {
      const message = read("lastMessage");
      if (options.disableJson || message === null) return null as T;
      if (parsed.current.message !== message) parsed.current = { message, value: parseJson(message) };
      return parsed.current.value as T;
    },
    get lastClose() {
      return read("lastClose");
    },
    get socket() {
      return read("socket");
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

function own(latest: Latest): Connection {
  // The URL is computed again before every attempt: a URL function is called each time, as upstream.
  return createConnection(
    () => computeUrl(latest.current.url as UrlInput, latest.current.options),
    () => latest.current.options,
    false,
  );
}

function createActions(hook: HookState, latest: Latest) {
  const sendMessage: SendMessage = (message, keep = true) => {
    const { options } = latest.current;
    if (options.eventSourceOptions) {
      console.warn("Unable to send a message from an eventSource");
      return;
    }
    const connection = hook.connection;
    if (connection?.socket.getSnapshot().status === "open") assertIsWebSocket(connection.raw(), options.skipAssert);
    hook.send(message, keep);
  };
  const sendJsonMessage: SendJsonMessage = (message, keep = true) => sendMessage(JSON.stringify(message), keep);
  const getWebSocket = (): WebSocketLike | null => {
    const connection = hook.connection;
    const raw = connection?.raw() ?? null;
    if (!raw || !connection?.shared || connection.eventSource) return raw;
    return sharedProxy(raw as WebSocket, connection.socket, latest.current.options.skipAssert);
  };
  return { sendMessage, sendJsonMessage, getWebSocket };
}
