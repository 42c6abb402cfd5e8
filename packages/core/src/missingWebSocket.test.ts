import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSocket } from "./socket.js";

// Node 20 has no global WebSocket, and neither does a server render there. Node 22 has one, so it is taken away
// here for the test and put back after: the socket must not need it until something asks for a connection.
const original = (globalThis as { WebSocket?: unknown }).WebSocket;
beforeEach(() => {
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});
afterEach(() => {
  if (original !== undefined) (globalThis as { WebSocket?: unknown }).WebSocket = original;
});

describe("a socket where there is no WebSocket", () => {
  it("can be made without autoConnect, and stays idle", () => {
    const socket = createSocket("wss://x.test/live", { autoConnect: false });
    expect(socket.getSnapshot()).toMatchObject({ status: "idle", attempt: 0 });
    expect(socket.webSocket).toBeNull();
  });

  it("says what to pass when connect() or reconnect() is called, and changes nothing", () => {
    const socket = createSocket("wss://x.test/live", { autoConnect: false });
    const before = socket.getSnapshot();
    const told =
      /^\[@lifeline\/core\] connect\(\) found no WebSocket here\. Pass one in: createSocket\(url, \{ environment: \{ WebSocket \} \}\)/;
    expect(() => socket.connect()).toThrow(told);
    expect(() => socket.reconnect()).toThrow(told);
    expect(socket.getSnapshot()).toBe(before);
  });

  it("throws at once with autoConnect, as before", () => {
    expect(() => createSocket("wss://x.test/live")).toThrow(/found no WebSocket here/);
  });

  it("works with one passed in", () => {
    let made = 0;
    class Counting {
      readyState = 0;
      close() {}
      send() {}
      constructor() {
        made++;
      }
    }
    const socket = createSocket("wss://x.test/live", { environment: { WebSocket: Counting as never } });
    expect(made).toBe(1);
    socket.close();
  });
});
