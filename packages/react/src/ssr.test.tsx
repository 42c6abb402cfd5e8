// @vitest-environment node
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, expect, it } from "vitest";
import { useWebSocket } from "./useWebSocket.js";
import { useSharedWebSocket, WebSocketProvider } from "./WebSocketProvider.js";

// A server render as an app does it: Node, no DOM, and nothing injected. Node 20 (what the engines field allows)
// has no global WebSocket; Node 22 has one, so it is taken away here and put back after, to render as on Node 20.
const original = (globalThis as { WebSocket?: unknown }).WebSocket;
beforeEach(() => {
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});
afterEach(() => {
  if (original !== undefined) (globalThis as { WebSocket?: unknown }).WebSocket = original;
});

it("renders idle on the server with no WebSocket and nothing injected", () => {
  expect(typeof document).toBe("undefined");
  function Page() {
    const { status, lastMessage, attempt } = useWebSocket("wss://x.test/live");
    return <p>{`${status}:${String(lastMessage)}:${attempt}`}</p>;
  }
  expect(renderToString(<Page />)).toBe("<p>idle:null:0</p>");
});

it("renders idle through a provider too, with a relative URL that has nothing to resolve against", () => {
  function Light() {
    const { status } = useSharedWebSocket({ select: (state) => ({ status: state.status }) });
    return <span>{status}</span>;
  }
  expect(
    renderToString(
      <WebSocketProvider url="/live">
        <Light />
      </WebSocketProvider>,
    ),
  ).toBe("<span>idle</span>");
});
