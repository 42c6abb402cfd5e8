// Type tests (issue 24): what createTypedMessages infers from Zod's and Valibot's schemas, both ways, with nothing
// annotated by hand. Checked by `tsc` in the package's typecheck; `@ts-expect-error` fails it if an error goes missing.

import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { Socket } from "../socket.js";
import { type ClientMessage, defineMessages, type ServerMessage } from "./defineMessages.js";
import type { StandardSchemaV1 } from "./standardSchema.js";
import { createTypedMessages } from "./typedMessages.js";

declare const socket: Socket;

describe("types inferred from Zod", () => {
  const definitions = defineMessages({
    server: {
      tick: z.object({ type: z.literal("tick"), n: z.number(), at: z.string().transform((text) => new Date(text)) }),
      chat: z.object({ text: z.string() }),
    },
    client: {
      say: z.object({ type: z.literal("say"), text: z.string(), at: z.string().transform((text) => new Date(text)) }),
      ping: z.object({}),
    },
  });
  const messages = createTypedMessages(socket, definitions);

  it("gives a listener its type's schema output, with the discriminator", () => {
    messages.on("tick", (message) => {
      expectTypeOf(message.type).toEqualTypeOf<"tick">();
      expectTypeOf(message.n).toEqualTypeOf<number>();
      expectTypeOf(message.at).toEqualTypeOf<Date>();
    });
    messages.on("chat", (message) => {
      expectTypeOf(message.type).toEqualTypeOf<"chat">();
      expectTypeOf(message.text).toEqualTypeOf<string>();
      // @ts-expect-error: a chat has no n
      void message.n;
    });
    // @ts-expect-error: no such server type
    messages.on("tock", () => {});
  });

  it("gives onAny a union that narrows on the discriminator", () => {
    messages.onAny((message) => {
      expectTypeOf(message).toEqualTypeOf<ServerMessage<typeof definitions>>();
      if (message.type === "tick") expectTypeOf(message.n).toEqualTypeOf<number>();
      else expectTypeOf(message.text).toEqualTypeOf<string>();
    });
  });

  it("types send() by the client schemas' input", () => {
    expectTypeOf(messages.send).parameter(0).toEqualTypeOf<ClientMessage<typeof definitions>>();
    messages.send({ type: "say", text: "hi", at: "2026-01-01" });
    messages.send({ type: "ping" });
    // @ts-expect-error: the input of `at` is a string, before the transform
    messages.send({ type: "say", text: "hi", at: new Date() });
    // @ts-expect-error: text is missing
    messages.send({ type: "say", at: "2026-01-01" });
    // @ts-expect-error: a server type is not a client type
    messages.send({ type: "tick", n: 1 });
  });
});

describe("types inferred from Valibot, with another discriminator", () => {
  const definitions = defineMessages({
    discriminator: "kind",
    server: {
      price: v.object({ symbol: v.string(), value: v.pipe(v.string(), v.transform(Number)) }),
    },
    client: {
      subscribe: v.object({ kind: v.literal("subscribe"), symbols: v.array(v.string()) }),
    },
  });
  const messages = createTypedMessages(socket, definitions);

  it("gives a listener its type's schema output, under the named field", () => {
    messages.on("price", (message) => {
      expectTypeOf(message.kind).toEqualTypeOf<"price">();
      expectTypeOf(message.value).toEqualTypeOf<number>();
      // @ts-expect-error: the discriminator is `kind` here
      void message.type;
    });
  });

  it("types send() by the client schemas' input", () => {
    messages.send({ kind: "subscribe", symbols: ["ACME"] });
    // @ts-expect-error: symbols must be strings
    messages.send({ kind: "subscribe", symbols: [1] });
    // @ts-expect-error: `type` is not this definitions' discriminator
    messages.send({ type: "subscribe", symbols: ["ACME"] });
  });
});

describe("any Standard Schema", () => {
  it("accepts a schema written by hand, and a send() with no client definitions takes nothing", () => {
    const handWritten: StandardSchemaV1<unknown, { ok: boolean }> = {
      "~standard": { version: 1, vendor: "mine", validate: () => ({ value: { ok: true } }) },
    };
    const messages = createTypedMessages(socket, defineMessages({ server: { status: handWritten } }));
    messages.on("status", (message) => expectTypeOf(message.ok).toEqualTypeOf<boolean>());
    expectTypeOf(messages.send).parameter(0).toEqualTypeOf<never>();
  });
});
