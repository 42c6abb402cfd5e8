import type { Socket } from "@lifeline/core";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { type BridgeOptions, bridgeQueryClient } from "./bridgeQueryClient.js";
import type { TypedMessage } from "./cacheUpdates.js";

export interface QueryBridgeOptions<Message extends TypedMessage> extends BridgeOptions<Message> {
  /** The QueryClient to bridge. @default the one of the nearest `QueryClientProvider` */
  readonly client?: QueryClient;
}

/**
 * `bridgeQueryClient` for the life of a component: bridges `socket` (or nothing, while it is null) to the
 * QueryClient of the nearest `QueryClientProvider`, and unbridges on unmount or when the socket or client changes.
 * `updates`, `parse`, `serialize`, and the updaters and `onInvalid` of `messages` are the latest render's, so inline
 * functions are fine; the invalidation options and the definitions of `messages` are read when the bridge is made.
 */
export function useQueryBridge<Message extends TypedMessage>(
  socket: Socket | null,
  options: QueryBridgeOptions<Message> = {},
): void {
  const client = useQueryClient(options.client);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    if (!socket) return;
    const first = latest.current;
    const typed = first.messages;
    return bridgeQueryClient<Message>(client, socket, {
      ...first,
      ...(first.updates && { updates: (to, message) => (latest.current.updates ?? first.updates!)(to, message) }),
      ...(typed && {
        messages: {
          ...typed,
          apply: (to, message) => (latest.current.messages ?? typed).apply(to, message),
          onInvalid: (invalid) => (latest.current.messages ?? typed).onInvalid?.(invalid),
        },
      }),
      ...(first.parse && { parse: (data) => (latest.current.parse ?? first.parse!)(data) }),
      ...(first.serialize && { serialize: (payload) => (latest.current.serialize ?? first.serialize!)(payload) }),
    });
  }, [client, socket]);
}
