// The bridge's typed, validated messages (issue 24) against a real `ws` server on 127.0.0.1: a real QueryClient and a
// real Lifeline socket, with Zod and with Valibot. Each valid message reaches its type's updater once, in arrival
// order; what is invalid, of an unknown type or not JSON reaches onInvalid and never the cache.

import { readFileSync } from "node:fs";
import { createSocket, type Socket } from "@lifeline/core";
import { defineMessages, type InvalidMessage } from "@lifeline/core/typed";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { QueryClient } from "@tanstack/react-query";
import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { z } from "zod";
import { bridgeQueryClient } from "./bridgeQueryClient.js";
import { defineCacheUpdates } from "./cacheUpdates.js";
import { defineTypedCacheUpdates } from "./typedCacheUpdates.js";

let server: FaultyServer | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.stop();
  server = undefined;
});

/** A QueryClient and a socket open on a fresh server; counts every write to the cache's data. */
async function openBridgeable(): Promise<{
  client: QueryClient;
  socket: Socket;
  server: FaultyServer;
  writes: () => number;
}> {
  server = await startFaultyServer({ echo: false });
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  let writes = 0;
  // setQueryData dispatches a success action; nothing else in these tests writes data.
  const stopCounting = client.getQueryCache().subscribe((event) => {
    if (event.type === "updated" && event.action.type === "success") writes++;
  });
  const socket = createSocket(server.url, { environment: { WebSocket } });
  cleanups.push(
    () => socket.close(),
    stopCounting,
    () => client.clear(),
  );
  await vi.waitFor(() => expect(socket.getSnapshot().status).toBe("open"), { timeout: 8000 });
  return { client, socket, server, writes: () => writes };
}

/** Collects what reaches `uncaughtException`: errors of app callbacks are rethrown there, on their own. */
function catchRethrown(): Error[] {
  const errors: Error[] = [];
  const onError = (error: Error) => errors.push(error);
  process.on("uncaughtException", onError);
  cleanups.push(() => process.off("uncaughtException", onError));
  return errors;
}

const zodMessages = defineMessages({
  server: {
    price: z.object({ type: z.literal("price"), symbol: z.string(), value: z.number() }),
    // No discriminator in the schema: Zod strips it, the bridge puts it back.
    note: z.object({ text: z.string().min(1) }),
    done: z.object({}),
  },
});

describe("bridgeQueryClient with messages (Zod)", () => {
  it("applies each valid message of each type once and in order; the rest reach onInvalid and not the cache", async () => {
    const { client, socket, server, writes } = await openBridgeable();
    const applied: string[] = [];
    const invalid: InvalidMessage[] = [];
    let done = false;
    const messages = defineTypedCacheUpdates(
      zodMessages,
      {
        price: (message, to) => {
          applied.push(`price ${message.symbol} ${message.value}`);
          to.setQueryData(["price", message.symbol], message.value);
        },
        note: (message, to) => {
          applied.push(`note ${message.text}`);
          to.setQueryData(["notes"], (notes: string[] = []) => [...notes, message.text]);
        },
        done: () => {
          done = true;
        },
      },
      { onInvalid: (message) => invalid.push(message) },
    );
    cleanups.push(bridgeQueryClient(client, socket, { messages, invalidateOnConnect: false }));

    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 1 }));
    server.broadcast(JSON.stringify({ type: "note", text: "first" }));
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: "2" }));
    server.broadcast(JSON.stringify({ type: "note", text: "" }));
    server.broadcast(JSON.stringify({ type: "trade", symbol: "ACME" }));
    server.broadcast(JSON.stringify({ symbol: "ACME", value: 3 }));
    server.broadcast("{ not json");
    server.broadcast(Buffer.from([1, 2, 3]));
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 4 }));
    server.broadcast(JSON.stringify({ type: "note", text: "second" }));
    server.broadcast(JSON.stringify({ type: "done" }));

    await vi.waitFor(() => expect(done).toBe(true), { timeout: 8000 });
    expect(applied).toEqual(["price ACME 1", "note first", "price ACME 4", "note second"]);
    expect(client.getQueryData(["price", "ACME"])).toBe(4);
    expect(client.getQueryData(["notes"])).toEqual(["first", "second"]);
    // One write per valid message that has an updater that writes, and none for the seven others.
    expect(writes()).toBe(4);
    expect(invalid.map(({ reason, type }) => [reason, type])).toEqual([
      ["invalid", "price"],
      ["invalid", "note"],
      ["unknown-type", "trade"],
      ["unknown-type", undefined],
      ["not-json", undefined],
      ["not-json", undefined],
    ]);
    expect(invalid[0]?.issues?.[0]?.path).toEqual(["value"]);
    expect(invalid[0]?.data).toBe('{"type":"price","symbol":"ACME","value":"2"}');
  });

  it("reports a throwing updater and a throwing onInvalid, and goes on updating the cache", async () => {
    const { client, socket, server } = await openBridgeable();
    const rethrown = catchRethrown();
    const messages = defineTypedCacheUpdates(
      zodMessages,
      {
        price: (message, to) => {
          if (message.value === 1) throw new Error("updater bug");
          to.setQueryData(["price", message.symbol], message.value);
        },
      },
      {
        onInvalid: () => {
          throw new Error("onInvalid bug");
        },
      },
    );
    cleanups.push(bridgeQueryClient(client, socket, { messages, invalidateOnConnect: false }));

    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 1 }));
    server.broadcast("{ not json");
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 2 }));
    await vi.waitFor(() => expect(client.getQueryData(["price", "ACME"])).toBe(2), { timeout: 8000 });
    await vi.waitFor(
      () => expect(rethrown.map((error) => error.message).sort()).toEqual(["onInvalid bug", "updater bug"]),
      { timeout: 8000 },
    );
    expect(socket.getSnapshot().status).toBe("open");
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 3 }));
    await vi.waitFor(() => expect(client.getQueryData(["price", "ACME"])).toBe(3), { timeout: 8000 });
  });

  it("stops with the bridge, and leaves the untyped updates their own messages", async () => {
    const { client, socket, server } = await openBridgeable();
    const typed: number[] = [];
    const untyped: unknown[] = [];
    const stop = bridgeQueryClient(client, socket, {
      invalidateOnConnect: false,
      messages: defineTypedCacheUpdates(zodMessages, { price: (message) => typed.push(message.value) }),
      // Untyped updates still see every message that is JSON, valid or not, as before.
      updates: defineCacheUpdates<{ type: "price"; value: unknown }>({
        price: (message) => untyped.push(message.value),
      }),
    });
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 1 }));
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: "bad" }));
    await vi.waitFor(() => expect(untyped).toEqual([1, "bad"]), { timeout: 8000 });
    expect(typed).toEqual([1]);

    stop();
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 2 }));
    // A marker through a listener of our own, which hears the message after the bridge would have.
    let heard = false;
    cleanups.push(
      socket.onMessage(() => {
        heard = true;
      }),
    );
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: 3 }));
    await vi.waitFor(() => expect(heard).toBe(true), { timeout: 8000 });
    expect(typed).toEqual([1]);
    expect(untyped).toEqual([1, "bad"]);
  });
});

describe("bridgeQueryClient with messages (Valibot)", () => {
  // Another discriminator, and a schema that checks asynchronously and settles out of arrival order.
  const valibotMessages = defineMessages({
    discriminator: "kind",
    server: {
      price: v.pipeAsync(
        v.object({ symbol: v.string(), value: v.pipe(v.string(), v.transform(Number), v.number()) }),
        // The first price takes longer to check than the ones after it.
        v.checkAsync(async (price) => {
          await new Promise((resolve) => setTimeout(resolve, price.value === 1 ? 100 : 0));
          return price.value >= 0;
        }, "A price is never negative."),
      ),
      note: v.object({ text: v.pipe(v.string(), v.minLength(1)) }),
    },
  });

  it("applies each valid message of each type once and in arrival order, even when checks settle out of order", async () => {
    const { client, socket, server, writes } = await openBridgeable();
    const applied: string[] = [];
    const invalid: InvalidMessage[] = [];
    const messages = defineTypedCacheUpdates(
      valibotMessages,
      {
        price: (message, to) => {
          applied.push(`${message.kind} ${message.value}`);
          to.setQueryData(["price", message.symbol], message.value);
        },
        note: (message, to) => {
          applied.push(`${message.kind} ${message.text}`);
          to.setQueryData(["note"], message.text);
        },
      },
      { onInvalid: (message) => invalid.push(message) },
    );
    cleanups.push(bridgeQueryClient(client, socket, { messages, invalidateOnConnect: false }));

    server.broadcast(JSON.stringify({ kind: "price", symbol: "ACME", value: "1" }));
    server.broadcast(JSON.stringify({ kind: "note", text: "hello" }));
    server.broadcast(JSON.stringify({ kind: "price", symbol: "ACME", value: "-5" }));
    server.broadcast(JSON.stringify({ kind: "note", text: "" }));
    server.broadcast(JSON.stringify({ type: "price", symbol: "ACME", value: "6" }));
    server.broadcast("nope");
    server.broadcast(JSON.stringify({ kind: "price", symbol: "ACME", value: "2" }));

    await vi.waitFor(() => expect(applied).toHaveLength(3), { timeout: 8000 });
    await vi.waitFor(() => expect(invalid).toHaveLength(4), { timeout: 8000 });
    expect(applied).toEqual(["price 1", "note hello", "price 2"]);
    expect(client.getQueryData(["price", "ACME"])).toBe(2);
    expect(client.getQueryData(["note"])).toBe("hello");
    expect(writes()).toBe(3);
    expect(invalid.map(({ reason, type }) => [reason, type])).toEqual([
      ["invalid", "price"],
      ["invalid", "note"],
      ["unknown-type", undefined],
      ["not-json", undefined],
    ]);
    expect(invalid[0]?.issues?.[0]?.message).toBe("A price is never negative.");
  });
});

describe("defineTypedCacheUpdates", () => {
  it("refuses an updater for a type the definitions do not name, since it would never run", () => {
    expect(() => defineTypedCacheUpdates(zodMessages, { prices: () => {} } as never)).toThrow(
      /^\[@lifeline\/react-query\] defineTypedCacheUpdates got an updater for "prices", .+ Use one of: price, note, done\.$/,
    );
  });

  it("is imported by neither the bridge nor its hook, so a bridge without definitions ships no validation", () => {
    // Type imports are erased from the build; a value import would pull @lifeline/core/typed into every bridge.
    for (const file of ["bridgeQueryClient.ts", "useQueryBridge.ts"]) {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      const valueImports = source.match(/^import (?!type )[^;]*from "[^"]+";$/gms) ?? [];
      expect(valueImports.filter((line) => /typedCacheUpdates|@lifeline\/core\/typed/.test(line))).toEqual([]);
    }
  });
});
