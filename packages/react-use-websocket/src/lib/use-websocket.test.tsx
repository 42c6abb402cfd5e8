import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, version } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ReadyState } from "./constants.js";
import { resetGlobalState } from "./registry.js";
import type { Options } from "./types.js";
import { useWebSocket } from "./use-websocket.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 8000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  resetGlobalState();
  await server?.stop();
  server = undefined;
});

type Seen = { current: ReturnType<typeof useWebSocket> | null };

function Probe({
  url,
  options,
  connect,
  seen,
}: {
  url: string | null;
  options?: Options;
  connect?: boolean;
  seen: Seen;
}) {
  const result = useWebSocket(url, options, connect);
  seen.current = result;
  return (
    <p data-testid="state">
      {result.readyState} {result.lastMessage ? String(result.lastMessage.data) : "none"}
    </p>
  );
}

describe("useWebSocket against a real server", () => {
  it("runs on the React version this project says", () => {
    expect(version.split(".")[0]).toBe(process.env.EXPECTED_REACT);
  });

  it("reports CONNECTING on the first render, then OPEN, and echoes a message into lastMessage and lastJsonMessage", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const states: number[] = [];
    function Watch() {
      const result = useWebSocket(server!.url);
      seen.current = result;
      states.push(result.readyState);
      return null;
    }
    render(<Watch />);
    expect(states[0]).toBe(ReadyState.CONNECTING);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    act(() => seen.current?.sendJsonMessage({ hello: "world" }));
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe('{"hello":"world"}'));
    expect(seen.current?.lastJsonMessage).toEqual({ hello: "world" });
    expect(seen.current?.lastMessage).toBeInstanceOf(MessageEvent);
    expect(server.stats().receivedMessages).toBe(1);
  });

  it("reports UNINSTANTIATED with a null URL or connect false, and opens no connection", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const { rerender } = render(<Probe url={null} seen={seen} />);
    expect(seen.current?.readyState).toBe(ReadyState.UNINSTANTIATED);
    rerender(<Probe url={server.url} connect={false} seen={seen} />);
    expect(seen.current?.readyState).toBe(ReadyState.UNINSTANTIATED);
    expect(seen.current?.getWebSocket()).toBeNull();
    rerender(<Probe url={server.url} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(server.upgradeAttempts).toHaveLength(1);
    // Turned off after a URL was used: CLOSED, not UNINSTANTIATED.
    rerender(<Probe url={server.url} connect={false} seen={seen} />);
    expect(seen.current?.readyState).toBe(ReadyState.CLOSED);
    await waitFor(() => expect(server!.openConnections).toBe(0));
  });

  it("opens exactly one connection under StrictMode", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(
      <StrictMode>
        <Probe url={server.url} seen={seen} />
      </StrictMode>,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("getWebSocket() gives the platform's WebSocket, and sendMessage sends raw data unserialized", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(<Probe url={server.url} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const ws = seen.current?.getWebSocket();
    expect(ws).toBeInstanceOf(WebSocket);
    expect((ws as WebSocket).url).toBe(`${server.url}/`);
    const received: string[] = [];
    (await server.nextConnection()).on("message", (data) => received.push(String(data)));
    act(() => seen.current?.sendMessage("plain text"));
    await waitFor(() => expect(received).toEqual(["plain text"]));
    expect(screen.getByTestId("state").textContent).toBe("1 plain text");
  });
});

describe("lifecycle details", () => {
  it("opens one shared connection under StrictMode", async () => {
    server = await startFaultyServer();
    const a: Seen = { current: null };
    const b: Seen = { current: null };
    render(
      <StrictMode>
        <Probe url={server.url} options={{ share: true }} seen={a} />
        <Probe url={server.url} options={{ share: true }} seen={b} />
      </StrictMode>,
    );
    await waitFor(() => expect(b.current?.readyState).toBe(ReadyState.OPEN));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(a.current?.socket).toBe(b.current?.socket);
  });

  it("a new URL resets lastMessage to null; a hook's own socket stays the same object", async () => {
    server = await startFaultyServer();
    const other = await startFaultyServer();
    try {
      const seen: Seen = { current: null };
      const view = render(<Probe url={server.url} seen={seen} />);
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
      const socket = seen.current?.socket;
      server.broadcast("old");
      await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("old"));
      view.rerender(<Probe url={other.url} seen={seen} />);
      await waitFor(() => expect(seen.current?.lastMessage).toBeNull());
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
      expect(seen.current?.socket).toBe(socket);
      expect(other.acceptedConnections).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it("renders on the server as CONNECTING (or UNINSTANTIATED without a URL) and connects nowhere", async () => {
    server = await startFaultyServer();
    const { renderToString } = await import("react-dom/server");
    function Show({ url }: { url: string | null }) {
      return <p>{useWebSocket(url).readyState}</p>;
    }
    expect(renderToString(<Show url={server.url} />)).toBe("<p>0</p>");
    expect(renderToString(<Show url={null} />)).toBe("<p>-1</p>");
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(server.upgradeAttempts).toHaveLength(0);
  });
});
