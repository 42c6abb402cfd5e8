import { createSocket, resolveWebSocketUrl, type Socket, type SocketOptions, type UrlSource } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import type { MessageStore, MessageStoreOptions } from "@lifeline/core/messages";
import { useEffect, useLayoutEffect, useRef } from "react";
import { DEV, warnIgnoredOptions } from "#dev";

// Layout effects run before every passive effect of the commit, children's included; on the server neither runs,
// and React 18 warns about useLayoutEffect there.
export const useCommitEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/** A socket and the store that adds its last message to its state: what the provider shares. */
export interface Connection<Json = unknown> {
  readonly socket: Socket;
  readonly store: MessageStore<Json>;
}

/**
 * Options of `useWebSocket`: every core option, plus the React-side ones. `use` starts with `browser()` (the
 * platform's signals and the reasons in close reasons); an app's own `browser({ … })` replaces it.
 */
export interface UseWebSocketOptions
  extends Omit<SocketOptions, "autoConnect">,
    Pick<MessageStoreOptions, "json" | "onJsonError"> {
  /** `false` keeps the socket closed, like a `null` URL. @default true */
  readonly enabled?: boolean;
  /** Called with every message. Changing it never reconnects. */
  readonly onMessage?: (data: unknown) => void;
}

/**
 * Options of `useWebSocketSelector` and `WebSocketProvider`: `useWebSocket`'s, plus `batch`, which only a reader
 * that renders less than once per message can use.
 */
export interface ConnectionOptions extends UseWebSocketOptions, Pick<MessageStoreOptions, "batch"> {}

/** The latest render's source and options, for what runs after the render: callbacks, and stores made later. */
export type LatestOptions = {
  readonly current: { readonly source?: unknown; readonly options: ConnectionOptions; readonly key: string };
};

// Strings, URLs, functions and null have no getSnapshot.
const isSocket = (source: unknown): source is Socket => typeof (source as Socket | null)?.getSnapshot === "function";

/**
 * Creates a socket once per component (or takes one passed in) and ties it to the component's life: connect on
 * mount, close with 1000 on unmount, reconnect when a string URL changes. No timers, no retry logic. Returns the
 * socket and the latest render's options, from which a hook makes its store once per socket.
 */
export function useConnection(
  source: UrlSource | Socket | null,
  options: ConnectionOptions = {},
): [Socket, LatestOptions] {
  // A bad URL is a programming error: say so during render, where an error boundary can show it, rather than as a
  // socket that quietly ends in "closed". On the server a relative URL has nothing to resolve against, so wait.
  if (typeof source === "string" && typeof document !== "undefined") resolveWebSocketUrl(source);
  // A function URL is a callback: a new one each render must not reconnect, so only a string's (or URL's) value
  // counts. The protocols are part of what a connection is: compared by value, so a new array is no change.
  // A socket passed in is shared and not ours to open or close.
  const passed = isSocket(source) ? source : null;
  const key = `${passed || typeof source === "function" ? "" : source} ${options.protocols}`;
  const latest = useRef({ source, options, key });
  // Our own socket only: switching to a passed one closes ours (the effect below, as its socket changes).
  const active = passed === null && source !== null && options.enabled !== false;

  // Made the first time a URL (or null) needs it, which may be after a passed socket: pure, as it connects only in
  // an effect. The URL is read at each attempt, so a new token or URL needs no new socket.
  const ownedRef = useRef<Socket | null>(null);
  if (passed === null && ownedRef.current === null) {
    const created = createSocket(() => resolveUrl(latest.current.source), socketOptions(options));
    // With a null URL, `enabled: false` or a socket passed in instead, there is nowhere for this one to connect: a
    // banner's "Retry now" (reconnect()) or a connect() from something still holding it must not resolve "" against
    // the page and open a WebSocket to the page's own address. They do nothing until the hook has a URL again.
    const wanted = () => {
      const { source: now, options: latestOptions } = latest.current;
      return now !== null && !isSocket(now) && latestOptions.enabled !== false;
    };
    ownedRef.current = Object.create(created, {
      connect: { value: () => wanted() && created.connect() },
      reconnect: { value: () => wanted() && created.reconnect() },
    });
  }
  const socket = (passed ?? ownedRef.current) as Socket;
  if (DEV && passed) warnIgnoredOptions?.(passed, options);

  // Every render's options, as TanStack Query's observers take them: in the commit, before any effect can send or
  // be called back. Then a new URL moves the socket over, in the commit that brings it (so the new attempt carries
  // the new protocols), before any effect of that commit can send: the old connection closes with 1000, and the
  // socket is connecting again at once, so what an effect sends for the new URL (a "join") waits in the queue for
  // the new connection. What was still queued for the old URL is dropped (queue.onDrop, "closed"): it was meant for
  // another endpoint. Before, the close ran in the old effect's cleanup and the connect a microtask later, so such a
  // send met a closing socket and threw.
  useCommitEffect(() => {
    const shown = latest.current.key;
    latest.current = { source, options, key };
    ownedRef.current?.setOptions(socketOptions(options));
    // As before, a new URL also reopens a socket the app had closed: it asks for a connection to another place.
    if (shown !== key && active) {
      socket.close(1000);
      socket.connect();
    }
  });

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

  return [socket, latest];
}

/** Calls the latest render's `onMessage` with every message; `useWebSocket`'s store does it itself. */
export function useMessageCallback(socket: Socket, latest: LatestOptions): void {
  useEffect(() => socket.onMessage((data) => latest.current.options.onMessage?.(data)), [socket, latest]);
}

// The hook connects and closes the socket itself, so the socket never connects on its own.
// A React app runs in a browser: a banner that never says "You're offline" would be wrong, so the browser preset is
// always on; an app's own `browser({ … })` in `use` replaces it (a feature given twice counts as the later one).
const socketOptions = (options: ConnectionOptions): SocketOptions => ({
  ...options,
  use: [browser(), ...(options.use ?? [])],
  autoConnect: false,
});

function resolveUrl(source: UrlSource | Socket | null): string | URL | Promise<string | URL> {
  if (typeof source === "function") return source();
  return typeof source === "string" || source instanceof URL ? source : "";
}

/** json and batch are read once per socket: the store is made with them. The JSON error callback stays current. */
export function storeOptions(latest: LatestOptions): MessageStoreOptions {
  const { json, batch } = latest.current.options;
  return {
    ...(json === undefined ? {} : { json }),
    ...(batch === undefined ? {} : { batch }),
    onJsonError: (error, data) => latest.current.options.onJsonError?.(error, data),
  };
}
