// Every callback an app can pass throws here, against a real server: each throw reaches the page's error handling
// (on a microtask of its own) and the socket goes on as if the callback had returned: it opens, delivers, closes and
// reconnects, and the other hooks on a shared socket still hear every event.
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { render, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanUpAfterEach, Probe, type Seen } from "../__tests__/probe.js";
import { ReadyState } from "./constants.js";

cleanUpAfterEach();

let server: FaultyServer | undefined;
let rethrown: unknown[] = [];
const onUncaught = (error: unknown) => rethrown.push(error);
beforeEach(() => {
  rethrown = [];
  process.on("uncaughtException", onUncaught);
});
afterEach(async () => {
  process.off("uncaughtException", onUncaught);
  await server?.stop();
  server = undefined;
});

const bug = (name: string) => () => {
  throw new Error(`${name} bug`);
};

describe("callbacks that throw", () => {
  it("onOpen, onMessage, onClose and filter: reported, and the socket opens, delivers and reconnects anyway", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const asked: number[] = [];
    render(
      <Probe
        url={server.url}
        options={{
          onOpen: bug("onOpen"),
          onMessage: bug("onMessage"),
          onClose: bug("onClose"),
          filter: bug("filter") as () => boolean,
          shouldReconnect: (event) => {
            asked.push(event.code);
            return true;
          },
          reconnectInterval: 50,
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.broadcast("hello");
    await waitFor(() => expect(rethrown).toContainEqual(new Error("onMessage bug")));
    // A throwing filter counts as "no": the message is not the hook's lastMessage.
    expect(seen.current?.lastMessage).toBeNull();
    server.dropAll();
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(asked).toEqual([1006]);
    for (const name of ["onOpen", "onMessage", "onClose", "filter"]) {
      expect(rethrown).toContainEqual(new Error(`${name} bug`));
    }
  });

  it("one hook's throwing onMessage does not keep the message from another hook on the shared socket", async () => {
    server = await startFaultyServer();
    const broken: Seen = { current: null };
    const sound: Seen = { current: null };
    const heard: string[] = [];
    render(
      <>
        <Probe url={server.url} options={{ share: true, onMessage: bug("first hook") }} seen={broken} />
        <Probe
          url={server.url}
          options={{ share: true, onMessage: (event) => heard.push(String(event.data)) }}
          seen={sound}
        />
      </>,
    );
    await waitFor(() => expect(sound.current?.readyState).toBe(ReadyState.OPEN));
    server.broadcast("one");
    server.broadcast("two");
    await waitFor(() => expect(heard).toEqual(["one", "two"]));
    expect(broken.current?.lastMessage?.data).toBe("two");
    expect(rethrown.filter((error) => String(error) === "Error: first hook bug")).toHaveLength(2);
    expect(server.acceptedConnections).toBe(1);
  });

  it("shouldReconnect: a throw counts as no, reported, and onReconnectStop's own throw is reported too", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(<Probe url={server.url} options={{ shouldReconnect: bug("shouldReconnect") }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.dropAll();
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    await waitFor(() => expect(rethrown).toContainEqual(new Error("shouldReconnect bug")));
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("onReconnectStop and onError: reported, and the hook still ends CLOSED after its attempts", async () => {
    // ws's WebSocket: happy-dom's fires no error event for a refused handshake.
    vi.stubGlobal("WebSocket", (await import("ws")).WebSocket);
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{
          shouldReconnect: () => true,
          reconnectAttempts: 1,
          reconnectInterval: 50,
          onReconnectStop: bug("onReconnectStop"),
          onError: bug("onError"),
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.refuseUpgrades({ status: 500 });
    server.dropAll();
    await waitFor(() => expect(rethrown).toContainEqual(new Error("onReconnectStop bug")));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    expect(rethrown).toContainEqual(new Error("onError bug"));
    expect(server.upgradeAttempts).toHaveLength(2);
  });

  it("reconnectInterval: a throw falls back to the default 5 s, reported", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{ shouldReconnect: () => true, reconnectInterval: bug("reconnectInterval") as () => number }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const droppedAt = Date.now();
    server.dropAll();
    await waitFor(() => expect(rethrown).toContainEqual(new Error("reconnectInterval bug")));
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2), { timeout: 12_000 });
    expect(server.upgradeAttempts[1]! - droppedAt).toBeGreaterThanOrEqual(4900);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
  }, 20_000);
});
