import { describe, expect, it } from "vitest";
import { FakeCloseEvent } from "./fakeCloseEvent.js";
import { createFakeWebSocket } from "./fakeWebSocket.js";

// Records every event a socket dispatches, through listeners and the on* handlers alike.
function record(socket: EventTarget & { onclose: unknown }) {
  const events: string[] = [];
  for (const type of ["open", "message", "error", "close"]) {
    socket.addEventListener(type, (event) => {
      if (event instanceof FakeCloseEvent) events.push(`close:${event.code}:${event.reason}:${event.wasClean}`);
      else if (event instanceof MessageEvent) events.push(`message:${String(event.data)}`);
      else events.push(event.type);
    });
  }
  return events;
}

describe("createFakeWebSocket", () => {
  it("keeps the sockets each factory made apart, and last() names the newest", () => {
    const first = createFakeWebSocket();
    const second = createFakeWebSocket();
    const a = new first.WebSocket("ws://example.test/a");
    const b = new first.WebSocket("ws://example.test/b");
    expect(first.sockets).toEqual([a, b]);
    expect(first.last()).toBe(b);
    expect(second.sockets).toEqual([]);
    expect(() => second.last()).toThrow("[@lifeline/testing] last() found no socket");
  });

  it("has the browser's constants on the class and on each instance", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://example.test");
    expect([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect(socket).toBeInstanceOf(EventTarget);
  });

  it("starts CONNECTING with the browser's defaults", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://example.test/socket?room=1");
    expect(socket).toMatchObject({
      url: "wss://example.test/socket?room=1",
      readyState: 0,
      protocol: "",
      extensions: "",
      bufferedAmount: 0,
      binaryType: "blob",
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
    });
  });
});

describe("FakeWebSocket: the constructor", () => {
  it.each([
    ["http://example.test/socket", "ws://example.test/socket"],
    ["https://example.test/socket", "wss://example.test/socket"],
    ["ws://127.0.0.1:8080", "ws://127.0.0.1:8080/"],
  ])("turns %s into %s as browsers do", (input, url) => {
    const { WebSocket } = createFakeWebSocket();
    expect(new WebSocket(input).url).toBe(url);
  });

  it.each([
    ["ftp://example.test", /the scheme ftp: is not allowed/],
    ["wss://example.test/#room", /has a fragment/],
    ["wss://example.test/#", /has a fragment/],
    ["/relative", /the URL is invalid/],
  ])("throws a SyntaxError DOMException for %s and makes no socket", (url, message) => {
    const { WebSocket, sockets } = createFakeWebSocket();
    let thrown: unknown;
    try {
      new WebSocket(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DOMException);
    expect(thrown).toMatchObject({ name: "SyntaxError", message: expect.stringMatching(message) });
    expect(sockets).toHaveLength(0);
  });

  it("rejects a subprotocol listed twice or that is not a token", () => {
    const { WebSocket } = createFakeWebSocket();
    expect(() => new WebSocket("wss://x.test", ["chat", "chat"])).toThrow(/listed twice/);
    expect(() => new WebSocket("wss://x.test", "has space")).toThrow(/not a valid token/);
    expect(new WebSocket("wss://x.test", ["chat", "v2"]).protocols).toEqual(["chat", "v2"]);
  });
});

describe("FakeWebSocket: test controls", () => {
  it("opens with the subprotocol the server picked and fires open to the handler and the listeners", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test", ["chat"]);
    const events = record(socket);
    const handled: string[] = [];
    socket.onopen = (event) => handled.push(event.type);
    socket.open("chat");
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(socket.protocol).toBe("chat");
    expect(events).toEqual(["open"]);
    expect(handled).toEqual(["open"]);
    expect(() => socket.open()).toThrow(/already open/);
  });

  it("refuses a subprotocol the client did not ask for", () => {
    const { WebSocket } = createFakeWebSocket();
    expect(() => new WebSocket("wss://x.test", ["chat"]).open("other")).toThrow(/did not ask for that subprotocol/);
  });

  it("delivers received data in a MessageEvent with the server's origin", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test:8443/feed");
    const messages: MessageEvent[] = [];
    socket.onmessage = (event) => messages.push(event);
    socket.open();
    const bytes = new Uint8Array([1, 2]).buffer;
    socket.receive("hello");
    socket.receive(bytes);
    expect(messages.map((event) => event.data)).toEqual(["hello", bytes]);
    expect(messages[0]).toBeInstanceOf(MessageEvent);
    expect(messages[0]!.origin).toBe("wss://x.test:8443");
  });

  it("closes cleanly with the server's code and reason", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    let closeEvent: FakeCloseEvent | undefined;
    socket.onclose = (event) => {
      closeEvent = event;
    };
    socket.open();
    socket.serverClose(1008, "rate limit exceeded; retry-after=30");
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    expect(events).toEqual(["open", "close:1008:rate limit exceeded; retry-after=30:true"]);
    expect(closeEvent).toBeInstanceOf(FakeCloseEvent);
    expect(closeEvent).toMatchObject({ type: "close", code: 1008, wasClean: true });
  });

  it("reports a Close frame without a status as 1005, clean", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    socket.open();
    socket.serverCloseNoStatus();
    expect(events).toEqual(["open", "close:1005::true"]);
  });

  it("refuses server close codes that never travel in a Close frame, and reasons over 123 bytes", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.open();
    expect(() => socket.serverClose(1006)).toThrow(/use serverCloseNoStatus\(\) for 1005 or drop\(\) for 1006/i);
    expect(() => socket.serverClose(1000, "é".repeat(62))).toThrow(/124 bytes/);
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it("reports a drop after open as 1006, not clean, with no error event, as Chromium does", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    let errors = 0;
    socket.onerror = () => errors++;
    socket.open();
    socket.drop();
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    expect(events).toEqual(["open", "close:1006::false"]);
    expect(errors).toBe(0);
  });

  it("reports a failed handshake as error, then close 1006, and never opens", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    const handled: string[] = [];
    socket.onerror = (event) => handled.push(event.type);
    socket.onclose = (event) => handled.push(`${event.type}:${event.code}`);
    socket.failHandshake();
    expect(events).toEqual(["error", "close:1006::false"]);
    expect(handled).toEqual(["error", "close:1006"]);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it("throws when a control does not fit the socket's state", () => {
    const { WebSocket } = createFakeWebSocket();
    const connecting = new WebSocket("wss://x.test");
    expect(() => connecting.drop()).toThrow(/needs a socket that has opened, but this one is CONNECTING/);
    expect(() => connecting.receive("early")).toThrow(/needs an open socket, but this one is CONNECTING/);
    connecting.open();
    expect(() => connecting.failHandshake()).toThrow(/needs a connecting socket, but this one is OPEN/);
    connecting.drop();
    expect(() => connecting.serverClose(1000)).toThrow(/this one is CLOSED/);
  });
});

describe("FakeWebSocket: the client side", () => {
  it("throws InvalidStateError on send while CONNECTING", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    expect(() => socket.send("too early")).toThrow(expect.objectContaining({ name: "InvalidStateError" }));
    expect(socket.sent).toEqual([]);
  });

  it("records what is sent while OPEN, and drops it silently once closing, counting it in bufferedAmount", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.open();
    const bytes = new Uint8Array([1, 2, 3]);
    socket.send("a");
    socket.send(bytes);
    expect(socket.bufferedAmount).toBe(0);
    socket.close();
    socket.send("é");
    expect(socket.sent).toEqual(["a", bytes]);
    expect(socket.bufferedAmount).toBe(2);
  });

  it.each([999, 1001, 1006, 2999, 5000, 3000.5])("throws InvalidAccessError for close(%d)", (code) => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.open();
    expect(() => socket.close(code)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it("throws SyntaxError for a close reason over 123 bytes of UTF-8, and accepts exactly 123", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.open();
    // "€" is 3 bytes: 41 of them are 123 bytes, 42 are 126.
    expect(() => socket.close(1000, "€".repeat(42))).toThrow(expect.objectContaining({ name: "SyntaxError" }));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(() => socket.close(1000, "€".repeat(41))).not.toThrow();
  });

  it("validates close() arguments even when already closed", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.open();
    socket.drop();
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
    expect(() => socket.close(1000)).not.toThrow();
  });

  it("closes an open socket cleanly in a microtask, with the code and reason given", async () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    socket.open();
    socket.close(4000, "done");
    expect(socket.readyState).toBe(WebSocket.CLOSING);
    expect(events).toEqual(["open"]);
    await Promise.resolve();
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    expect(events).toEqual(["open", "close:4000:done:true"]);
  });

  it("reports 1005 after close() without a code, and 1000 after a reason without a code", async () => {
    const { WebSocket } = createFakeWebSocket();
    const plain = new WebSocket("wss://x.test");
    const withReason = new WebSocket("wss://x.test");
    const plainEvents = record(plain);
    const reasonEvents = record(withReason);
    plain.open();
    withReason.open();
    plain.close();
    withReason.close(undefined, "bye");
    await Promise.resolve();
    expect(plainEvents.at(-1)).toBe("close:1005::true");
    expect(reasonEvents.at(-1)).toBe("close:1000:bye:true");
  });

  it("fails a connection closed while CONNECTING: CLOSING at once, then error and close 1006 in a microtask", async () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    socket.close(1000, "never mind");
    expect(socket.readyState).toBe(WebSocket.CLOSING);
    expect(events).toEqual([]);
    // The server accepting after the page gave up changes nothing.
    socket.open();
    await Promise.resolve();
    expect(events).toEqual(["error", "close:1006::false"]);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it("ignores close() while already closing, and fires close only once", async () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    socket.open();
    socket.close(1000);
    socket.close(4001);
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(["open", "close:1000::true"]);
  });

  it("lets the server's Close frame answer a pending close(), with the server's code", async () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const events = record(socket);
    socket.open();
    socket.close(4000);
    socket.receive("ignored while closing");
    socket.serverClose(1001, "going away");
    await Promise.resolve();
    expect(events).toEqual(["open", "close:1001:going away:true"]);
  });

  it("keeps the binaryType the browser allows and ignores other values", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    socket.binaryType = "arraybuffer";
    socket.binaryType = "nonsense" as BinaryType;
    expect(socket.binaryType).toBe("arraybuffer");
  });
});

describe("FakeWebSocket: events", () => {
  it("runs an on* handler in the place it was first set among listeners, and replacing it keeps that place", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const order: string[] = [];
    socket.addEventListener("open", () => order.push("listener 1"));
    socket.onopen = () => order.push("handler A");
    socket.addEventListener("open", () => order.push("listener 2"));
    socket.onopen = () => order.push("handler B");
    socket.open();
    expect(order).toEqual(["listener 1", "handler B", "listener 2"]);
  });

  it("stops calling a handler set to null and a removed listener", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const calls: string[] = [];
    const listener = () => calls.push("listener");
    socket.addEventListener("message", listener);
    socket.onmessage = () => calls.push("handler");
    socket.open();
    socket.receive("one");
    socket.removeEventListener("message", listener);
    socket.onmessage = null;
    socket.receive("two");
    expect(calls).toEqual(["listener", "handler"]);
    expect(socket.onmessage).toBeNull();
  });

  it("calls handlers with the socket as this and the event's target", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    let self: unknown;
    let target: unknown;
    socket.onopen = function (event) {
      self = this;
      target = event.target;
    };
    socket.open();
    expect(self).toBe(socket);
    expect(target).toBe(socket);
  });

  it("dispatches events that a test sends through dispatchEvent", () => {
    const { WebSocket } = createFakeWebSocket();
    const socket = new WebSocket("wss://x.test");
    const seen: number[] = [];
    socket.onclose = (event) => seen.push(event.code);
    socket.dispatchEvent(new FakeCloseEvent("close", { code: 4000 }));
    expect(seen).toEqual([4000]);
  });
});

describe("FakeCloseEvent", () => {
  it("defaults like the browser's CloseEventInit: code 0, empty reason, not clean", () => {
    const event = new FakeCloseEvent("close");
    expect(event).toBeInstanceOf(Event);
    expect(event).toMatchObject({ type: "close", code: 0, reason: "", wasClean: false });
  });
});
