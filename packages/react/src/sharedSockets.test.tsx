// Sharing by key through a socket client, against a real `ws` server on loopback: the server counts connections,
// so "one socket for N components" is measured where it matters, with nothing de-duplicating in between.
import { createSocketClient } from "@lifeline/core/client";
import { createFakeSignal, type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, useEffect, useState } from "react";
import { afterEach, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { SocketClientProvider, useSocketClient } from "./SocketClientProvider.js";
import { createSocketClient as createReactClient } from "./socketClient.js";
import { useWebSocket } from "./useWebSocket.js";
import { useWebSocketSelector } from "./useWebSocketSelector.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 5000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function Price({ url, id }: { url: string; id: number }) {
  const socket = useSocketClient().socket(url);
  const { status, lastMessage } = useWebSocket(socket);
  return <p data-testid={`price-${id}`}>{`${status} ${String(lastMessage)}`}</p>;
}

it("opens one connection for five components on one key, in StrictMode, and every one gets each message", async () => {
  server = await startFaultyServer({ echo: false });
  const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
  const url = `${server.url}/prices`;
  render(
    <StrictMode>
      <SocketClientProvider client={client}>
        {[1, 2, 3, 4, 5].map((id) => (
          <Price key={id} url={url} id={id} />
        ))}
      </SocketClientProvider>
    </StrictMode>,
  );
  for (const id of [1, 2, 3, 4, 5]) {
    await waitFor(() => expect(screen.getByTestId(`price-${id}`).textContent).toBe("open null"));
  }
  expect(server.acceptedConnections).toBe(1);
  expect(server.stats().upgradeAttempts).toBe(1);
  act(() => {
    server!.broadcast("42");
  });
  for (const id of [1, 2, 3, 4, 5]) {
    await waitFor(() => expect(screen.getByTestId(`price-${id}`).textContent).toBe("open 42"));
  }
  expect(server.acceptedConnections).toBe(1);
});

// Issue 21: the client @lifeline/react exports gives its sockets browser(), as the hook gives its own.
it("gives a shared socket from @lifeline/react's client the browser preset, with no `use` passed", async () => {
  server = await startFaultyServer();
  const online = createFakeSignal(true);
  const client = createReactClient({ socketOptions: { environment: { WebSocket, online } } });
  function Decision() {
    const { status, decision } = useWebSocket(useSocketClient().socket(server!.url));
    return <p data-testid="decision">{`${status} ${decision?.action ?? "-"} ${decision?.retryAfterMs ?? "-"}`}</p>;
  }
  render(
    <SocketClientProvider client={client}>
      <Decision />
    </SocketClientProvider>,
  );
  await waitFor(() => expect(screen.getByTestId("decision").textContent).toBe("open - -"));
  server.closeAll(1008, "rate limit exceeded; retry-after=5");
  await waitFor(() => expect(screen.getByTestId("decision").textContent).toBe("reconnecting after-hint 5000"));
  act(() => online.set(false));
  await waitFor(() => expect(screen.getByTestId("decision").textContent).toMatch(/^offline /));
  client.clear();
});

it("closes the connection with 1000 when the last component leaves, and opens a new one when one comes back", async () => {
  const closes: number[] = [];
  server = await startFaultyServer({
    echo: false,
    onConnection: (socket) => socket.on("close", (code: number) => closes.push(code)),
  });
  const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
  const url = `${server.url}/prices`;
  function Page({ count }: { count: number }) {
    return (
      <SocketClientProvider client={client}>
        {[0, 1, 2].slice(0, count).map((id) => (
          <Price key={id} url={url} id={id} />
        ))}
      </SocketClientProvider>
    );
  }
  const { rerender } = render(<Page count={3} />);
  await waitFor(() => expect(screen.getByTestId("price-2").textContent).toBe("open null"));
  rerender(<Page count={1} />);
  // Two of three left: the connection stays for the one still there.
  await waitFor(() => expect(screen.queryByTestId("price-2")).toBeNull());
  expect(server.openConnections).toBe(1);
  rerender(<Page count={0} />);
  await waitFor(() => expect(closes).toEqual([1000]));
  expect(server.acceptedConnections).toBe(1);
  rerender(<Page count={2} />);
  await waitFor(() => expect(screen.getByTestId("price-1").textContent).toBe("open null"));
  expect(server.acceptedConnections).toBe(2);
  expect(server.openConnections).toBe(1);
});

it("moves a room switcher between keys: each join once, on its own room's connection, old rooms closed with 1000", async () => {
  const joins: string[] = [];
  const closes: string[] = [];
  const paths = new WeakMap<object, string>();
  server = await startFaultyServer({
    echo: false,
    onConnection: (socket, request) => {
      paths.set(socket, request.url ?? "");
      socket.on("close", (code: number) => closes.push(`${request.url} ${code}`));
    },
    onMessage: (data, socket) => joins.push(`${paths.get(socket)} ${data}`),
  });
  const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
  function Room({ room }: { room: string }) {
    const { sendJson, status } = useWebSocket(useSocketClient().socket(`${server!.url}/${room}`));
    useEffect(() => {
      // "queued" while the room's socket connects: never thrown, never sent to the old room.
      expect(sendJson({ join: room })).not.toBe("closed");
    }, [room, sendJson]);
    return <p data-testid="room">{`${room} ${status}`}</p>;
  }
  function Switcher() {
    const [room, setRoom] = useState("a");
    return (
      <SocketClientProvider client={client}>
        <Room room={room} />
        <button type="button" onClick={() => setRoom("b")}>
          b
        </button>
        <button type="button" onClick={() => setRoom("c")}>
          c
        </button>
      </SocketClientProvider>
    );
  }
  render(
    <StrictMode>
      <Switcher />
    </StrictMode>,
  );
  await waitFor(() => expect(screen.getByTestId("room").textContent).toBe("a open"));
  act(() => screen.getByText("b").click());
  await waitFor(() => expect(screen.getByTestId("room").textContent).toBe("b open"));
  act(() => screen.getByText("c").click());
  await waitFor(() => expect(screen.getByTestId("room").textContent).toBe("c open"));
  // StrictMode runs each effect twice on mount only: a, then b and c once each.
  await waitFor(() => expect(joins).toHaveLength(4));
  expect(joins).toEqual(['/a {"join":"a"}', '/a {"join":"a"}', '/b {"join":"b"}', '/c {"join":"c"}']);
  await waitFor(() => expect(closes).toEqual(["/a 1000", "/b 1000"]));
  expect(server.openConnections).toBe(1);
});

it("renders a status-only component zero times for 100 messages on a shared socket", async () => {
  server = await startFaultyServer({ echo: false });
  const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
  const url = `${server.url}/prices`;
  let statusRenders = 0;
  function StatusLight() {
    statusRenders++;
    const status = useWebSocketSelector(useSocketClient().socket(url), (s) => s.status);
    return <span data-testid="light">{status}</span>;
  }
  render(
    <SocketClientProvider client={client}>
      <StatusLight />
      <Price url={url} id={1} />
    </SocketClientProvider>,
  );
  await waitFor(() => expect(screen.getByTestId("light").textContent).toBe("open"));
  const before = statusRenders;
  for (let index = 0; index < 100; index++) server.broadcast(`m${index}`);
  await waitFor(() => expect(screen.getByTestId("price-1").textContent).toBe("open m99"));
  expect(statusRenders).toBe(before);
  expect(server.acceptedConnections).toBe(1);
});

it("warns once, in development, that a shared socket keeps the client's options", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
    function Mine() {
      useWebSocketSelector(useSocketClient().socket("ws://127.0.0.1:1/never"), (s) => s.status, {
        reconnect: { maxAttempts: 1 },
      });
      return null;
    }
    render(
      <SocketClientProvider client={client}>
        <Mine />
        <Mine />
      </SocketClientProvider>,
    );
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[@lifeline\/react\] useWebSocket\(socket, options\) ignores reconnect: a socket passed in keeps the options it was made with/,
    );
    client.clear();
  } finally {
    warn.mockRestore();
  }
});

it("says what to do when there is no SocketClientProvider", () => {
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  function Orphan() {
    useSocketClient();
    return null;
  }
  try {
    expect(() => render(<Orphan />)).toThrow(
      /^\[@lifeline\/react\] useSocketClient\(\) found no <SocketClientProvider> above it\. Create a client with createSocketClient\(\)/,
    );
  } finally {
    error.mockRestore();
  }
});
