// The chat's messages, both ways, in one place: Valibot schemas that check what the server sends as it arrives, and
// what the page sends before it leaves (in development). A message that fails its schema, names a type defined here
// nowhere or is not JSON reaches neither the cache nor the chat; the timeline says it was ignored, and why.
import { defineMessages } from "@lifeline/core/typed";
import * as v from "valibot";

const chatMessage = v.object({
  id: v.number(),
  clientId: v.string(),
  author: v.string(),
  text: v.string(),
  at: v.number(),
});

export const chatMessages = defineMessages({
  server: {
    message: v.object({ message: chatMessage }),
    error: v.object({ error: v.string() }),
  },
  client: {
    // The server's own limits (server/chatRoom.ts), so a post it would refuse is caught before it is sent.
    post: v.object({
      clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
      author: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
      text: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    }),
  },
});
