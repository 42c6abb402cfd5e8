import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReadyState } from "./constants.js";
import { resetGlobalState } from "./registry.js";
import type { Options } from "./types.js";
import { useWebSocket } from "./use-websocket.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 8000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  resetGlobalState();
  await server?.stop();
  server = undefined;
});

type Seen = { current: ReturnType<typeof useWebSocket> | null };

function Reader({ url, options, seen }: { url: string; options?: Options; seen?: Seen }) {
  const result = useWebSocket(url, { share: true, ...options });
  if (seen) seen.current = result;
  return <p>{result.lastMessage ? String(result.lastMessage.data) : "none"}</p>;
}

describe("share: true", () => {
  it("opens one connection for three components with the same URL, and three without share", async () => {
    server = await startFaultyServer();
    const seen: Seen[] = [{ current: null }, { current: null }, { current: null }];
    const { unmount } = render(
      <div>
        {seen.map((each, index) => (
          <Reader key={["a", "b", "c"][index]} url={server!.url} seen={each} />
        ))}
      </div>,
    );
    await waitFor(() => expect(seen.every((each) => each.current?.readyState === ReadyState.OPEN)).toBe(true));
    expect(server.acceptedConnections).toBe(1);
    // One socket under all three: the same Lifeline socket, one message reaches all.
    expect(new Set(seen.map((each) => each.current?.socket)).size).toBe(1);
    server.broadcast("to all");
    await waitFor(() =>
      expect(seen.map((each) => each.current?.lastMessage?.data)).toEqual(["to all", "to all", "to all"]),
    );
    unmount();
    await waitFor(() => expect(server!.openConnections).toBe(0));

    const own: Seen[] = [{ current: null }, { current: null }, { current: null }];
    render(
      <div>
        {own.map((each, index) => (
          <Reader key={["a", "b", "c"][index]} url={server!.url} options={{ share: false }} seen={each} />
        ))}
      </div>,
    );
    await waitFor(() => expect(own.every((each) => each.current?.readyState === ReadyState.OPEN)).toBe(true));
    expect(server.acceptedConnections).toBe(4);
  });

  it("does not render a status-only sibling for each message", async () => {
    server = await startFaultyServer();
    const renders = { status: 0, reader: 0 };
    function Status() {
      const { readyState } = useWebSocket(server!.url, { share: true });
      renders.status++;
      return <p>{readyState}</p>;
    }
    const seen: Seen = { current: null };
    function Inner() {
      const result = useWebSocket(server!.url, { share: true });
      seen.current = result;
      renders.reader++;
      return <p>{result.lastMessage ? String(result.lastMessage.data) : "none"}</p>;
    }
    render(
      <>
        <Status />
        <Inner />
      </>,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const before = { ...renders };
    for (let index = 0; index < 100; index++) server.broadcast(`message ${index}`);
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("message 99"));
    // The reader renders once per message (flushSync, as upstream); the status badge not at all.
    expect(renders.reader - before.reader).toBeGreaterThanOrEqual(100);
    expect(renders.status - before.status).toBe(0);
  });

  it("calls each subscriber's onMessage once per message and applies each one's own filter", async () => {
    server = await startFaultyServer();
    const heardA: string[] = [];
    const heardB: string[] = [];
    const a: Seen = { current: null };
    const b: Seen = { current: null };
    render(
      <>
        <Reader url={server.url} seen={a} options={{ onMessage: (event) => heardA.push(event.data) }} />
        <Reader
          url={server.url}
          seen={b}
          options={{ onMessage: (event) => heardB.push(event.data), filter: (event) => event.data !== "skip" }}
        />
      </>,
    );
    await waitFor(() => expect(b.current?.readyState).toBe(ReadyState.OPEN));
    server.broadcast("keep");
    await waitFor(() => expect(b.current?.lastMessage?.data).toBe("keep"));
    server.broadcast("skip");
    await waitFor(() => expect(a.current?.lastMessage?.data).toBe("skip"));
    expect(heardA).toEqual(["keep", "skip"]);
    expect(heardB).toEqual(["keep", "skip"]);
    expect(b.current?.lastMessage?.data).toBe("keep");
  });

  it("gives a late joiner the open state without onOpen or earlier messages", async () => {
    server = await startFaultyServer();
    const first: Seen = { current: null };
    const late: Seen = { current: null };
    const opened: string[] = [];
    function App() {
      const [joined, setJoined] = useState(false);
      return (
        <>
          <Reader url={server!.url} seen={first} options={{ onOpen: () => opened.push("first") }} />
          {joined && <Reader url={server!.url} seen={late} options={{ onOpen: () => opened.push("late") }} />}
          <button type="button" onClick={() => setJoined(true)}>
            join
          </button>
        </>
      );
    }
    const view = render(<App />);
    await waitFor(() => expect(first.current?.readyState).toBe(ReadyState.OPEN));
    server.broadcast("early");
    await waitFor(() => expect(first.current?.lastMessage?.data).toBe("early"));
    act(() => view.getByText("join").click());
    await waitFor(() => expect(late.current?.readyState).toBe(ReadyState.OPEN));
    expect(late.current?.lastMessage).toBeNull();
    expect(opened).toEqual(["first"]);
    expect(server.acceptedConnections).toBe(1);
  });

  it("guards the shared WebSocket: methods through getWebSocket() do nothing, handlers cannot be replaced, reconnect works", async () => {
    server = await startFaultyServer();
    const errors = vi.spyOn(console, "error");
    const warnings = vi.spyOn(console, "warn");
    const seen: Seen = { current: null };
    render(<Reader url={server.url} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const ws = seen.current?.getWebSocket() as WebSocket & { reconnect: { current: () => void } };
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(ws.url).toBe(`${server.url}/`);
    ws.close();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("Calling methods directly on the websocket"));
    expect(() => {
      ws.onmessage = () => {};
    }).toThrow(TypeError);
    expect(warnings).toHaveBeenCalled();
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(seen.current?.readyState).toBe(ReadyState.OPEN);
    act(() => ws.reconnect.current());
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
  });

  it("closes the socket when the last subscriber leaves, and tells that one's onClose", async () => {
    server = await startFaultyServer();
    const closes: number[] = [];
    function App({ count }: { count: number }) {
      return (
        <>
          {["a", "b"].slice(0, count).map((key) => (
            <Reader key={key} url={server!.url} options={{ onClose: (event) => closes.push(event.code) }} />
          ))}
        </>
      );
    }
    const view = render(<App count={2} />);
    await waitFor(() => expect(server!.openConnections).toBe(1));
    view.rerender(<App count={1} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(server.openConnections).toBe(1);
    view.rerender(<App count={0} />);
    await waitFor(() => expect(server!.openConnections).toBe(0));
    await waitFor(() => expect(closes).toEqual([1000]));
  });

  it("resetGlobalState() forgets shared sockets, so the next component opens a new one", async () => {
    server = await startFaultyServer();
    const a: Seen = { current: null };
    const b: Seen = { current: null };
    const view = render(<Reader url={server.url} seen={a} />);
    await waitFor(() => expect(a.current?.readyState).toBe(ReadyState.OPEN));
    resetGlobalState(server.url);
    view.rerender(
      <>
        <Reader url={server.url} seen={a} />
        <Reader url={server.url} seen={b} />
      </>,
    );
    await waitFor(() => expect(b.current?.readyState).toBe(ReadyState.OPEN));
    expect(server.acceptedConnections).toBe(2);
    // It closed nothing: the first socket is still open.
    expect(a.current?.readyState).toBe(ReadyState.OPEN);
    expect(server.openConnections).toBe(2);
  });

  // Issue 20: before a shared hook's URL function settles there is nothing to join; nothing may connect meanwhile
  // (the idle placeholder socket never does), and what the app sent then goes out once, on the real socket.
  it("with a URL that resolves later, connects nothing early and sends an early message once", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const url = server.url;
    let resolveUrl: (value: string) => void = () => {};
    const later = () => new Promise<string>((resolve) => (resolveUrl = resolve));
    const seen: Seen = { current: null };
    function Early() {
      seen.current = useWebSocket(later, { share: true });
      return null;
    }
    render(<Early />);
    const placeholder = seen.current?.socket;
    act(() => seen.current?.sendMessage("early"));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(seen.current?.readyState).toBe(ReadyState.CONNECTING);
    expect(server.upgradeAttempts).toHaveLength(0);
    expect(placeholder?.getSnapshot().status).toBe("idle");
    expect(placeholder?.webSocket).toBeNull();
    act(() => resolveUrl(url));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    await waitFor(() => expect(received).toEqual(["early"]));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(received).toEqual(["early"]);
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(placeholder?.getSnapshot().status).toBe("idle");
    expect(seen.current?.socket).not.toBe(placeholder);
  });
});
