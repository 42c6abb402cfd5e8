// One connection for all tabs (`tabs()` from @lifeline/core/tabs) through the React layer: each "tab" is a React
// root of its own in this process, with its own hook or socket client, as each browser tab has. They talk over
// Node's BroadcastChannel and elect with in-memory Web Locks, against a real `ws` server that counts connections and
// every message it receives. Chromium's own locks and channel, across real pages, are the demo's e2e tests' part.

import { tabs } from "@lifeline/core/tabs";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { createFakeLocks } from "@lifeline/testing/fake";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { WebSocket } from "ws";
import { SocketClientProvider, useSocketClient } from "./SocketClientProvider.js";
import { createSocketClient } from "./socketClient.js";
import { useWebSocket } from "./useWebSocket.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 5000 });

let server: FaultyServer | undefined;
let received: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = undefined;
  received = [];
});

type Sender = (text: string) => void;
// One profile's locks for the tabs of a test.
let sharedLocks = createFakeLocks();

function Status({ id, onSend }: { id: number; onSend: (send: Sender) => void }) {
  const { status, tab, lastMessage, send } = useWebSocket((server as FaultyServer).url, {
    environment: { WebSocket },
    use: [tabs({ key: "user-1", locks: sharedLocks })],
  });
  onSend(send);
  return <p data-testid={`tab-${id}`}>{`${status} ${tab?.role} ${tab?.tabs} ${String(lastMessage)}`}</p>;
}

it("useWebSocket with tabs() in use: three tabs share one connection, show the same state, and a follower's send arrives once", async () => {
  server = await startFaultyServer({ echo: false, onMessage: (data) => void received.push(data) });
  sharedLocks = createFakeLocks();
  const senders: Sender[] = [];
  for (const id of [1, 2, 3]) {
    const keep = (send: Sender) => {
      senders[id] = send;
    };
    render(<Status id={id} onSend={keep} />);
  }
  const texts = () => [1, 2, 3].map((id) => screen.getByTestId(`tab-${id}`).textContent);
  await waitFor(() => expect(texts().every((text) => text?.startsWith("open") && text.includes(" 3 "))).toBe(true));
  expect(
    texts()
      .map((text) => text?.split(" ")[1])
      .sort(),
  ).toEqual(["follower", "follower", "leader"]);
  expect(server.acceptedConnections).toBe(1);

  act(() => void server?.broadcast("42"));
  await waitFor(() => expect(texts().every((text) => text?.endsWith(" 42"))).toBe(true));

  const follower = [1, 2, 3].find((id) => screen.getByTestId(`tab-${id}`).textContent?.includes("follower"));
  act(() => senders[follower as number]?.("from a follower"));
  await waitFor(() => expect(received).toEqual(["from a follower"]));
  expect(server.acceptedConnections).toBe(1);
});

function Price({ id }: { id: number }) {
  const socket = useSocketClient().socket(`${(server as FaultyServer).url}/prices`);
  const { status, tab } = useWebSocket(socket);
  return <p data-testid={`price-${id}`}>{`${status} ${tab?.role}`}</p>;
}

it("a socket client with tabs() in its sockets' options: two tabs, each with its own client and two components, hold one connection", async () => {
  server = await startFaultyServer({ echo: false });
  const locks = createFakeLocks();
  for (const tab of [1, 2]) {
    const client = createSocketClient({
      socketOptions: { environment: { WebSocket }, use: [tabs({ key: "user-1", locks })] },
    });
    render(
      <SocketClientProvider client={client}>
        <Price id={tab * 10 + 1} />
        <Price id={tab * 10 + 2} />
      </SocketClientProvider>,
    );
  }
  const texts = () => [11, 12, 21, 22].map((id) => screen.getByTestId(`price-${id}`).textContent);
  await waitFor(() => expect(texts().every((text) => text?.startsWith("open"))).toBe(true));
  await waitFor(() => expect([...new Set(texts())].sort()).toEqual(["open follower", "open leader"]));
  expect(server.acceptedConnections).toBe(1);
});
