import type { Socket } from "@lifeline/core";
import type { Query, QueryClient, QueryKey } from "@tanstack/react-query";
import type { ApplyMessage, TypedMessage } from "./cacheUpdates.js";
import { type LiveQueryMeta, readLiveMeta } from "./liveQuery.js";

export interface BridgeOptions<Message extends TypedMessage> {
  /** The mapping from `defineCacheUpdates`, applied to every message that parses. */
  readonly updates?: ApplyMessage<Message>;
  /** Turns raw data into a message; return undefined to skip it. @default JSON.parse for strings, skipping bad JSON */
  readonly parse?: (data: unknown) => Message | undefined;
  /**
   * What to refetch after a reconnect that followed a loss: `true` for every live query, `false` for none, or
   * the query keys to invalidate (prefix match, as `invalidateQueries` does). The first connect refetches nothing.
   * @default true
   */
  readonly refetchOnReconnect?: boolean | readonly QueryKey[];
  /** Turns subscribe/unsubscribe payloads that are not strings into text. @default JSON.stringify */
  readonly serialize?: (payload: unknown) => string;
}

/**
 * Connects a Lifeline socket to a QueryClient: messages update the cache, live queries refetch after a gap, and
 * live queries with a `subscribe` payload are subscribed to while observed. Returns the function that disconnects
 * the two. The bridge sends and listens; connecting and reconnecting stay the socket's job.
 */
export function bridgeQueryClient<Message extends TypedMessage>(
  client: QueryClient,
  socket: Socket,
  options: BridgeOptions<Message> = {},
): () => void {
  const parse = options.parse ?? parseJson<Message>;
  const serialize = options.serialize ?? ((payload: unknown) => JSON.stringify(payload));
  const refetch = options.refetchOnReconnect ?? true;
  const subscribed = new Set<string>();
  let wasOpen = socket.getSnapshot().status === "open";
  let openedBefore = wasOpen;

  const payloadFor = (query: Query, which: "subscribe" | "unsubscribe") => {
    const value = readLiveMeta(query.meta)?.[which as keyof LiveQueryMeta];
    const payload = typeof value === "function" ? (value as (key: QueryKey) => unknown)(query.queryKey) : value;
    return payload === undefined ? undefined : typeof payload === "string" ? payload : serialize(payload);
  };
  // Only while open: a subscribe queued during an outage would go out twice, once from the queue and once from
  // the re-subscription after the reconnect.
  const subscribe = (query: Query) => {
    const payload = payloadFor(query, "subscribe");
    if (payload === undefined || socket.getSnapshot().status !== "open") return;
    socket.send(payload);
    subscribed.add(query.queryHash);
  };

  const stopMessages = socket.onMessage((data) => {
    const message = parse(data);
    if (message !== undefined) options.updates?.(client, message);
  });

  const stopState = socket.subscribe(() => {
    const { status, lastClose } = socket.getSnapshot();
    const isOpen = status === "open";
    if (isOpen === wasOpen) return;
    wasOpen = isOpen;
    if (!isOpen) {
      // The server forgets subscriptions with the connection; they are sent again on the next open.
      subscribed.clear();
      return;
    }
    const afterLoss = openedBefore && lastClose !== null && !lastClose.userInitiated;
    openedBefore = true;
    for (const query of client.getQueryCache().getAll()) {
      if (readLiveMeta(query.meta) && query.getObserversCount() > 0) subscribe(query);
    }
    if (!afterLoss || refetch === false) return;
    if (refetch === true)
      void client.invalidateQueries({ predicate: (query) => readLiveMeta(query.meta) !== undefined });
    else for (const queryKey of refetch) void client.invalidateQueries({ queryKey });
  });

  const stopCache = client.getQueryCache().subscribe((event) => {
    const query = event.query;
    if (!readLiveMeta(query.meta)) return;
    if (event.type === "observerAdded" && query.getObserversCount() === 1) subscribe(query);
    if ((event.type === "observerRemoved" && query.getObserversCount() === 0) || event.type === "removed") {
      if (!subscribed.delete(query.queryHash)) return;
      const payload = payloadFor(query, "unsubscribe");
      if (payload !== undefined && socket.getSnapshot().status === "open") socket.send(payload);
    }
  });

  return () => {
    stopMessages();
    stopState();
    stopCache();
    subscribed.clear();
  };
}

function parseJson<Message>(data: unknown): Message | undefined {
  if (typeof data !== "string") return undefined;
  try {
    return JSON.parse(data) as Message;
  } catch {
    return undefined;
  }
}
