import type { QueryKey } from "@tanstack/react-query";

/** A message for the server: text as is, anything else through the bridge's `serialize`, or built from the key. */
export type LivePayload =
  | string
  | number
  | boolean
  | Readonly<Record<string, unknown>>
  | readonly unknown[]
  | ((queryKey: QueryKey) => unknown);

/** What the bridge needs to know about a live query; kept in the query's `meta` under `lifeline`. */
export interface LiveQueryMeta {
  readonly live: true;
  /**
   * Sent when the query gains its first observer, when a bridge is created on an open socket while it has observers,
   * and again after every new connection while it has observers.
   */
  readonly subscribe?: LivePayload;
  /**
   * Sent, if the bridge subscribed the query, when it loses its last observer or the bridge is torn down, while the
   * socket is open.
   */
  readonly unsubscribe?: LivePayload;
}

type WithMeta = { queryKey: QueryKey; meta?: Record<string, unknown> };

/**
 * Marks query options as live: invalidated after every new connection of the bridge's socket (messages sent while
 * there was none were missed), and optionally subscribed to over the socket while observed. Use it around the
 * options you pass to `useQuery` or `queryOptions`.
 *
 * @example
 * useQuery(liveQuery({ queryKey: ["todos"], queryFn: fetchTodos }, { subscribe: { type: "sub", topic: "todos" } }))
 */
export function liveQuery<Options extends WithMeta>(
  options: Options,
  live: Omit<LiveQueryMeta, "live"> = {},
): Options & { meta: Record<string, unknown> & { lifeline: LiveQueryMeta } } {
  return { ...options, meta: { ...options.meta, lifeline: { live: true, ...live } } };
}

/** The live-query settings in a query's meta, if it has any. */
export function readLiveMeta(meta: Record<string, unknown> | undefined): LiveQueryMeta | undefined {
  const value = meta?.lifeline as LiveQueryMeta | undefined;
  return value?.live === true ? value : undefined;
}
