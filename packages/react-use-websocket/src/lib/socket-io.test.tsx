import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReadyState, SOCKET_IO_PING_INTERVAL } from "./constants.js";
import { resetGlobalState } from "./registry.js";
import { socketIoUrl, withQueryParams } from "./url.js";
import { parseSocketIOMessage, type SocketIOMessageData, useSocketIO } from "./use-socket-io.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 8000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  resetGlobalState();
  await server?.stop();
  server = undefined;
});

describe("socket.io framing", () => {
  it("builds socket.io's Engine.IO 3 endpoint from an http, https, ws or wss URL", () => {
    expect(socketIoUrl("http://example.com")).toBe("ws://example.com/socket.io/?EIO=3&transport=websocket");
    expect(socketIoUrl("https://example.com/")).toBe("wss://example.com/socket.io/?EIO=3&transport=websocket");
    expect(socketIoUrl("ws://127.0.0.1:3000")).toBe("ws://127.0.0.1:3000/socket.io/?EIO=3&transport=websocket");
    expect(socketIoUrl("wss://example.com")).toBe("wss://example.com/socket.io/?EIO=3&transport=websocket");
    // Then the query joins with & since the URL already has ?key=value.
    expect(withQueryParams(socketIoUrl("ws://h"), { token: "a b" })).toBe(
      "ws://h/socket.io/?EIO=3&transport=websocket&token=a b",
    );
    expect(withQueryParams("ws://h", {})).toBe("ws://h?");
  });

  it("reads a frame's bracketed part as { type, payload }, and anything else as one shared empty message", () => {
    expect(parseSocketIOMessage('42["chat",{"text":"hi"}]')).toEqual({ type: "chat", payload: { text: "hi" } });
    const empty = parseSocketIOMessage("3probe");
    expect(empty).toEqual({ type: "empty", payload: null });
    expect(parseSocketIOMessage('42["ping"]')).toBe(empty);
    expect(parseSocketIOMessage(undefined)).toBe(empty);
    expect(() => parseSocketIOMessage("42[not json]")).toThrow(SyntaxError);
  });

  it("useSocketIO connects to the socket.io path, parses frames, and pings with 2 every 25 s", async () => {
    const paths: string[] = [];
    const received: string[] = [];
    server = await startFaultyServer({
      echo: false,
      onConnection: (_socket, request) => paths.push(request.url ?? ""),
      onMessage: (data) => received.push(data),
    });
    const intervals = vi.spyOn(globalThis, "setInterval");
    const seen: { current: ReturnType<typeof useSocketIO<SocketIOMessageData>> | null } = { current: null };
    function Chat() {
      seen.current = useSocketIO(server!.url);
      return null;
    }
    render(<Chat />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(paths).toEqual(["/socket.io/?EIO=3&transport=websocket"]);
    expect(seen.current?.lastMessage).toEqual({ type: "empty", payload: null });
    server.broadcast('42["chat",{"text":"hi"}]');
    await waitFor(() => expect(seen.current?.lastMessage).toEqual({ type: "chat", payload: { text: "hi" } }));
    expect(seen.current?.lastJsonMessage).toBe(seen.current?.lastMessage);
    // The ping's timer is the platform's: run its callback instead of waiting 25 s.
    const ping = intervals.mock.calls.find(([, ms]) => ms === SOCKET_IO_PING_INTERVAL)?.[0] as () => void;
    expect(ping).toBeTypeOf("function");
    act(() => ping());
    await waitFor(() => expect(received).toEqual(["2"]));
  });
});
