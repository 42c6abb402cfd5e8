import { cleanup, configure, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { ReadyState } from "./constants.js";
import { resetGlobalState } from "./registry.js";
import { useWebSocket } from "./use-websocket.js";

// In Chromium: its own WebSocket (which, unlike happy-dom's, fires error on a refused handshake), against the
// fault-injecting server driven through its HTTP chaos API.

afterEach(cleanup);
afterEach(() => resetGlobalState());
configure({ asyncUtilTimeout: 8000 });

const ws = inject("wsUrl");
const chaos = (path: string, body?: string) =>
  fetch(`${ws.replace("ws:", "http:")}/__chaos/${path}`, { method: "POST", body });
const accepted = async (): Promise<number> =>
  (await (await fetch(`${ws.replace("ws:", "http:")}/__chaos/stats`)).json()).acceptedConnections;

type Seen = { current: ReturnType<typeof useWebSocket> | null };

describe("useWebSocket in Chromium", () => {
  it("echoes through the browser's WebSocket, and a status-only sibling on the shared socket does not render per message", async () => {
    const seen: Seen = { current: null };
    let statusRenders = 0;
    function Status() {
      const { readyState } = useWebSocket(ws, { share: true });
      statusRenders++;
      return <p>{readyState}</p>;
    }
    function Reader() {
      seen.current = useWebSocket(ws, { share: true });
      return <p>{seen.current.lastMessage?.data ?? "none"}</p>;
    }
    render(
      <>
        <Status />
        <Reader />
      </>,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(seen.current?.getWebSocket()).toBeTruthy();
    const before = statusRenders;
    for (let index = 0; index < 20; index++) seen.current?.sendMessage(`m${index}`);
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("m19"));
    expect(statusRenders).toBe(before);
  });

  it("retryOnError reconnects after a refused handshake's error event", async () => {
    const errors: string[] = [];
    const seen: Seen = { current: null };
    await chaos("reject?status=503&count=2");
    const before = await accepted();
    function Probe() {
      seen.current = useWebSocket(ws, {
        retryOnError: true,
        reconnectInterval: 100,
        onError: (event) => errors.push(event.type),
      });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(errors).toEqual(["error", "error"]);
    expect(await accepted()).toBe(before + 1);
  });
});
