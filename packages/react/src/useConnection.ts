import { createSocket, resolveWebSocketUrl, type Socket, type SocketOptions, type UrlSource } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createMessageStore, type MessageStore, type MessageStoreOptions } from "@lifeline/core/messages";
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { warnIgnoredOptions } from "#dev";

// Layout effects run before every passive effect of the commit, children's included; on the server neither runs,
// and React 18 warns about useLayoutEffect there.
const useCommitEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/** A socket and the store that adds its last message to its state: what hooks and the provider share. */
export interface Connection<Json = unknown> {
  readonly socket: Socket;
  readonly store: MessageStore<Json>;
}

/**
 * Options of `useWebSocket` and `WebSocketProvider`: every core option, plus the React-side ones. `use` starts with
 * `browser()` (the platform's signals and the reasons in close reasons); an app's own `browser({ … })` replaces it.
 */
export interface ConnectionOptions
  extends Omit<SocketOptions, "autoConnect">,
    Omit<MessageStoreOptions, "environment"> {
  /** `false` keeps the socket closed, like a `null` URL. @default true */
  readonly enabled?: boolean;
  /** Called with every message. Changing it never reconnects. */
  readonly onMessage?: (data: unknown) => void;
}

function isSocket(source: unknown): source is Socket {
  return typeof source === "object" && source !== null && typeof (source as Socket).getSnapshot === "function";
}

/**
 * Creates a connection once per component (or wraps a socket passed in) and ties it to the component's life:
 * connect on mount, close with 1000 on unmount, reconnect when a string URL changes. No timers, no retry logic.
 */
export function useConnection<Json>(
  source: UrlSource | Socket | null,
  options: ConnectionOptions = {},
): Connection<Json> {
  // A bad URL is a programming error: say so during render, where an error boundary can show it, rather than as a
  // socket that quietly ends in "closed". On the server a relative URL has nothing to resolve against, so wait.
  if (typeof source === "string" && typeof document !== "undefined") resolveWebSocketUrl(source);
  const latest = useRef({ source, options });
  // Every render's options, as TanStack Query's observers take them: in the commit, before the URL effect below
  // reconnects (so the new attempt carries new protocols) and before any effect can send or be called back.
  useCommitEffect(() => {
    latest.current = { source, options };
    ownedRef.current?.socket.setOptions(socketOptions(options));
  });

  // A socket passed in is shared and not ours to open or close; its store is pure to create (it listens only
  // while subscribed), so making it during render is safe.
  const passed = isSocket(source) ? source : null;
  // Made the first time a URL (or null) needs it, which may be after a passed socket: pure, as it connects only in
  // an effect. The URL is read at each attempt, so a new token or URL needs no new socket.
  const ownedRef = useRef<Connection<Json> | null>(null);
  if (passed === null && ownedRef.current === null) {
    const created = createSocket(() => resolveUrl(latest.current.source), socketOptions(options));
    // With a null URL or `enabled: false` there is nowhere to connect: a banner's "Retry now" (reconnect()) or a
    // connect() must not resolve "" against the page and open a WebSocket to the page's own address. They do
    // nothing until the hook has a URL again.
    const wanted = () => latest.current.source !== null && latest.current.options.enabled !== false;
    const socket: Socket = Object.create(created, {
      connect: { value: () => wanted() && created.connect() },
      reconnect: { value: () => wanted() && created.reconnect() },
    });
    ownedRef.current = { socket, store: createMessageStore<Json>(socket, storeOptions(latest)) };
  }
  const owned = ownedRef.current;
  const wrapped = useMemo(
    () => (passed ? { socket: passed, store: createMessageStore<Json>(passed, storeOptions(latest)) } : null),
    [passed],
  );
  const connection = (wrapped ?? owned) as Connection<Json>;
  if (passed) warnIgnoredOptions?.(passed, options);

  const { socket } = connection;
  useEffect(() => socket.onMessage((data) => latest.current.options.onMessage?.(data)), [socket]);

  // Our own socket only: switching to a passed one closes ours (the effect below, as its socket changes).
  const active = passed === null && source !== null && options.enabled !== false;
  // A function URL is a callback: a new one each render must not reconnect, so only a string's value counts.
  // The protocols are part of what a connection is: compared by value, so a new array each render is no change.
  const urlKey = `${typeof source === "string" || source instanceof URL ? source : "function"} ${String(options.protocols ?? "")}`;
  useEffect(() => {
    if (!active) return;
    // Deferred by a microtask: StrictMode's mount, unmount and mount run before it, so only one WebSocket is made.
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) socket.connect();
    });
    return () => {
      cancelled = true;
      const { status } = socket.getSnapshot();
      if (status !== "idle" && status !== "closed") socket.close(1000);
    };
  }, [socket, active]);

  // A new URL moves the socket over in the commit that brings it, before any effect of that commit can send: the
  // old connection closes with 1000, and the socket is connecting again at once, so what an effect sends for the
  // new URL (a "join") waits in the queue for the new connection. What was still queued for the old URL is dropped
  // (queue.onDrop, "closed"): it was meant for another endpoint. Before, the close ran in the old effect's cleanup
  // and the connect a microtask later, so such a send met a closing socket and threw.
  const shownUrl = useRef(urlKey);
  useCommitEffect(() => {
    if (shownUrl.current === urlKey) return;
    shownUrl.current = urlKey;
    // As before, a new URL also reopens a socket the app had closed: it asks for a connection to another place.
    if (active) {
      socket.close(1000);
      socket.connect();
    }
  }, [socket, active, urlKey]);

  return connection;
}

type Latest = { readonly current: { readonly source?: unknown; readonly options: ConnectionOptions } };

// The hook connects and closes the socket itself, so the socket never connects on its own. A React app runs in a
// browser: a banner that never says "You're offline" would be wrong, so the browser preset is always on.
const socketOptions = (options: ConnectionOptions): SocketOptions => ({
  ...options,
  use: [browser(), ...(options.use ?? [])],
  autoConnect: false,
});

function resolveUrl(source: UrlSource | Socket | null): string | URL | Promise<string | URL> {
  if (typeof source === "function") return source();
  return typeof source === "string" || source instanceof URL ? source : "";
}

// json and batch are read once per socket: the store is made with them. The JSON error callback stays current.
function storeOptions(latest: Latest): MessageStoreOptions {
  const { json, batch } = latest.current.options;
  return {
    ...(json === undefined ? {} : { json }),
    ...(batch === undefined ? {} : { batch }),
    onJsonError: (error, data) => latest.current.options.onJsonError?.(error, data),
  };
}
