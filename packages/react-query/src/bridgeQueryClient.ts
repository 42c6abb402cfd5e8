import { type Environment, rethrowLater, type Socket } from "@lifeline/core";
import { parseJsonOnce } from "@lifeline/core/messages";
import { holdTopic } from "@lifeline/core/tabs";
import type { Query, QueryClient, QueryKey } from "@tanstack/react-query";
import type { ApplyMessage, TypedMessage } from "./cacheUpdates.js";
import { type LiveQueryMeta, readLiveMeta } from "./liveQuery.js";
import type { TypedCacheUpdates } from "./typedCacheUpdates.js";

/** What the bridge takes from its surroundings: the same fields as the core's `Environment`, so one object fits both. */
export type BridgeEnvironment = Pick<Environment, "setTimeout" | "clearTimeout" | "random">;

export interface BridgeOptions<Message extends TypedMessage> {
  /** The mapping from `defineCacheUpdates`, applied to every message that parses. */
  readonly updates?: ApplyMessage<Message>;
  /**
   * Typed, validated messages and their cache updates, from `defineTypedCacheUpdates`: only messages valid by the
   * definitions reach an updater, in arrival order; the others go to its `onInvalid`. Independent of `updates` and
   * `parse`, which see every message. The definitions are read when the bridge is made.
   */
  readonly messages?: TypedCacheUpdates;
  /** Turns raw data into a message for `updates`; return undefined to skip it. @default JSON for strings, skipping bad JSON, parsed once per message with the hook's store */
  readonly parse?: (data: unknown) => Message | undefined;
  /**
   * What to invalidate after every new connection (messages sent while there was none were missed): `true` for
   * every live query, `false` for none, or the query keys to invalidate (prefix match, as `invalidateQueries`
   * does). A new connection is any open after a time without one: a reconnect after a loss, `connect()` after
   * `close()` (what a URL change does), `reconnect()`, and the first open if the bridge was created before it. A
   * socket that is already open when the bridge is created counts as up to date.
   *
   * Not TanStack's `refetchOnReconnect`, which follows the browser's online state rather than the socket.
   * @default true
   */
  readonly invalidateOnConnect?: boolean | readonly QueryKey[];
  /**
   * Each new connection invalidates after a random delay in [0, invalidateWindowMs), so a fleet of clients coming
   * back together (a server restart, a network blip) does not refetch in one instant. `0` invalidates at once. If
   * the connection ends before the delay is over, the invalidation waits for the next open instead.
   * @default 2000
   */
  readonly invalidateWindowMs?: number;
  /** Turns subscribe/unsubscribe payloads that are not strings into text. @default JSON.stringify */
  readonly serialize?: (payload: unknown) => string;
  /** Timers and randomness for the spread invalidations; tests pass fakes. @default the platform's, and Math.random */
  readonly environment?: Partial<BridgeEnvironment>;
}

/**
 * Connects a Lifeline socket to a QueryClient: messages update the cache, live queries refetch after every new
 * connection (spread over `invalidateWindowMs`), and live queries with a `subscribe` payload are subscribed to while
 * observed, at once for those already observed when the socket is open. Returns the function that disconnects the
 * two, cancels a pending invalidation and, while the socket is open, unsubscribes what the bridge subscribed. The
 * bridge sends and listens; connecting and reconnecting stay the socket's job.
 */
export function bridgeQueryClient<Message extends TypedMessage>(
  client: QueryClient,
  socket: Socket,
  options: BridgeOptions<Message> = {},
): () => void {
  const parse = options.parse;
  const serialize = options.serialize ?? ((payload: unknown) => JSON.stringify(payload));
  const invalidateOn = options.invalidateOnConnect ?? true;
  const windowMs = options.invalidateWindowMs ?? 2000;
  if (typeof windowMs !== "number" || !Number.isFinite(windowMs) || windowMs < 0) {
    throw new RangeError(
      `[@lifeline/react-query] bridgeQueryClient got invalidateWindowMs ${String(windowMs)}. Pass a finite number of milliseconds, 0 or more (0 invalidates at once).`,
    );
  }
  const env: BridgeEnvironment = {
    // Read when called, not when the module loads, so fake timers installed later are used too.
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    ...options.environment,
  };
  // Keyed by query hash; the query is kept so teardown can build its unsubscribe payload.
  const subscribed = new Map<string, Query>();
  // On a connection the tabs share (`tabs()`), the tab holding it counts the subscriptions of every tab (holdTopic):
  // what this bridge holds there, keyed by query hash, with the function that lets go.
  const held = new Map<string, () => void>();
  const initial = socket.getSnapshot();
  let wasOpen = initial.status === "open";
  // The connection the cache is taken to be in step with. Before the first open, queries load over HTTP and
  // whatever changes between their response and the open is never sent, so that open invalidates. A socket already
  // open at creation (a shared one, a remounted component, StrictMode's second effect) counts as in step: the
  // bridge cannot know what it missed, and invalidating at every mount would refetch for nothing.
  let seenOpenedAt = wasOpen ? initial.openedAt : null;
  // Boxed: an injected setTimeout may hand back any value, 0 and undefined included.
  let pending: { handle: unknown } | null = null;

  const cancelPending = () => {
    if (pending) env.clearTimeout(pending.handle);
    pending = null;
  };
  const invalidate = () => {
    if (invalidateOn === true)
      void client.invalidateQueries({ predicate: (query) => readLiveMeta(query.meta) !== undefined });
    else if (invalidateOn !== false) for (const queryKey of invalidateOn) void client.invalidateQueries({ queryKey });
  };
  const scheduleInvalidation = () => {
    cancelPending();
    if (invalidateOn === false) return;
    const delayMs = Math.floor(env.random() * windowMs);
    if (delayMs <= 0) return invalidate();
    pending = {
      handle: env.setTimeout(() => {
        pending = null;
        invalidate();
      }, delayMs),
    };
  };

  const payloadFor = (query: Query, which: "subscribe" | "unsubscribe") => {
    const value = readLiveMeta(query.meta)?.[which as keyof LiveQueryMeta];
    const payload = typeof value === "function" ? (value as (key: QueryKey) => unknown)(query.queryKey) : value;
    return payload === undefined ? undefined : typeof payload === "string" ? payload : serialize(payload);
  };
  // Only while open: a subscribe queued during an outage would go out twice, once from the queue and once from
  // the re-subscription after the reconnect. A throwing payload function or serialize is reported, and the other
  // queries are still subscribed.
  const subscribe = (query: Query) => {
    const id = query.queryHash;
    if (held.has(id)) return;
    try {
      const payload = payloadFor(query, "subscribe");
      if (payload === undefined) return;
      // Held at once, open or not: the tab with the connection subscribes when it opens, and on each new one.
      const release = holdTopic(socket, { id, subscribe: payload, unsubscribe: payloadFor(query, "unsubscribe") });
      if (release) return void held.set(id, release);
      if (socket.getSnapshot().status !== "open") return;
      socket.send(payload);
      subscribed.set(id, query);
    } catch (error) {
      rethrowLater(error);
    }
  };
  const unsubscribe = (query: Query) => {
    const release = held.get(query.queryHash);
    held.delete(query.queryHash);
    release?.();
    if (!subscribed.delete(query.queryHash)) return;
    try {
      const payload = payloadFor(query, "unsubscribe");
      if (payload !== undefined && socket.getSnapshot().status === "open") socket.send(payload);
    } catch (error) {
      rethrowLater(error);
    }
  };
  const subscribeObserved = () => {
    for (const query of client.getQueryCache().getAll()) {
      if (readLiveMeta(query.meta) && query.getObserversCount() > 0) subscribe(query);
    }
  };

  const stopMessages = socket.onMessage((data, event) => {
    // By default the JSON that the hook's store parsed for lastJsonMessage, not a parse of its own.
    const message = parse
      ? parse(data)
      : typeof data === "string"
        ? (parseJsonOnce(event).value as Message)
        : undefined;
    if (message !== undefined) options.updates?.(client, message);
  });
  const typed = options.messages;
  // Imported by defineTypedCacheUpdates, not here: a bridge without definitions carries none of the validation.
  const stopTyped = typed?.listen(
    socket,
    (message) => typed.apply(client, message),
    (invalid) => typed.onInvalid?.(invalid),
  );

  const stopState = socket.subscribe(() => {
    const { status, openedAt } = socket.getSnapshot();
    const isOpen = status === "open";
    // A subscriber hears only the latest snapshot, so a close and the next open can reach it together; a new
    // openedAt still tells the connections apart. Leaving `open` alone tells them apart when the clock has not moved.
    const isNewConnection = isOpen && (!wasOpen || openedAt !== seenOpenedAt);
    wasOpen = isOpen;
    if (!isOpen) {
      // The server forgets subscriptions with the connection; they are sent again on the next open. An invalidation
      // now would refetch while messages are still being missed; the next open invalidates instead.
      subscribed.clear();
      cancelPending();
      return;
    }
    if (!isNewConnection) return;
    seenOpenedAt = openedAt;
    subscribed.clear();
    subscribeObserved();
    scheduleInvalidation();
  });

  const stopCache = client.getQueryCache().subscribe((event) => {
    const query = event.query;
    if (!readLiveMeta(query.meta)) return;
    if (event.type === "observerAdded" && query.getObserversCount() === 1) subscribe(query);
    if ((event.type === "observerRemoved" && query.getObserversCount() === 0) || event.type === "removed") {
      unsubscribe(query);
    }
  });

  // Queries observed before the bridge (a remount, children that mount before the parent holding the bridge) would
  // otherwise wait for the next reconnect. Not invalidated: the connection is the one the cache is in step with.
  // (While the socket is not open this subscribes only what the tabs hold for it, the shared connection.)
  subscribeObserved();

  return () => {
    stopMessages();
    stopTyped?.();
    stopState();
    stopCache();
    cancelPending();
    // The server keeps an open connection's subscriptions, so a bridge that goes while the socket stays open (an
    // unmount, a remount) takes back its own; the next bridge subscribes again.
    for (const query of [...subscribed.values()]) unsubscribe(query);
    subscribed.clear();
    for (const release of held.values()) release();
    held.clear();
  };
}
