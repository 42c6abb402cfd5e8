import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { ConnectionBanner } from "@lifeline/ui";
import { act, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanUpAfterEach, Probe, quiet, type Seen } from "../__tests__/probe.js";
import { ReadyState, UNPARSABLE_JSON_OBJECT } from "./constants.js";
import type { Options } from "./types.js";
import { useWebSocket } from "./use-websocket.js";

cleanUpAfterEach();

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("each option", () => {
  it("queryParams are appended unencoded, and only a change of their value reconnects", async () => {
    const paths: string[] = [];
    server = await startFaultyServer({ onConnection: (_socket, request) => paths.push(request.url ?? "") });
    const seen: Seen = { current: null };
    const view = render(<Probe url={server.url} options={{ queryParams: { type: "user", id: 5 } }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(paths).toEqual(["/?type=user&id=5"]);
    view.rerender(<Probe url={server.url} options={{ queryParams: { type: "user", id: 5 } }} seen={seen} />);
    await quiet(100);
    expect(server.upgradeAttempts).toHaveLength(1);
    view.rerender(<Probe url={server.url} options={{ queryParams: { type: "user", id: 6 } }} seen={seen} />);
    await waitFor(() => expect(paths).toEqual(["/?type=user&id=5", "/?type=user&id=6"]));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(server.openConnections).toBe(1);
  });

  it("protocols go into the handshake", async () => {
    const offered: string[] = [];
    server = await startFaultyServer({
      onConnection: (_socket, request) => offered.push(String(request.headers["sec-websocket-protocol"])),
    });
    const seen: Seen = { current: null };
    render(<Probe url={server.url} options={{ protocols: ["chat.v2", "chat.v1"] }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(offered.map((header) => header.split(/,\s*/))).toEqual([["chat.v2", "chat.v1"]]);
    const ws = seen.current?.getWebSocket() as WebSocket;
    expect(ws.protocol).toBe("chat.v2");
  });

  it("onOpen, onMessage and onClose get the socket's events, and the latest render's callbacks are used without reconnecting", async () => {
    server = await startFaultyServer();
    const calls: string[] = [];
    const seen: Seen = { current: null };
    const options = (tag: string): Options => ({
      onOpen: (event) => calls.push(`${tag} open ${event.type}`),
      onMessage: (event) => calls.push(`${tag} message ${event.data}`),
      onClose: (event) => calls.push(`${tag} close ${event.code}`),
    });
    const view = render(<Probe url={server.url} options={options("first")} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    view.rerender(<Probe url={server.url} options={options("second")} seen={seen} />);
    server.broadcast("hi");
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("hi"));
    server.closeAll(4000, "bye");
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    expect(calls).toEqual(["first open open", "second message hi", "second close 4000"]);
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("onError gets the error event of a refused handshake", async () => {
    vi.stubGlobal("WebSocket", (await import("ws")).WebSocket);
    server = await startFaultyServer();
    server.rejectNext(500, 1);
    const errors: string[] = [];
    const seen: Seen = { current: null };
    render(<Probe url={server.url} options={{ onError: (event) => errors.push(event.type) }} seen={seen} />);
    await waitFor(() => expect(errors).toEqual(["error"]));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
  });

  it("filter keeps a message out of lastMessage unless it returns exactly true; onMessage still hears it", async () => {
    server = await startFaultyServer();
    const heard: string[] = [];
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{
          onMessage: (event) => heard.push(event.data),
          filter: (event) => (event.data === "yes" ? true : (1 as unknown as boolean)),
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.broadcast("yes");
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("yes"));
    server.broadcast("truthy but not true");
    await waitFor(() => expect(heard).toEqual(["yes", "truthy but not true"]));
    expect(seen.current?.lastMessage?.data).toBe("yes");
  });

  it("lastJsonMessage: parsed, one shared {} for non-JSON, and null with disableJson", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const view = render(<Probe url={server.url} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(seen.current?.lastJsonMessage).toBeNull();
    server.broadcast("not json");
    await waitFor(() => expect(seen.current?.lastMessage?.data).toBe("not json"));
    expect(seen.current?.lastJsonMessage).toBe(UNPARSABLE_JSON_OBJECT);
    server.broadcast('{"n":1}');
    await waitFor(() => expect(seen.current?.lastJsonMessage).toEqual({ n: 1 }));
    const parsed = seen.current?.lastJsonMessage;
    view.rerender(<Probe url={server.url} seen={seen} />);
    // Memoized on the message: the same object until the next one.
    expect(seen.current?.lastJsonMessage).toBe(parsed);
    view.rerender(<Probe url={server.url} options={{ disableJson: true }} seen={seen} />);
    expect(seen.current?.lastJsonMessage).toBeNull();
    expect(seen.current?.lastMessage?.data).toBe('{"n":1}');
  });

  it("sendMessage before the socket opens: keep (the default) sends it once open, in order; keep = false drops it", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const seen: Seen = { current: null };
    render(<Probe url={server.url} seen={seen} />);
    act(() => {
      seen.current?.sendMessage("one");
      seen.current?.sendMessage("dropped", false);
      seen.current?.sendJsonMessage({ two: 2 });
      seen.current?.sendJsonMessage({ dropped: true }, false);
    });
    await waitFor(() => expect(received).toEqual(["one", '{"two":2}']));
    act(() => seen.current?.sendMessage("three", false));
    await waitFor(() => expect(received).toEqual(["one", '{"two":2}', "three"]));
  });

  it("sendMessage on a closed socket does not throw: kept messages go out when the hook connects again", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const seen: Seen = { current: null };
    function Toggle({ connect }: { connect: boolean }) {
      seen.current = useWebSocket(server!.url, {}, connect);
      return null;
    }
    const view = render(<Toggle connect />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.closeAll(4000, "done");
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    expect(() => {
      seen.current?.sendMessage("later");
      seen.current?.sendMessage("never", false);
    }).not.toThrow();
    view.rerender(<Toggle connect={false} />);
    view.rerender(<Toggle connect />);
    await waitFor(() => expect(received).toEqual(["later"]));
    expect(server.acceptedConnections).toBe(2);
  });

  it("holds at most 100 messages while not open, dropping the oldest with one warning", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const warnings = vi.spyOn(console, "warn");
    const seen: Seen = { current: null };
    render(<Probe url={server.url} seen={seen} />);
    act(() => {
      for (let index = 0; index < 150; index++) seen.current?.sendMessage(`m${index}`);
    });
    await waitFor(() => expect(received).toHaveLength(100));
    expect(received[0]).toBe("m50");
    expect(received.at(-1)).toBe("m149");
    expect(warnings.mock.calls.filter(([text]) => String(text).includes("send queue is full"))).toHaveLength(1);
  });

  it("sendMessage checks that the socket is the global WebSocket unless skipAssert", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const strict: Seen = { current: null };
    const lenient: Seen = { current: null };
    render(
      <>
        <Probe url={server.url} seen={strict} />
        <Probe url={server.url} options={{ skipAssert: true }} seen={lenient} />
      </>,
    );
    await waitFor(() => expect(lenient.current?.readyState).toBe(ReadyState.OPEN));
    await waitFor(() => expect(strict.current?.readyState).toBe(ReadyState.OPEN));
    vi.stubGlobal("WebSocket", class OtherWebSocket {});
    expect(() => strict.current?.sendMessage("x")).toThrow(/\[@lifeline\/react-use-websocket\].*skipAssert/);
    lenient.current?.sendMessage("through");
    await waitFor(() => expect(received).toEqual(["through"]));
  });

  it("closes with 1000 on unmount, and reconnects to a new URL but not for a new options object", async () => {
    server = await startFaultyServer();
    const other = await startFaultyServer();
    try {
      const seen: Seen = { current: null };
      const view = render(<Probe url={server.url} options={{}} seen={seen} />);
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
      view.rerender(<Probe url={server.url} options={{}} seen={seen} />);
      await quiet(100);
      expect(server.upgradeAttempts).toHaveLength(1);
      const first = await server.nextConnection();
      const closed = new Promise<number>((resolve) => first.once("close", (code: number) => resolve(code)));
      view.rerender(<Probe url={other.url} options={{}} seen={seen} />);
      expect(await closed).toBe(1000);
      await waitFor(() => expect(other.openConnections).toBe(1));
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
      const second = await other.nextConnection();
      const unmounted = new Promise<number>((resolve) => second.once("close", (code: number) => resolve(code)));
      view.unmount();
      expect(await unmounted).toBe(1000);
    } finally {
      await other.stop();
    }
  });
});

describe("Lifeline's additions", () => {
  it("lastClose is Lifeline's verdict and socket drives ConnectionBanner", async () => {
    server = await startFaultyServer();
    function App() {
      const { socket, lastClose, readyState } = useWebSocket(server!.url, {
        shouldReconnect: () => true,
        reconnectInterval: 3000,
      });
      return (
        <>
          <p data-testid="state">
            {readyState} {lastClose ? `${lastClose.code} ${lastClose.kind} ${lastClose.category}` : "none"}
          </p>
          <ConnectionBanner source={socket} timing={{ graceMs: 0 }} />
        </>
      );
    }
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("state").textContent).toBe("1 none"));
    server.dropAll();
    await waitFor(() => expect(screen.getByTestId("state").textContent).toBe("3 1006 abnormal lost"));
    await waitFor(() => expect(screen.getByText("Connection lost.")).toBeTruthy());
    expect(screen.getByText(/Retrying in \d seconds?…/)).toBeTruthy();
  });
});

describe("EventSource where there is none", () => {
  it("says so with the package's name, reports CLOSED, and an EventSource hook cannot send", async () => {
    expect(typeof (globalThis as { EventSource?: unknown }).EventSource).toBe("undefined");
    const errors = vi.spyOn(console, "error");
    const warnings = vi.spyOn(console, "warn");
    const seen: Seen = { current: null };
    render(<Probe url="http://127.0.0.1:9/events" options={{ eventSourceOptions: {} }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/^\[@lifeline\/react-use-websocket\] EventSource is not supported here/),
    );
    seen.current?.sendMessage("nope");
    expect(warnings).toHaveBeenCalledWith("Unable to send a message from an eventSource");
  });
});
