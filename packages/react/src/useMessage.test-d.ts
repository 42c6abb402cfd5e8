// Type tests (issue 24): what useMessage, useMessageHandler and useMessageReducer infer from Zod's and Valibot's
// schemas, with nothing annotated by hand. Checked by `tsc` in the package's typecheck.

import type { SendOutcome, Socket } from "@lifeline/core";
import { defineMessages, type InvalidReason, type MessageEventLike, type ServerMessageOf } from "@lifeline/core/typed";
import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { useMessage } from "./useMessage.js";
import { useMessageHandler } from "./useMessageHandler.js";
import { useMessageReducer } from "./useMessageReducer.js";
import { useMessages } from "./useMessages.js";

declare const socket: Socket;

const zodMessages = defineMessages({
  server: {
    tick: z.object({ type: z.literal("tick"), n: z.number(), at: z.string().transform((text) => new Date(text)) }),
    chat: z.object({ text: z.string() }),
  },
});

const valibotMessages = defineMessages({
  server: {
    tick: v.object({
      type: v.literal("tick"),
      n: v.number(),
      at: v.pipe(
        v.string(),
        v.transform((text) => new Date(text)),
      ),
    }),
    chat: v.object({ text: v.string() }),
  },
});

describe.each([
  ["Zod", zodMessages],
  ["Valibot", valibotMessages],
] as const)("the hooks' types with %s", (_library, definitions) => {
  it("useMessage gives the type's schema output, with its discriminator, or null", () => {
    const tick = useMessage(socket, definitions, "tick");
    expectTypeOf(tick).toEqualTypeOf<ServerMessageOf<typeof definitions, "tick"> | null>();
    expectTypeOf(tick?.type).toEqualTypeOf<"tick" | undefined>();
    expectTypeOf(tick?.n).toEqualTypeOf<number | undefined>();
    expectTypeOf(tick?.at).toEqualTypeOf<Date | undefined>();
    const chat = useMessage(null, definitions, "chat");
    expectTypeOf(chat?.type).toEqualTypeOf<"chat" | undefined>();
    expectTypeOf(chat?.text).toEqualTypeOf<string | undefined>();
    // @ts-expect-error: a chat has no n
    void chat?.n;
    // @ts-expect-error: no such server type
    useMessage(socket, definitions, "tock");
  });

  it("useMessageHandler hands the handler the type's message and the event", () => {
    useMessageHandler(socket, definitions, "tick", (message, event) => {
      expectTypeOf(message.n).toEqualTypeOf<number>();
      expectTypeOf(message.at).toEqualTypeOf<Date>();
      expectTypeOf(event).toEqualTypeOf<MessageEventLike>();
    });
    // @ts-expect-error: a tick's n is a number
    useMessageHandler(socket, definitions, "tick", (message: { n: string }) => message);
  });

  it("useMessageReducer infers its state from the reducer and folds the type's message", () => {
    const lines = useMessageReducer(
      socket,
      definitions,
      "chat",
      (list: string[], message) => [...list, message.text],
      [],
    );
    expectTypeOf(lines).toEqualTypeOf<string[]>();
    const total = useMessageReducer(socket, definitions, "tick", (sum, message) => sum + message.n, 0);
    expectTypeOf(total).toEqualTypeOf<number>();
    // @ts-expect-error: the reducer must return the state's type
    useMessageReducer(socket, definitions, "tick", (_sum: number, message) => message.at, 0);
  });
});

const withClient = {
  Zod: defineMessages({
    server: zodMessages.server,
    client: { say: z.object({ text: z.string().min(1) }), typing: z.object({}) },
  }),
  Valibot: defineMessages({
    server: valibotMessages.server,
    client: { say: v.object({ text: v.pipe(v.string(), v.minLength(1)) }), typing: v.object({}) },
  }),
};

describe.each([
  ["Zod", withClient.Zod],
  ["Valibot", withClient.Valibot],
] as const)("useMessages' types with %s", (_library, definitions) => {
  it("hands onMessage the union of the server messages, narrowed by type", () => {
    useMessages(socket, definitions, {
      onMessage: (message, event) => {
        expectTypeOf(event).toEqualTypeOf<MessageEventLike>();
        if (message.type === "tick") expectTypeOf(message.at).toEqualTypeOf<Date>();
        else expectTypeOf(message.text).toEqualTypeOf<string>();
      },
      onInvalid: (invalid) => expectTypeOf(invalid.reason).toEqualTypeOf<InvalidReason>(),
    });
  });

  it("lets sendJson take only the client messages", () => {
    const { sendJson } = useMessages(socket, definitions);
    expectTypeOf(sendJson({ type: "say", text: "hi" })).toEqualTypeOf<SendOutcome>();
    sendJson({ type: "typing" });
    // @ts-expect-error: a server type is not something the client sends
    sendJson({ type: "tick", n: 1 });
    // @ts-expect-error: say needs its text
    sendJson({ type: "say" });
    // @ts-expect-error: the text is a string
    sendJson({ type: "say", text: 1 });
  });
});
