import type { Socket } from "@lifeline/core";
import {
  createTypedMessages,
  type InvalidMessage,
  type MessageDefinitions,
  type ServerMessageOf,
} from "@lifeline/core/typed";
import type { QueryClient } from "@tanstack/react-query";

/** One updater per server message type of the definitions; each gets its type's validated message and the QueryClient. */
export type TypedCacheUpdaters<Definitions extends MessageDefinitions<string>> = {
  readonly [Type in keyof Definitions["server"] & string]?: (
    message: ServerMessageOf<Definitions, Type>,
    client: QueryClient,
  ) => void;
};

export interface TypedCacheUpdatesOptions {
  /**
   * Hears every message that reaches no updater: not JSON, of a type the definitions do not name, refused by its
   * schema, or whose schema threw. A throwing `onInvalid` is rethrown on its own and stops nothing.
   */
  readonly onInvalid?: (invalid: InvalidMessage) => void;
}

/**
 * What `defineTypedCacheUpdates` returns, for the bridge's `messages` option. The bridge calls `listen` once per
 * socket and `apply` with each valid message; an app does not call them itself.
 */
export interface TypedCacheUpdates<Definitions extends MessageDefinitions<string> = MessageDefinitions<string>> {
  /** The definitions that every message is validated against. */
  readonly definitions: Definitions;
  /**
   * Validates what `socket` receives, once per message, and calls `deliver` with each valid message in arrival
   * order (asynchronous schemas included) and `invalid` with each other one. Returns the function that stops.
   */
  listen(socket: Socket, deliver: (message: unknown) => void, invalid: (invalid: InvalidMessage) => void): () => void;
  /** Runs the updater of a valid message's type; answers whether there was one. */
  apply(client: QueryClient, message: unknown): boolean;
  /** The `onInvalid` of the options. */
  readonly onInvalid?: (invalid: InvalidMessage) => void;
}

/**
 * The cache updates of typed, validated messages: the definitions from `defineMessages` (`@lifeline/core/typed`,
 * with Zod, Valibot or any Standard Schema) and one updater per server message type, whose message is inferred from
 * that type's schema. Give the result to the bridge's `messages` option: only valid messages reach an updater,
 * in arrival order; the others go to `onInvalid`. Apps that never call it ship none of the validation.
 *
 * @example
 * const messages = defineTypedCacheUpdates(definitions, {
 *   "todo.updated": (message, client) => client.setQueryData(["todo", message.todo.id], message.todo),
 * });
 * bridgeQueryClient(queryClient, socket, { messages });
 */
export function defineTypedCacheUpdates<Definitions extends MessageDefinitions<string>>(
  definitions: Definitions,
  updates: NoInfer<TypedCacheUpdaters<Definitions>>,
  options: TypedCacheUpdatesOptions = {},
): TypedCacheUpdates<Definitions> {
  for (const type of Object.keys(updates)) {
    // An updater filed under a type the server side does not define would never run: a typo, or a stale name.
    if (!Object.hasOwn(definitions.server, type)) {
      throw new TypeError(
        `[@lifeline/react-query] defineTypedCacheUpdates got an updater for "${type}", which the definitions' server side does not define, so it would never run. Use one of: ${Object.keys(definitions.server).join(", ") || "(none defined)"}.`,
      );
    }
  }
  const field = definitions.discriminator;
  return {
    definitions,
    listen(socket, deliver, invalid) {
      const messages = createTypedMessages(socket, definitions, { onInvalid: invalid, validateOutgoing: false });
      messages.onAny((message) => deliver(message));
      return () => messages.close();
    },
    apply(client, message) {
      const type = (message as Record<string, unknown>)[field];
      // Own keys only: a type named "constructor" must not find Object.prototype's.
      if (typeof type !== "string" || !Object.hasOwn(updates, type)) return false;
      const updater = (updates as Record<string, ((message: unknown, client: QueryClient) => void) | undefined>)[type];
      if (!updater) return false;
      updater(message, client);
      return true;
    },
    onInvalid: options.onInvalid,
  };
}
