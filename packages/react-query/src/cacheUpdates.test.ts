import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { defineCacheUpdates } from "./cacheUpdates.js";

interface Todo {
  id: number;
  title: string;
}
type ServerMessage =
  | { type: "todo.updated"; todo: Todo }
  | { type: "todo.deleted"; id: number }
  | { type: "presence"; users: number };

const apply = defineCacheUpdates<ServerMessage>({
  "todo.updated": (message, client) => client.setQueryData<Todo>(["todo", message.todo.id], message.todo),
  "todo.deleted": (message, client) => {
    client.removeQueries({ queryKey: ["todo", message.id], exact: true });
    void client.invalidateQueries({ queryKey: ["todos"] });
  },
});

describe("defineCacheUpdates", () => {
  it("writes a message into the cache of a real QueryClient", () => {
    const client = new QueryClient();
    expect(apply(client, { type: "todo.updated", todo: { id: 7, title: "ship it" } })).toBe(true);
    expect(client.getQueryData(["todo", 7])).toEqual({ id: 7, title: "ship it" });
  });

  it("invalidates the queries a message makes stale and removes the deleted entry", () => {
    const client = new QueryClient();
    client.setQueryData(["todos"], [{ id: 7, title: "ship it" }]);
    client.setQueryData(["todo", 7], { id: 7, title: "ship it" });
    apply(client, { type: "todo.deleted", id: 7 });
    expect(client.getQueryState(["todos"])?.isInvalidated).toBe(true);
    expect(client.getQueryData(["todo", 7])).toBeUndefined();
  });

  it("leaves the cache alone and says so for a type it has no handler for", () => {
    const client = new QueryClient();
    client.setQueryData(["todos"], []);
    expect(apply(client, { type: "presence", users: 3 })).toBe(false);
    expect(client.getQueryState(["todos"])?.isInvalidated).toBe(false);
  });

  it("ignores data that is not a typed message", () => {
    const client = new QueryClient();
    for (const junk of [null, 5, "text", [], { type: 7 }]) expect(apply(client, junk as never)).toBe(false);
  });

  it("ignores message types that name Object.prototype members", () => {
    const client = new QueryClient();
    expect(apply(client, { type: "constructor" } as never)).toBe(false);
    expect(apply(client, { type: "__proto__" } as never)).toBe(false);
  });
});
