// What the typed hooks' tests share: a real `ws` server on 127.0.0.1 with a socket open to it, both closed after each
// test, and the same message definitions written with Zod and with Valibot.

import { createSocket, type Socket } from "@lifeline/core";
import { defineMessages } from "@lifeline/core/typed";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, configure, waitFor } from "@testing-library/react";
import * as v from "valibot";
import { afterEach, expect } from "vitest";
import { WebSocket } from "ws";
import { z } from "zod";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);
// Real servers on loopback: give waitFor room on a loaded CI machine.
configure({ asyncUtilTimeout: 10000 });

const open: Array<{ socket: Socket; server: FaultyServer }> = [];
const undo: Array<() => void> = [];
afterEach(async () => {
  for (const step of undo.splice(0)) step();
  for (const { socket, server } of open.splice(0)) {
    socket.close();
    await server.stop();
  }
});

/** A fresh server that records what it receives, and a socket open to it. */
export async function openSocket(): Promise<{ socket: Socket; server: FaultyServer; received: string[] }> {
  const received: string[] = [];
  const server = await startFaultyServer({ echo: false, onMessage: (data) => void received.push(data) });
  const socket = createSocket(server.url, { environment: { WebSocket } });
  open.push({ socket, server });
  await waitFor(() => expect(socket.getSnapshot().status).toBe("open"));
  return { socket, server, received };
}

/** What reaches `uncaughtException` until the test ends: core rethrows app callbacks' errors there, on their own. */
export function catchRethrown(): unknown[] {
  const rethrown: unknown[] = [];
  const onError = (error: unknown) => rethrown.push(error);
  process.on("uncaughtException", onError);
  undo.push(() => process.off("uncaughtException", onError));
  return rethrown;
}

/** Ticks and chat lines from the server (the chat schema leaves `type` out), and "say" from the client. */
export const tickChat = [
  [
    "Zod",
    defineMessages({
      server: {
        tick: z.object({ type: z.literal("tick"), n: z.number() }),
        chat: z.object({ text: z.string().min(1) }),
      },
      client: { say: z.object({ type: z.literal("say"), text: z.string().min(1) }) },
    }),
  ],
  [
    "Valibot",
    defineMessages({
      server: {
        tick: v.object({ type: v.literal("tick"), n: v.number() }),
        chat: v.object({ text: v.pipe(v.string(), v.minLength(1)) }),
      },
      client: { say: v.object({ type: v.literal("say"), text: v.pipe(v.string(), v.minLength(1)) }) },
    }),
  ],
] as const;

/** Numbered chat lines and who is typing: what a chat folds into a list. */
export const chatLines = [
  [
    "Zod",
    defineMessages({
      server: {
        chat: z.object({ type: z.literal("chat"), id: z.number(), text: z.string() }),
        typing: z.object({ who: z.string() }),
      },
    }),
  ],
  [
    "Valibot",
    defineMessages({
      server: {
        chat: v.object({ type: v.literal("chat"), id: v.number(), text: v.string() }),
        typing: v.object({ who: v.string() }),
      },
    }),
  ],
] as const;
