import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanUpAfterEach, Probe, type Seen } from "../__tests__/probe.js";
import { ReadyState } from "./constants.js";

cleanUpAfterEach();

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("heartbeat", () => {
  // Issue 20: as react-use-websocket, a ping every interval while nothing arrives, answered or not, and the close
  // after timeout of silence.
  it("pings every interval of silence and closes once timeout passes with nothing received", async () => {
    const received: { data: string; at: number }[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push({ data, at: Date.now() }) });
    const warnings = vi.spyOn(console, "warn");
    const closes: number[] = [];
    // Timed in the callbacks, which run in the socket's events: a waitFor polls, and on a loaded machine late.
    let openedAt = 0;
    let closedAt = 0;
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{
          heartbeat: { interval: 400, timeout: 1000 },
          onOpen: () => {
            openedAt = Date.now();
          },
          onClose: (event) => {
            closedAt = Date.now();
            closes.push(event.code);
          },
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    // At 400 and 800 ms; the close comes at 1 s, before a third.
    expect(received.map((each) => each.data)).toEqual(["ping", "ping"]);
    // Read on the server, where a loaded run delays one arrival more than the next (374 ms seen on CI): the bounds
    // rule out pings sent at once or back to back, not a few tens of milliseconds of delivery.
    expect((received[0]?.at ?? 0) - openedAt).toBeGreaterThanOrEqual(300);
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThanOrEqual(300);
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(990);
    expect(closedAt - openedAt).toBeLessThan(3000);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining("Heartbeat timed out"));
    expect(closes).toEqual([1006]);
    expect(seen.current?.lastClose?.reason).toBe("heartbeat timeout");
    // No reconnect unless asked.
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("stays open while the server answers, keeps returnMessage out of lastMessage, and sends a custom message", async () => {
    const received: string[] = [];
    server = await startFaultyServer({
      echo: false,
      onMessage: (data, socket) => {
        received.push(data);
        if (data === "are you there") socket.send("here");
      },
    });
    const heard: string[] = [];
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{
          heartbeat: { interval: 200, timeout: 700, message: () => "are you there", returnMessage: "here" },
          onMessage: (event) => heard.push(event.data),
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    await waitFor(() => expect(received.length).toBeGreaterThanOrEqual(4), { timeout: 8000 });
    expect(new Set(received)).toEqual(new Set(["are you there"]));
    expect(heard.length).toBeGreaterThanOrEqual(3);
    expect(seen.current?.readyState).toBe(ReadyState.OPEN);
    expect(seen.current?.lastMessage).toBeNull();
  });

  it("reconnects after a heartbeat timeout when shouldReconnect says so", async () => {
    server = await startFaultyServer({ echo: false });
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{ heartbeat: { interval: 200, timeout: 500 }, shouldReconnect: () => true, reconnectInterval: 50 }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
  });

  it("a heartbeat message function that throws is reported and closes the connection, as react-use-websocket does", async () => {
    const received: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => received.push(data) });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{
          heartbeat: {
            interval: 200,
            timeout: 5000,
            message: () => {
              throw new Error("ping bug");
            },
          },
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    // Closed at the first ping, long before the 5 s timeout: the throw ended it, not the silence.
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED), { timeout: 3000 });
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining("Heartbeat failed"),
      expect.objectContaining({ message: "ping bug" }),
    );
    expect(received).toEqual([]);
    // The hook is not wedged: no reconnect unless asked, and nothing left open.
    expect(server.upgradeAttempts).toHaveLength(1);
    await waitFor(() => expect(server!.openConnections).toBe(0));
    errors.mockRestore();
  });
});
