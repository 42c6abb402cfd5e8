import type { QueryClient } from "@tanstack/react-query";

/** A message union discriminated by a `type` field, the shape most socket protocols use. */
export interface TypedMessage {
  readonly type: string;
}

/** One handler per message type; each gets the message narrowed to its type and the app's QueryClient. */
export type CacheUpdates<Message extends TypedMessage> = {
  readonly [Type in Message["type"]]?: (message: Extract<Message, { type: Type }>, client: QueryClient) => void;
};

/** Applies one message to the cache; answers whether a handler took it. */
export type ApplyMessage<Message extends TypedMessage> = (client: QueryClient, message: Message) => boolean;

/**
 * The typed mapping an app writes once, from socket messages to query-cache changes (`setQueryData`,
 * `invalidateQueries`). The result is a plain function, so it plugs into any message listener.
 *
 * @example
 * const apply = defineCacheUpdates<ServerMessage>({
 *   "todo.updated": (message, client) => client.setQueryData(["todo", message.todo.id], message.todo),
 *   "todo.deleted": (message, client) => client.invalidateQueries({ queryKey: ["todos"] }),
 * });
 * socket.onMessage((data) => apply(queryClient, JSON.parse(data)));
 */
export function defineCacheUpdates<Message extends TypedMessage>(
  updates: CacheUpdates<Message>,
): ApplyMessage<Message> {
  return (client, message) => {
    if (typeof message !== "object" || message === null || typeof message.type !== "string") return false;
    // Own properties only: a message typed "constructor" or "__proto__" must not reach Object.prototype.
    if (!Object.hasOwn(updates, message.type)) return false;
    const handler = updates[message.type as Message["type"]] as ((m: Message, c: QueryClient) => void) | undefined;
    if (!handler) return false;
    handler(message, client);
    return true;
  };
}
