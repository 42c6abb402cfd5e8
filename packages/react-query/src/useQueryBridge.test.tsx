// @vitest-environment happy-dom

import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { defineMessages } from "@lifeline/core/typed";
import { useWebSocket, useWebSocketSelector, type WebSocketResult } from "@lifeline/react";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { z } from "zod";
import { defineCacheUpdates } from "./cacheUpdates.js";
import { liveQuery } from "./liveQuery.js";
import { defineTypedCacheUpdates } from "./typedCacheUpdates.js";
import { useQueryBridge } from "./useQueryBridge.js";

// The hook form of the bridge, in a component tree as an app has it: a real QueryClient under its provider, a real
// Lifeline socket and the fault-injecting server on loopback. Every message the server receives is counted.

// Testing Library waits 1 s by default; a real connection on a loaded two-core CI machine can take longer.
configure({ asyncUtilTimeout: 5000 });

let server: FaultyServer | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const stop of cleanups.splice(0).reverse()) await stop();
  await server?.stop();
  server = undefined;
});

type Price = { type: "price"; value: number };

async function setup() {
  const received: string[] = [];
  server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(String(data)) });
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  const socket = createSocket(server.url, { use: [browser()], environment: { WebSocket } });
  cleanups.push(
    () => socket.close(),
    () => client.clear(),
  );
  return { client, socket, received, server };
}

const priceQuery = liveQuery(
  { queryKey: ["price"], queryFn: async () => 0 },
  { subscribe: { type: "subscribe", topic: "price" }, unsubscribe: { type: "unsubscribe", topic: "price" } },
);

function Price() {
  const { data } = useQuery(priceQuery);
  return <p data-testid="price">{String(data)}</p>;
}

it("bridges for the life of the component: messages update the cache, the live query subscribes once", async () => {
  const { client, socket, received } = await setup();
  const seen: number[] = [];
  function App({ version }: { version: number }) {
    useQueryBridge<Price>(socket, {
      invalidateWindowMs: 0,
      // A new closure every render: the latest one must be the one that applies.
      updates: defineCacheUpdates<Price>({
        price: (message, to) => {
          seen.push(version);
          to.setQueryData(["price"], message.value);
        },
      }),
    });
    return <Price />;
  }
  const { rerender, unmount } = render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App version={1} />
      </QueryClientProvider>
    </StrictMode>,
  );
  await waitFor(() => expect(received).toContain('{"type":"subscribe","topic":"price"}'));
  rerender(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App version={2} />
      </QueryClientProvider>
    </StrictMode>,
  );
  await act(async () => server!.broadcast('{"type":"price","value":42}'));
  await waitFor(() => expect(screen.getByTestId("price").textContent).toBe("42"));
  expect(seen).toEqual([2]);
  // StrictMode bridged, unbridged and bridged again: the server still saw one subscribe, not two.
  expect(received.filter((text) => text.includes('"subscribe"'))).toHaveLength(1);

  unmount();
  await act(async () => server!.broadcast('{"type":"price","value":7}'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(client.getQueryData(["price"])).toBe(42);
});

it("applies typed messages once, with the latest render's updaters and onInvalid, and only the valid ones", async () => {
  const { client, socket } = await setup();
  const definitions = defineMessages({ server: { price: z.object({ value: z.number() }) } });
  const applied: Array<[version: number, value: number]> = [];
  const invalid: Array<[version: number, data: unknown]> = [];
  function App({ version }: { version: number }) {
    useQueryBridge(socket, {
      invalidateWindowMs: 0,
      // New closures every render, written inline as an app would.
      messages: defineTypedCacheUpdates(
        definitions,
        {
          price: (message, to) => {
            applied.push([version, message.value]);
            to.setQueryData(["price"], message.value);
          },
        },
        { onInvalid: (message) => invalid.push([version, message.data]) },
      ),
    });
    return <Price />;
  }
  const { rerender } = render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App version={1} />
      </QueryClientProvider>
    </StrictMode>,
  );
  await waitFor(() => expect(socket.getSnapshot().status).toBe("open"));
  rerender(
    <StrictMode>
      <QueryClientProvider client={client}>
        <App version={2} />
      </QueryClientProvider>
    </StrictMode>,
  );
  await act(async () => {
    server!.broadcast('{"type":"price","value":"42"}');
    server!.broadcast('{"type":"price","value":42}');
  });
  await waitFor(() => expect(screen.getByTestId("price").textContent).toBe("42"));
  // StrictMode bridged, unbridged and bridged again: one bridge listens, not two.
  expect(applied).toEqual([[2, 42]]);
  expect(invalid).toEqual([[2, '{"type":"price","value":"42"}']]);
});

it("bridges nothing while the socket is null, and starts when one comes", async () => {
  const { client, socket } = await setup();
  function App({ on }: { on: boolean }) {
    useQueryBridge<Price>(on ? socket : null, {
      invalidateWindowMs: 0,
      updates: defineCacheUpdates<Price>({ price: (message, to) => to.setQueryData(["price"], message.value) }),
    });
    return <Price />;
  }
  const { rerender } = render(
    <QueryClientProvider client={client}>
      <App on={false} />
    </QueryClientProvider>,
  );
  await waitFor(() => expect(socket.getSnapshot().status).toBe("open"));
  await act(async () => server!.broadcast('{"type":"price","value":1}'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(screen.getByTestId("price").textContent).toBe("0");
  rerender(
    <QueryClientProvider client={client}>
      <App on />
    </QueryClientProvider>,
  );
  await act(async () => server!.broadcast('{"type":"price","value":2}'));
  await waitFor(() => expect(screen.getByTestId("price").textContent).toBe("2"));
});

it("parses each message once for the hook's lastJsonMessage, two components and the bridge together", async () => {
  const { client, socket } = await setup();
  // One through each hook: useWebSocket's own store and useWebSocketSelector's share the parse with the bridge.
  function Hooked({ id }: { id: string }) {
    const last = useWebSocketSelector(socket, (s: WebSocketResult<Price>) => s.lastJsonMessage?.value);
    return <p data-testid={id}>{String(last)}</p>;
  }
  function Whole({ id }: { id: string }) {
    const last = useWebSocket<Price>(socket).lastJsonMessage?.value;
    return <p data-testid={id}>{String(last)}</p>;
  }
  function App() {
    useQueryBridge<Price>(socket, {
      invalidateWindowMs: 0,
      updates: defineCacheUpdates<Price>({ price: (message, to) => to.setQueryData(["price"], message.value) }),
    });
    return (
      <>
        <Price />
        <Whole id="one" />
        <Hooked id="two" />
      </>
    );
  }
  render(
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>,
  );
  await waitFor(() => expect(socket.getSnapshot().status).toBe("open"));
  // Counted from here: the test's own parsing and React's are not the bridge's.
  const parse = vi.spyOn(JSON, "parse");
  try {
    for (let value = 1; value <= 20; value++) server!.broadcast(`{"type":"price","value":${value}}`);
    await waitFor(() => expect(screen.getByTestId("two").textContent).toBe("20"));
    await waitFor(() => expect(screen.getByTestId("price").textContent).toBe("20"));
    expect(screen.getByTestId("one").textContent).toBe("20");
    const ours = parse.mock.calls.filter(([text]) => typeof text === "string" && text.includes('"price"'));
    expect(ours).toHaveLength(20);
  } finally {
    parse.mockRestore();
  }
});

// Issue 20 §2: the children's queries mount before the parent's bridge, so a bridge made on an open socket found them
// already observed and sent nothing until the next reconnect. The marker, sent last on the same connection, arrives
// after anything the bridge sent before it.
it("subscribes the children's live queries when the parent's bridge mounts on an open socket, without refetching", async () => {
  const { client, socket, received } = await setup();
  await waitFor(() => expect(socket.getSnapshot().status).toBe("open"));
  let fetches = 0;
  const countedQuery = liveQuery(
    { queryKey: ["price"], queryFn: async () => ++fetches },
    { subscribe: { type: "subscribe", topic: "price" }, unsubscribe: { type: "unsubscribe", topic: "price" } },
  );
  function Counted() {
    const { data } = useQuery(countedQuery);
    return <p data-testid="price">{String(data)}</p>;
  }
  function App() {
    useQueryBridge<Price>(socket, { invalidateWindowMs: 0 });
    return <Counted />;
  }
  const { unmount } = render(
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>,
  );
  await waitFor(() => expect(screen.getByTestId("price").textContent).toBe("1"));
  socket.send("marker:mounted");
  await waitFor(() => expect(received).toContain("marker:mounted"));
  expect(received).toEqual(['{"type":"subscribe","topic":"price"}', "marker:mounted"]);
  expect(fetches).toBe(1);

  unmount();
  socket.send("marker:unmounted");
  await waitFor(() => expect(received).toContain("marker:unmounted"));
  expect(received).toEqual([
    '{"type":"subscribe","topic":"price"}',
    "marker:mounted",
    '{"type":"unsubscribe","topic":"price"}',
    "marker:unmounted",
  ]);
  expect(server!.acceptedConnections).toBe(1);
});

// Issue 20 §2: a remount on an open socket lost the subscription: the old bridge never unsubscribed and the new one
// never subscribed.
it("unsubscribes on unmount and subscribes again on remount while the socket stays open", async () => {
  const { client, socket, received } = await setup();
  function App() {
    useQueryBridge<Price>(socket, { invalidateWindowMs: 0 });
    return <Price />;
  }
  const { rerender } = render(
    <QueryClientProvider client={client}>
      <App key="first" />
    </QueryClientProvider>,
  );
  await waitFor(() => expect(received).toEqual(['{"type":"subscribe","topic":"price"}']));

  // A new key unmounts the old App and mounts a new one, on the same socket, which stays open.
  rerender(
    <QueryClientProvider client={client}>
      <App key="second" />
    </QueryClientProvider>,
  );
  socket.send("marker:remounted");
  await waitFor(() => expect(received).toContain("marker:remounted"));
  expect(received).toEqual([
    '{"type":"subscribe","topic":"price"}',
    '{"type":"unsubscribe","topic":"price"}',
    '{"type":"subscribe","topic":"price"}',
    "marker:remounted",
  ]);
  expect(server!.acceptedConnections).toBe(1);
});
