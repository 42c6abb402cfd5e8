// useMessageHandler against a real `ws` server on 127.0.0.1 (issue 24): the latest handler hears each valid
// message of its type in order, without subscribing again each render, and a handler that throws stops nothing.

import type { Socket } from "@lifeline/core";
import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { catchRethrown, openSocket, tickChat } from "./__fixtures__/typedMessages.js";
import { useMessage } from "./useMessage.js";
import { useMessageHandler } from "./useMessageHandler.js";

const zodMessages = tickChat[0][1];

describe.each(tickChat)("useMessageHandler with %s", (_library, definitions) => {
  it("calls the latest render's handler with each tick in order, and subscribes once across renders", async () => {
    const { socket: real, server } = await openSocket();
    let subscriptions = 0;
    // The socket as the hook sees it, with its message subscriptions counted.
    const counted: Socket = Object.create(real, {
      onMessage: {
        value: (...args: Parameters<Socket["onMessage"]>) => {
          subscriptions++;
          return real.onMessage(...args);
        },
      },
    });
    const heard: string[] = [];
    let renders = 0;
    function Ticker({ version }: { version: number }) {
      renders++;
      useMessageHandler(counted, definitions, "tick", (message) =>
        heard.push(`${message.type} ${message.n} v${version}`),
      );
      return <p>{version}</p>;
    }
    const { rerender } = render(<Ticker version={1} />);
    for (let version = 2; version <= 5; version++) rerender(<Ticker version={version} />);
    expect(subscriptions).toBe(1);
    renders = 0;
    for (let n = 0; n < 100; n++) {
      server.broadcast(JSON.stringify({ type: n % 2 ? "chat" : "tick", ...(n % 2 ? { text: "hi" } : { n }) }));
    }
    await waitFor(() => expect(heard).toHaveLength(50));
    expect(heard).toEqual(Array.from({ length: 50 }, (_, index) => `tick ${index * 2} v5`));
    expect(renders).toBe(0);
    expect(subscriptions).toBe(1);
  });
});

describe("useMessageHandler when a handler throws", () => {
  it("reports the error on its own, and the other components and the socket carry on", async () => {
    const { socket, server } = await openSocket();
    // Core rethrows each listener's error on its own microtask, so the app's error reporting sees it.
    const rethrown = catchRethrown();
    const heard: number[] = [];
    function Broken() {
      useMessageHandler(socket, zodMessages, "tick", (message) => {
        throw new Error(`handler bug ${message.n}`);
      });
      return null;
    }
    function Healthy() {
      useMessageHandler(socket, zodMessages, "tick", (message) => heard.push(message.n));
      return null;
    }
    function LastTick() {
      const tick = useMessage(socket, zodMessages, "tick");
      return <p data-testid="tick">{tick === null ? "none" : tick.n}</p>;
    }
    render(
      <>
        <Broken />
        <Healthy />
        <LastTick />
      </>,
    );
    for (let n = 0; n < 3; n++) server.broadcast(JSON.stringify({ type: "tick", n }));
    await waitFor(() => expect(heard).toEqual([0, 1, 2]));
    await waitFor(() => expect(screen.getByTestId("tick").textContent).toBe("2"));
    await waitFor(() => expect(rethrown).toHaveLength(3));
    expect(rethrown).toEqual([new Error("handler bug 0"), new Error("handler bug 1"), new Error("handler bug 2")]);
    expect(socket.getSnapshot().status).toBe("open");
  });
});
