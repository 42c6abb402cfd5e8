// Type tests (issue 24): each updater's message is inferred from its type's schema, with Zod and with Valibot, and a
// type the definitions do not name is an error. Checked by `tsc` in the package's typecheck; `@ts-expect-error`
// fails it if an error goes missing.

import type { Socket } from "@lifeline/core";
import { defineMessages, type InvalidMessage, type ServerMessageOf } from "@lifeline/core/typed";
import type { QueryClient } from "@tanstack/react-query";
import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { bridgeQueryClient } from "./bridgeQueryClient.js";
import { defineTypedCacheUpdates, type TypedCacheUpdates } from "./typedCacheUpdates.js";
import { useQueryBridge } from "./useQueryBridge.js";

declare const socket: Socket;
declare const queryClient: QueryClient;

describe("updaters typed from Zod", () => {
  const definitions = defineMessages({
    server: {
      price: z.object({ symbol: z.string(), value: z.number(), at: z.string().transform((text) => new Date(text)) }),
      removed: z.object({ type: z.literal("removed"), id: z.number() }),
    },
  });

  it("gives each updater its own type's message, as the schema outputs it, and the QueryClient", () => {
    defineTypedCacheUpdates(definitions, {
      price: (message, client) => {
        expectTypeOf(message).toEqualTypeOf<ServerMessageOf<typeof definitions, "price">>();
        expectTypeOf(message.type).toEqualTypeOf<"price">();
        expectTypeOf(message.value).toEqualTypeOf<number>();
        expectTypeOf(message.at).toEqualTypeOf<Date>();
        expectTypeOf(client).toEqualTypeOf<QueryClient>();
        // @ts-expect-error: a price has no id
        void message.id;
      },
      removed: (message) => {
        expectTypeOf(message.type).toEqualTypeOf<"removed">();
        expectTypeOf(message.id).toEqualTypeOf<number>();
        // @ts-expect-error: a removal has no value
        void message.value;
      },
    });
  });

  it("makes a type the definitions do not name an error, and a wrong message shape too", () => {
    defineTypedCacheUpdates(definitions, {
      // @ts-expect-error: no such server type
      prices: () => {},
    });
    defineTypedCacheUpdates(definitions, {
      // @ts-expect-error: the updater of removed cannot take a price
      removed: (message: ServerMessageOf<typeof definitions, "price">) => void message,
    });
  });

  it("is taken by the bridge's messages option and the hook's, with onInvalid", () => {
    const messages = defineTypedCacheUpdates(
      definitions,
      { removed: (message, client) => client.removeQueries({ queryKey: ["item", message.id] }) },
      { onInvalid: (invalid) => expectTypeOf(invalid).toEqualTypeOf<InvalidMessage>() },
    );
    expectTypeOf(messages).toEqualTypeOf<TypedCacheUpdates<typeof definitions>>();
    bridgeQueryClient(queryClient, socket, { messages });
    useQueryBridge(socket, { messages, invalidateWindowMs: 0 });
    // @ts-expect-error: the bridge takes what defineTypedCacheUpdates makes, not the bare definitions
    bridgeQueryClient(queryClient, socket, { messages: definitions });
  });
});

describe("updaters typed from Valibot, with another discriminator", () => {
  const definitions = defineMessages({
    discriminator: "kind",
    server: {
      price: v.object({ symbol: v.string(), value: v.pipe(v.string(), v.transform(Number)) }),
      note: v.object({ text: v.string() }),
    },
  });

  it("gives each updater its own type's message under the named field", () => {
    bridgeQueryClient(queryClient, socket, {
      messages: defineTypedCacheUpdates(definitions, {
        price: (message) => {
          expectTypeOf(message.kind).toEqualTypeOf<"price">();
          expectTypeOf(message.value).toEqualTypeOf<number>();
          // @ts-expect-error: the discriminator is `kind` here
          void message.type;
        },
        note: (message) => {
          expectTypeOf(message.kind).toEqualTypeOf<"note">();
          expectTypeOf(message.text).toEqualTypeOf<string>();
        },
      }),
    });
  });

  it("makes a type the definitions do not name an error", () => {
    bridgeQueryClient(queryClient, socket, {
      messages: defineTypedCacheUpdates(definitions, {
        // @ts-expect-error: no such server type
        trade: () => {},
      }),
    });
  });
});
