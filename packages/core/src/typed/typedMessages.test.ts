// createTypedMessages against a real `ws` server on 127.0.0.1 (issue 24): what the server broadcasts is parsed,
// validated by Zod, Valibot or a hand-written Standard Schema, and reaches the listeners of its type in arrival
// order; what is not valid reaches onInvalid only; what the client sends is checked before it leaves.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { z } from "zod";
import { untilState } from "../__fixtures__/untilState.js";
import type { DiagnosticEvent } from "../diagnosticEvent.js";
import { diagnostics } from "../diagnostics/index.js";
import { createSocket, type Socket } from "../index.js";
import { defineMessages } from "./defineMessages.js";
import type { StandardSchemaV1 } from "./standardSchema.js";
import { createTypedMessages } from "./typedMessages.js";
import type { InvalidMessage } from "./validateOnce.js";

let server: FaultyServer | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.stop();
  server = undefined;
});

/** Opens a socket on a fresh server that records what it receives, and waits until both ends are connected. */
async function openSocket(): Promise<{ socket: Socket; server: FaultyServer; received: string[] }> {
  const received: string[] = [];
  server = await startFaultyServer({ echo: false, onMessage: (data) => void received.push(data) });
  const socket = createSocket(server.url, { environment: { WebSocket } });
  cleanups.push(() => socket.close());
  await untilState(socket, (state) => state.status === "open");
  return { socket, server, received };
}

/** Collects what reaches `uncaughtException`: errors of app callbacks and schemas are rethrown there, on their own. */
function catchRethrown(): Error[] {
  const errors: Error[] = [];
  const onError = (error: Error) => errors.push(error);
  process.on("uncaughtException", onError);
  cleanups.push(() => process.off("uncaughtException", onError));
  return errors;
}

/** A schema that accepts anything and counts how often it is asked. */
function countingSchema() {
  let count = 0;
  const counted: StandardSchemaV1<{ n: number }> = {
    "~standard": {
      version: 1,
      vendor: "test",
      validate: (value) => {
        count++;
        return { value: value as { n: number } };
      },
    },
  };
  return { counted, validations: () => count };
}

const zodMessages = defineMessages({
  server: {
    tick: z.object({ type: z.literal("tick"), n: z.number() }),
    chat: z.object({ text: z.string().min(1) }),
  },
  client: {
    say: z.object({ type: z.literal("say"), text: z.string().min(1) }),
  },
});

const valibotMessages = defineMessages({
  server: {
    tick: v.object({ type: v.literal("tick"), n: v.number() }),
    chat: v.object({ text: v.pipe(v.string(), v.minLength(1)) }),
  },
  client: {
    say: v.object({ type: v.literal("say"), text: v.pipe(v.string(), v.minLength(1)) }),
  },
});

describe.each([
  ["Zod", zodMessages],
  ["Valibot", valibotMessages],
])("createTypedMessages with %s", (_library, definitions) => {
  it("hands each valid message to the listeners of its type once, in arrival order", async () => {
    const { socket, server } = await openSocket();
    const invalid: InvalidMessage[] = [];
    const messages = createTypedMessages(socket, definitions, { onInvalid: (message) => invalid.push(message) });
    const ticks: number[] = [];
    const chats: string[] = [];
    const all: unknown[] = [];
    messages.on("tick", (message) => ticks.push(message.n));
    messages.on("chat", (message) => chats.push(message.text));
    messages.onAny((message) => all.push(message));

    for (let n = 0; n < 50; n++) {
      server.broadcast(JSON.stringify({ type: "tick", n }));
      if (n % 10 === 0) server.broadcast(JSON.stringify({ type: "chat", text: `hello ${n}` }));
    }

    await vi.waitFor(() => expect(all).toHaveLength(55), { timeout: 8000 });
    expect(ticks).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(chats).toEqual(["hello 0", "hello 10", "hello 20", "hello 30", "hello 40"]);
    // The chat schema leaves `type` out and strips it; the message still says its type.
    expect(all[1]).toEqual({ type: "chat", text: "hello 0" });
    expect(invalid).toEqual([]);
  });

  it("sends nothing and says why when a client message does not match its schema (development)", async () => {
    const { socket, received } = await openSocket();
    const messages = createTypedMessages(socket, definitions);

    expect(() => messages.send({ type: "say", text: "" })).toThrow(
      /^\[@lifeline\/core\] send\(\): the "say" message does not match its schema \(text: .+\)\. Nothing was sent\./,
    );
    // @ts-expect-error: a type the client definitions do not have
    expect(() => messages.send({ type: "shout", text: "hi" })).toThrow(
      '[@lifeline/core] send() got a message whose type is "shout", which defineMessages\' client does not define. Nothing was sent. Send one of: say.',
    );
    expect(messages.send({ type: "say", text: "hi" })).toBe("sent");

    await vi.waitFor(() => expect(received).toEqual(['{"type":"say","text":"hi"}']), { timeout: 5000 });
  });
});

describe("createTypedMessages", () => {
  it("delivers in arrival order when a later message's asynchronous validation settles first", async () => {
    const { socket, server } = await openSocket();
    // A schema that answers after the message's own `wait` in ms: the first message is the slowest to validate.
    const slow: StandardSchemaV1<{ id: number; wait: number }> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) =>
          new Promise((resolve) =>
            setTimeout(() => resolve({ value: value as never }), (value as { wait: number }).wait),
          ),
      },
    };
    const definitions = defineMessages({ server: { slow, fast: z.object({ id: z.number() }) } });
    const messages = createTypedMessages(socket, definitions);
    const order: number[] = [];
    messages.onAny((message) => order.push(message.id));

    server.broadcast(JSON.stringify({ type: "slow", id: 1, wait: 300 }));
    server.broadcast(JSON.stringify({ type: "fast", id: 2 }));
    server.broadcast(JSON.stringify({ type: "slow", id: 3, wait: 0 }));
    server.broadcast(JSON.stringify({ type: "slow", id: 4, wait: 100 }));
    server.broadcast(JSON.stringify({ type: "fast", id: 5 }));

    await vi.waitFor(() => expect(order).toHaveLength(5), { timeout: 8000 });
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it("validates each message once however many listeners and typed views read it", async () => {
    const { socket, server } = await openSocket();
    const { counted, validations } = countingSchema();
    const definitions = defineMessages({ server: { counted } });
    const heard: number[] = [];
    for (let view = 0; view < 3; view++) {
      const messages = createTypedMessages(socket, definitions);
      messages.on("counted", (message) => heard.push(message.n));
      messages.on("counted", (message) => heard.push(message.n));
    }

    server.broadcast(JSON.stringify({ type: "counted", n: 1 }));
    server.broadcast(JSON.stringify({ type: "counted", n: 2 }));

    await vi.waitFor(() => expect(heard).toHaveLength(12), { timeout: 5000 });
    expect(validations()).toBe(2);
  });

  it("sends what is not JSON, of an unknown type or invalid to onInvalid and to no listener", async () => {
    const { socket, server } = await openSocket();
    const invalid: InvalidMessage[] = [];
    const messages = createTypedMessages(socket, zodMessages, { onInvalid: (message) => invalid.push(message) });
    const heard: unknown[] = [];
    messages.on("tick", (message) => heard.push(message));
    messages.on("chat", (message) => heard.push(message));
    messages.onAny((message) => heard.push(message));

    server.broadcast("{not json");
    server.broadcast(Buffer.from([1, 2, 3]));
    server.broadcast(JSON.stringify({ type: "nope" }));
    server.broadcast(JSON.stringify({ kind: "tick", n: 1 }));
    server.broadcast(JSON.stringify({ type: "constructor" }));
    server.broadcast("42");
    server.broadcast(JSON.stringify({ type: "tick", n: "one" }));
    server.broadcast(JSON.stringify({ type: "chat", text: "" }));
    server.broadcast(JSON.stringify({ type: "tick", n: 7 }));

    await vi.waitFor(() => expect(heard).toHaveLength(2), { timeout: 5000 });
    expect(heard).toEqual([
      { type: "tick", n: 7 },
      { type: "tick", n: 7 },
    ]);
    expect(invalid.map(({ reason, type }) => [reason, type])).toEqual([
      ["not-json", undefined],
      ["not-json", undefined],
      ["unknown-type", "nope"],
      ["unknown-type", undefined],
      ["unknown-type", "constructor"],
      ["unknown-type", undefined],
      ["invalid", "tick"],
      ["invalid", "chat"],
    ]);
    expect(invalid[0]?.data).toBe("{not json");
    expect(invalid[6]?.data).toBe('{"type":"tick","n":"one"}');
    expect(invalid[6]?.issues?.[0]?.path).toEqual(["n"]);
  });

  it("reports a schema that throws or rejects as invalid, and a throwing listener, and goes on", async () => {
    const { socket, server } = await openSocket();
    const rethrown = catchRethrown();
    const throws: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: () => {
          throw new Error("schema bug");
        },
      },
    };
    const rejects: StandardSchemaV1 = {
      "~standard": { version: 1, vendor: "test", validate: () => Promise.reject(new Error("async schema bug")) },
    };
    const definitions = defineMessages({ server: { throws, rejects, ok: z.object({ n: z.number() }) } });
    const invalid: InvalidMessage[] = [];
    const messages = createTypedMessages(socket, definitions, { onInvalid: (message) => invalid.push(message) });
    const heard: number[] = [];
    messages.on("ok", (message) => {
      if (message.n === 1) throw new Error("listener bug");
    });
    messages.on("ok", (message) => heard.push(message.n));

    server.broadcast(JSON.stringify({ type: "throws" }));
    server.broadcast(JSON.stringify({ type: "rejects" }));
    server.broadcast(JSON.stringify({ type: "ok", n: 1 }));
    server.broadcast(JSON.stringify({ type: "ok", n: 2 }));

    await vi.waitFor(() => expect(heard).toEqual([1, 2]), { timeout: 5000 });
    await vi.waitFor(
      () =>
        expect(rethrown.map((error) => error.message).sort()).toEqual([
          "async schema bug",
          "listener bug",
          "schema bug",
        ]),
      {
        timeout: 5000,
      },
    );
    expect(invalid.map(({ reason, type }) => [reason, type])).toEqual([
      ["validator-failed", "throws"],
      ["validator-failed", "rejects"],
    ]);
    expect(socket.getSnapshot().status).toBe("open");
    server.broadcast(JSON.stringify({ type: "ok", n: 3 }));
    await vi.waitFor(() => expect(heard).toEqual([1, 2, 3]), { timeout: 5000 });
  });

  it("tells the socket's diagnostics of each invalid message once, however many views see it, redacted", async () => {
    server = await startFaultyServer({ echo: false });
    const events: DiagnosticEvent[] = [];
    const socket = createSocket(server.url, { environment: { WebSocket }, use: [diagnostics((e) => events.push(e))] });
    cleanups.push(() => socket.close());
    await untilState(socket, (state) => state.status === "open");
    const heard: unknown[] = [];
    for (let view = 0; view < 3; view++) createTypedMessages(socket, zodMessages).onAny((m) => heard.push(m));

    server.broadcast("{not json");
    server.broadcast(JSON.stringify({ type: "nope" }));
    server.broadcast(JSON.stringify({ type: "tick", n: "https://user:secret@example.com/" }));
    server.broadcast(JSON.stringify({ type: "tick", n: 1 }));

    await vi.waitFor(() => expect(heard).toHaveLength(3), { timeout: 5000 });
    const invalid = events.filter((event) => event.type === "message-invalid");
    expect(invalid.map((event) => [event.reason, event.messageType])).toEqual([
      ["not-json", undefined],
      ["unknown-type", "nope"],
      ["invalid", "tick"],
    ]);
    expect(invalid[2]?.error).toMatch(/^n: /);
    expect(JSON.stringify(invalid)).not.toContain("secret");
  });

  it("reports an onInvalid that throws, and goes on delivering", async () => {
    const { socket, server } = await openSocket();
    const rethrown = catchRethrown();
    const messages = createTypedMessages(socket, zodMessages, {
      onInvalid: () => {
        throw new Error("onInvalid bug");
      },
    });
    const ticks: number[] = [];
    messages.on("tick", (message) => ticks.push(message.n));

    server.broadcast(JSON.stringify({ type: "tick", n: "one" }));
    server.broadcast(JSON.stringify({ type: "tick", n: 2 }));

    await vi.waitFor(() => expect(ticks).toEqual([2]), { timeout: 5000 });
    await vi.waitFor(() => expect(rethrown.map((error) => error.message)).toEqual(["onInvalid bug"]), {
      timeout: 5000,
    });
    expect(socket.getSnapshot().status).toBe("open");
  });

  it("reports an onInvalid that throws after an asynchronous schema, and goes on delivering in order", async () => {
    const { socket, server } = await openSocket();
    const rethrown = catchRethrown();
    // Answers later, so that onInvalid runs when the promise settles, outside the socket's own guarded listener loop.
    const later: StandardSchemaV1<{ n: number }> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: async (value) =>
          typeof (value as { n?: unknown }).n === "number"
            ? { value: value as { n: number } }
            : { issues: [{ message: "n must be a number" }] },
      },
    };
    const messages = createTypedMessages(socket, defineMessages({ server: { later } }), {
      onInvalid: () => {
        throw new Error("async onInvalid bug");
      },
    });
    const heard: number[] = [];
    messages.on("later", (message) => heard.push(message.n));

    server.broadcast(JSON.stringify({ type: "later", n: "one" }));
    server.broadcast(JSON.stringify({ type: "later", n: 2 }));
    server.broadcast(JSON.stringify({ type: "later", n: 3 }));

    await vi.waitFor(() => expect(heard).toEqual([2, 3]), { timeout: 5000 });
    await vi.waitFor(() => expect(rethrown.map((error) => error.message)).toEqual(["async onInvalid bug"]), {
      timeout: 5000,
    });
    expect(socket.getSnapshot().status).toBe("open");
  });

  it("reads messages only while it has a listener: a view that only sends validates nothing", async () => {
    const { socket, server, received } = await openSocket();
    const { counted, validations } = countingSchema();
    const definitions = defineMessages({ server: { counted }, client: { say: z.object({ text: z.string() }) } });
    const sender = createTypedMessages(socket, definitions);
    expect(sender.send({ type: "say", text: "hi" })).toBe("sent");
    const listener = createTypedMessages(socket, defineMessages({ server: { counted } }));
    const heard: number[] = [];
    let arrived = 0;
    cleanups.push(socket.onMessage(() => arrived++));
    const stop = listener.on("counted", (message) => heard.push(message.n));

    server.broadcast(JSON.stringify({ type: "counted", n: 1 }));
    await vi.waitFor(() => expect(heard).toEqual([1]), { timeout: 5000 });
    stop();
    stop();
    server.broadcast(JSON.stringify({ type: "counted", n: 2 }));
    await vi.waitFor(() => expect(arrived).toBe(2), { timeout: 5000 });
    const again = listener.on("counted", (message) => heard.push(message.n));
    cleanups.push(again);
    server.broadcast(JSON.stringify({ type: "counted", n: 3 }));

    await vi.waitFor(() => expect(heard).toEqual([1, 3]), { timeout: 5000 });
    // The sender's definitions were never asked: only the listening view validated, once per message it read.
    expect(validations()).toBe(2);
    expect(received).toEqual(['{"type":"say","text":"hi"}']);
  });

  it("sends an unchecked message with validateOutgoing: false, as in production", async () => {
    const { socket, received } = await openSocket();
    const messages = createTypedMessages(socket, zodMessages, { validateOutgoing: false });
    expect(messages.send({ type: "say", text: "" })).toBe("sent");
    await vi.waitFor(() => expect(received).toEqual(['{"type":"say","text":""}']), { timeout: 5000 });
  });

  it("refuses a message that cannot be JSON and sends nothing", async () => {
    const { socket, received } = await openSocket();
    const loose = defineMessages({ server: {}, client: { any: z.object({ type: z.literal("any") }).loose() } });
    const messages = createTypedMessages(socket, loose);
    const cyclic: Record<string, unknown> = { type: "any" };
    cyclic.self = cyclic;
    expect(() => messages.send(cyclic as never)).toThrow(
      /^\[@lifeline\/core\] send\(\) could not turn the message into JSON: .+ Nothing was sent\./s,
    );
    expect(messages.send({ type: "any" })).toBe("sent");
    // In order on one connection: had the cyclic message gone out in any form, it would come first.
    await vi.waitFor(() => expect(received).toEqual(['{"type":"any"}']), { timeout: 5000 });
  });

  it("stops listening on close()", async () => {
    const { socket, server } = await openSocket();
    const messages = createTypedMessages(socket, zodMessages);
    const heard: number[] = [];
    messages.on("tick", (message) => {
      heard.push(message.n);
      if (message.n === 1) messages.close();
    });
    const after: number[] = [];
    socket.onMessage(() => after.push(1));
    server.broadcast(JSON.stringify({ type: "tick", n: 1 }));
    server.broadcast(JSON.stringify({ type: "tick", n: 2 }));
    await vi.waitFor(() => expect(after).toHaveLength(2), { timeout: 5000 });
    expect(heard).toEqual([1]);
  });

  it("delivers nothing whose validation settles after close()", async () => {
    const { socket, server } = await openSocket();
    let settle: (() => void) | undefined;
    const held: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) => new Promise((resolve) => (settle = () => resolve({ value }))),
      },
    };
    const messages = createTypedMessages(socket, defineMessages({ server: { held } }));
    const heard: unknown[] = [];
    messages.onAny((message) => heard.push(message));
    server.broadcast(JSON.stringify({ type: "held" }));
    await vi.waitFor(() => expect(settle).toBeTypeOf("function"), { timeout: 5000 });
    messages.close();
    settle?.();
    // The validation's answer goes through two promise reactions before delivery; a timer runs after them all.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(heard).toEqual([]);
  });

  it("refuses definitions that are not Standard Schemas, and a listener for a type it does not define", async () => {
    expect(() => defineMessages({ server: { tick: { parse: () => 1 } as never } })).toThrow(
      "[@lifeline/core] defineMessages: server.tick is not a Standard Schema.",
    );
    const { socket } = await openSocket();
    const messages = createTypedMessages(socket, zodMessages);
    // @ts-expect-error: a type the server definitions do not have
    expect(() => messages.on("tock", () => {})).toThrow(
      '[@lifeline/core] on("tock"): defineMessages\' server does not define that type',
    );
  });
});
