// What moved out of useWebSocket with issue 21: selecting a part (`select`, `isEqual`) and folding bursts (`batch`).
// The selection tests are useWebSocket.test.tsx's from before the move, with only their setup changed.

import { createSocket, type SendOutcome, type SocketStatus } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createFakeWebSocket, type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { Profiler } from "react";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { WebSocket } from "ws";
import { useWebSocket, type WebSocketResult } from "./useWebSocket.js";
import { useWebSocketSelector } from "./useWebSocketSelector.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);
// Real servers on loopback: give waitFor room on a loaded CI machine.
configure({ asyncUtilTimeout: 5000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.stop();
  server = undefined;
});

const selectStatus = (state: { status: string }) => ({ status: state.status });

describe("useWebSocketSelector with the fake WebSocket", () => {
  it("renders a status-only component zero times for 1,000 messages", async () => {
    const fake = createFakeWebSocket();
    const socket = createSocket("wss://x.test", { use: [browser()], environment: { WebSocket: fake.WebSocket } });
    let statusRenders = 0;
    let messageRenders = 0;
    function StatusOnly() {
      const { status } = useWebSocketSelector(socket, selectStatus);
      return <p>{status}</p>;
    }
    function LastMessage() {
      const { lastMessage } = useWebSocketSelector(socket, (state) => ({ lastMessage: state.lastMessage }));
      return <p data-testid="last">{String(lastMessage)}</p>;
    }
    render(
      <>
        <Profiler id="status" onRender={() => statusRenders++}>
          <StatusOnly />
        </Profiler>
        <Profiler id="message" onRender={() => messageRenders++}>
          <LastMessage />
        </Profiler>
      </>,
    );
    act(() => fake.last().open());
    statusRenders = 0;
    messageRenders = 0;
    for (let index = 0; index < 1000; index++) act(() => fake.last().receive(`m${index}`));
    expect(statusRenders).toBe(0);
    expect(messageRenders).toBe(1000);
    expect(screen.getByTestId("last").textContent).toBe("m999");
  });

  it("returns what select returns, any value, and renders only when it changes", async () => {
    const fake = createFakeWebSocket();
    const socket = createSocket("wss://x.test", { use: [browser()], environment: { WebSocket: fake.WebSocket } });
    const renders = { status: 0, count: 0, busy: 0 };
    let send: ((value: unknown) => SendOutcome) | undefined;
    function StatusText() {
      renders.status++;
      // A string, and the actions are in what select receives.
      const status = useWebSocketSelector(socket, (result) => result.status);
      return <p data-testid="status-text">{status}</p>;
    }
    function Count() {
      renders.count++;
      const [count, sendJson] = useWebSocketSelector(socket, (r) => [r.messageCount, r.sendJson] as const);
      send = sendJson;
      return <p data-testid="count">{count}</p>;
    }
    function Busy() {
      renders.busy++;
      // A new object every time, equal by the app's own rule: only crossing 3 messages renders.
      const busy = useWebSocketSelector(socket, (r) => ({ busy: r.messageCount >= 3, at: r.messageCount }), {
        isEqual: (a, b) => a.busy === b.busy,
      });
      return <p data-testid="busy">{`${busy.busy} ${busy.at}`}</p>;
    }
    render(
      <>
        <StatusText />
        <Count />
        <Busy />
      </>,
    );
    act(() => fake.last().open());
    expect(screen.getByTestId("status-text").textContent).toBe("open");
    const before = { ...renders };
    act(() => fake.last().receive("1"));
    act(() => fake.last().receive("2"));
    act(() => fake.last().receive("3"));
    expect(screen.getByTestId("count").textContent).toBe("3");
    expect(screen.getByTestId("busy").textContent).toBe("true 3");
    expect(renders.status - before.status).toBe(0);
    expect(renders.count - before.count).toBe(3);
    expect(renders.busy - before.busy).toBe(1);
    act(() => fake.last().receive("4"));
    act(() => fake.last().receive("5"));
    // Equal by isEqual: the committed selection stays, `at` included.
    expect(renders.busy - before.busy).toBe(1);
    expect(screen.getByTestId("busy").textContent).toBe("true 3");
    expect(send?.({ hi: 1 })).toBe("sent");
    expect(fake.last().sent).toEqual(['{"hi":1}']);
  });

  it("keeps an always-equal selection without rendering, and a primitive selection with the default isEqual", async () => {
    const fake = createFakeWebSocket();
    const socket = createSocket("wss://x.test", { use: [browser()], environment: { WebSocket: fake.WebSocket } });
    let frozen = 0;
    let queued = 0;
    function Frozen() {
      frozen++;
      const first = useWebSocketSelector(socket, (r) => ({ count: r.messageCount }), { isEqual: () => true });
      return <p data-testid="frozen">{first.count}</p>;
    }
    function Queued() {
      queued++;
      return <p data-testid="queued">{useWebSocketSelector(socket, (r) => r.queued)}</p>;
    }
    render(
      <>
        <Frozen />
        <Queued />
      </>,
    );
    const start = { frozen, queued };
    act(() => {
      socket.send("a");
      socket.send("b");
    });
    expect(screen.getByTestId("queued").textContent).toBe("2");
    act(() => fake.last().open());
    for (let index = 0; index < 10; index++) act(() => fake.last().receive(`m${index}`));
    expect(screen.getByTestId("frozen").textContent).toBe("0");
    expect(frozen - start.frozen).toBe(0);
    expect(screen.getByTestId("queued").textContent).toBe("0");
    // 0 → 2 (both sends in one batch) → 0 on open: two changes of a number, none for the ten messages.
    expect(queued - start.queued).toBe(2);
  });

  it("infers its types from select's parameter, or from the type arguments, with none spelled out twice", () => {
    type Tick = { price: number };
    type Order = { buy: number };
    function Typed() {
      const price = useWebSocketSelector(null, (s: WebSocketResult<Tick, Order>) => s.lastJsonMessage?.price);
      expectTypeOf(price).toEqualTypeOf<number | undefined>();
      const status = useWebSocketSelector(null, (s) => s.status);
      expectTypeOf(status).toEqualTypeOf<SocketStatus>();
      const whole = useWebSocket<Tick, Order>(null);
      expectTypeOf(whole.lastJsonMessage).toEqualTypeOf<Tick | null>();
      expectTypeOf(whole.sendJson).parameter(0).toEqualTypeOf<Order>();
      // @ts-expect-error a Tick is not an Order: typecheck fails if sendJson accepts any value
      const wrong = () => whole.sendJson({ price: 1 });
      expectTypeOf(wrong).returns.toEqualTypeOf<SendOutcome>();
      return <p data-testid="typed">{String(price)}</p>;
    }
    render(<Typed />);
    expect(screen.getByTestId("typed").textContent).toBe("undefined");
  });

  it("folds a burst into one render with batch, and the last message arrives", () => {
    vi.useFakeTimers();
    const fake = createFakeWebSocket();
    const socket = createSocket("wss://x.test", { use: [browser()], environment: { WebSocket: fake.WebSocket } });
    let renders = 0;
    function Last() {
      const lastMessage = useWebSocketSelector(socket, (s) => s.lastMessage, { batch: true });
      return <p data-testid="last">{String(lastMessage)}</p>;
    }
    render(
      <Profiler id="last" onRender={() => renders++}>
        <Last />
      </Profiler>,
    );
    act(() => fake.last().open());
    renders = 0;
    // One task per message, as browsers deliver them: only the 16 ms window can fold them.
    for (let index = 0; index < 50; index++) act(() => fake.last().receive(`m${index}`));
    expect(renders).toBe(0);
    act(() => vi.advanceTimersByTime(16));
    expect(renders).toBe(1);
    expect(screen.getByTestId("last").textContent).toBe("m49");
  });
});

describe("useWebSocketSelector against a real server", () => {
  it("calls the latest render's onMessage and onJsonError, and a status-only reader still does not render", async () => {
    server = await startFaultyServer({ echo: false });
    const calls: string[] = [];
    let renders = 0;
    function Light({ version }: { version: number }) {
      renders++;
      const status = useWebSocketSelector(server!.url, (s) => s.status, {
        environment: { WebSocket },
        onMessage: (data) => calls.push(`message ${data} ${version}`),
        onJsonError: (_error, data) => calls.push(`json ${data} ${version}`),
      });
      return <p data-testid="light">{status}</p>;
    }
    const { rerender } = render(<Light version={1} />);
    await waitFor(() => expect(screen.getByTestId("light").textContent).toBe("open"));
    rerender(<Light version={2} />);
    const before = renders;
    server.broadcast('{"n":1}');
    server.broadcast("oops{");
    await waitFor(() => expect(calls).toEqual(['message {"n":1} 2', "message oops{ 2", "json oops{ 2"]));
    expect(renders).toBe(before);
  });
});
