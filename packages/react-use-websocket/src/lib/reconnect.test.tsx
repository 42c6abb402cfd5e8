import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import { cleanUpAfterEach, Probe, quiet, type Seen } from "../__tests__/probe.js";
import { ReadyState } from "./constants.js";
import { useWebSocket } from "./use-websocket.js";

cleanUpAfterEach(10_000);

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("reconnecting, as react-use-websocket decides it", () => {
  it("does not reconnect by default, even after a drop", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(<Probe url={server.url} options={{ reconnectInterval: 20 }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.dropAll();
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    await quiet(400);
    expect(server.upgradeAttempts).toHaveLength(1);
    expect(seen.current?.lastClose?.code).toBe(1006);
    expect(seen.current?.lastClose?.retry.action).toBe("never");
  });

  // Issue 20: react-use-websocket waits exactly reconnectInterval; jitter is lifelineDefaults' only.
  it("reconnects when shouldReconnect says so, after exactly reconnectInterval", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const asked: number[] = [];
    render(
      <Probe
        url={server.url}
        options={{
          reconnectInterval: 300,
          shouldReconnect: (event) => {
            asked.push(event.code);
            return true;
          },
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const delays: number[] = [];
    for (let round = 1; round <= 3; round++) {
      const droppedAt = Date.now();
      server.dropAll();
      await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(round + 1));
      const decided = seen.current?.socket.getSnapshot().decision?.delayMs ?? null;
      expect(decided).not.toBeNull();
      delays.push(decided as number);
      expect((server.upgradeAttempts[round] as number) - droppedAt).toBeGreaterThanOrEqual(290);
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    }
    expect(asked).toEqual([1006, 1006, 1006]);
    expect(delays).toEqual([300, 300, 300]);
  });

  it("passes the CloseEvent to shouldReconnect and follows its answer", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    render(
      <Probe
        url={server.url}
        options={{ reconnectInterval: 20, shouldReconnect: (event) => event.code !== 4000 }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.closeAll(4001, "again");
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.closeAll(4000, "stop");
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    await quiet(300);
    expect(server.upgradeAttempts).toHaveLength(2);
    expect(seen.current?.lastClose?.code).toBe(4000);
    expect(seen.current?.lastClose?.reason).toBe("stop");
  });

  it("makes reconnectAttempts reconnects in a row, calls reconnectInterval with 0, 1, 2…, then onReconnectStop", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const attempts: number[] = [];
    const stopped: number[] = [];
    const warnings = vi.spyOn(console, "warn");
    render(
      <Probe
        url={server.url}
        options={{
          shouldReconnect: () => true,
          reconnectAttempts: 3,
          reconnectInterval: (attempt) => {
            attempts.push(attempt);
            return 100 * (attempt + 1);
          },
          onReconnectStop: (count) => stopped.push(count),
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.refuseUpgrades({ status: 503 });
    server.dropAll();
    await waitFor(() => expect(stopped).toEqual([3]));
    expect(attempts).toEqual([0, 1, 2]);
    // The first connection, then three refused reconnects.
    expect(server.upgradeAttempts).toHaveLength(4);
    const gaps = server.upgradeAttempts.slice(1).map((at, index) => at - (server!.upgradeAttempts[index] as number));
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(290);
    expect(warnings).toHaveBeenCalledWith("Max reconnect attempts of 3 exceeded");
    expect(seen.current?.readyState).toBe(ReadyState.CLOSED);
    await quiet(500);
    expect(server.upgradeAttempts).toHaveLength(4);
  });

  it("counts reconnects since the last open: a connection that opens starts the count again", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const stopped: number[] = [];
    render(
      <Probe
        url={server.url}
        options={{
          shouldReconnect: () => true,
          reconnectAttempts: 1,
          reconnectInterval: 20,
          onReconnectStop: (count) => stopped.push(count),
        }}
        seen={seen}
      />,
    );
    for (let round = 1; round <= 3; round++) {
      await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
      server.dropAll();
      await waitFor(() => expect(server!.acceptedConnections).toBe(round + 1));
    }
    expect(stopped).toEqual([]);
  });

  // Issue 20: the per-code policy is lifelineDefaults' (lifeline.test.tsx); by default shouldReconnect decides alone.
  it("reconnects after a 1008 when shouldReconnect says yes, and after reconnectInterval even with a retry hint", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const stopped: number[] = [];
    render(
      <Probe
        url={server.url}
        options={{ shouldReconnect: () => true, reconnectInterval: 20, onReconnectStop: (n) => stopped.push(n) }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.closeAll(1008, "policy violation");
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(stopped).toEqual([]);
    server.closeAll(1008, "rate limit exceeded; retry-after=5");
    await waitFor(() => expect(server!.acceptedConnections).toBe(3));
    expect(seen.current?.socket.getSnapshot().decision?.delayMs).toBe(20);
  });

  it("retryOnError reconnects after an error without shouldReconnect", async () => {
    // happy-dom's WebSocket fires no error event for a refused handshake (browsers and ws do): use ws's, as a Node
    // app would. The hook constructs whatever the global is when it connects.
    vi.stubGlobal("WebSocket", NodeWebSocket);
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const errors: string[] = [];
    server.rejectNext(503, 2);
    render(
      <Probe
        url={server.url}
        options={{ retryOnError: true, reconnectInterval: 50, onError: (event) => errors.push(event.type) }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(server.upgradeAttempts).toHaveLength(3);
    expect(errors).toEqual(["error", "error"]);
  });

  it("calls a URL function before each connection; a failing one is retried only with retryOnError", async () => {
    server = await startFaultyServer();
    const url = server.url;
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new Error("token service down");
      return url;
    };
    const seen: Seen = { current: null };
    render(<Probe url={flaky} options={{ retryOnError: true, reconnectInterval: 30 }} seen={seen} />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(calls).toBe(3);
    cleanup();

    const errors = vi.spyOn(console, "error");
    let failures = 0;
    const broken = async (): Promise<string> => {
      failures++;
      throw new Error("no token");
    };
    const other: Seen = { current: null };
    render(<Probe url={broken} options={{ reconnectInterval: 30 }} seen={other} />);
    await waitFor(() => expect(other.current?.readyState).toBe(ReadyState.CLOSED));
    await quiet(200);
    expect(failures).toBe(1);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("Failed to get a valid URL"));
  });

  // Issue 20: with retryOnError, a URL function that rejects is called again every reconnectInterval, and the hook
  // stays CONNECTING meanwhile, as react-use-websocket reports it.
  it("retries a rejecting URL function every reconnectInterval with retryOnError, CONNECTING all along", async () => {
    server = await startFaultyServer();
    const url = server.url;
    const calledAt: number[] = [];
    const flaky = async () => {
      calledAt.push(Date.now());
      if (calledAt.length < 3) throw new Error("token service down");
      return url;
    };
    const states: ReadyState[] = [];
    function Recorder() {
      const { readyState } = useWebSocket(flaky, { retryOnError: true, reconnectInterval: 300 });
      if (states.at(-1) !== readyState) states.push(readyState);
      return null;
    }
    render(<Recorder />);
    await waitFor(() => expect(states.at(-1)).toBe(ReadyState.OPEN));
    expect(states).toEqual([ReadyState.CONNECTING, ReadyState.OPEN]);
    expect(calledAt).toHaveLength(3);
    expect((calledAt[1] as number) - (calledAt[0] as number)).toBeGreaterThanOrEqual(290);
    expect((calledAt[2] as number) - (calledAt[1] as number)).toBeGreaterThanOrEqual(290);
  });

  // Issue 20: react-use-websocket's intervals have no jitter: 3 attempts 500 ms apart end 1.5 s after the error.
  it("retryOnError with reconnectAttempts 3 waits exactly 500 ms each time, then calls onReconnectStop", async () => {
    // ws's WebSocket fires the error of a refused handshake (happy-dom's does not).
    vi.stubGlobal("WebSocket", NodeWebSocket);
    server = await startFaultyServer();
    server.refuseUpgrades({ status: 503 });
    const seen: Seen = { current: null };
    const stopped: number[] = [];
    const delays: (number | null)[] = [];
    render(
      <Probe
        url={server.url}
        options={{
          retryOnError: true,
          reconnectAttempts: 3,
          reconnectInterval: 500,
          onReconnectStop: (count) => stopped.push(count),
          // The app's onClose runs before the socket decides; the decision is there a microtask later.
          onClose: () =>
            queueMicrotask(() => delays.push(seen.current?.socket.getSnapshot().decision?.delayMs ?? null)),
        }}
        seen={seen}
      />,
    );
    await waitFor(() => expect(stopped).toEqual([3]), { timeout: 10_000 });
    expect(delays).toEqual([500, 500, 500, null]);
    const attempts = server.upgradeAttempts;
    expect(attempts).toHaveLength(4);
    for (let index = 1; index < attempts.length; index++) {
      expect((attempts[index] as number) - (attempts[index - 1] as number)).toBeGreaterThanOrEqual(490);
    }
    expect(seen.current?.readyState).toBe(ReadyState.CLOSED);
  });

  // Issue 20: as react-use-websocket, connect going false and back starts a fresh series of reconnectAttempts.
  it("starts a fresh series of reconnectAttempts when connect goes false and back to true", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const stopped: number[] = [];
    const options = {
      shouldReconnect: () => true,
      reconnectAttempts: 2,
      reconnectInterval: 50,
      onReconnectStop: (count: number) => stopped.push(count),
    };
    function Toggled({ connect }: { connect: boolean }) {
      seen.current = useWebSocket(server!.url, options, connect);
      return null;
    }
    const { rerender } = render(<Toggled connect />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.refuseUpgrades({ status: 503 });
    server.dropAll();
    await waitFor(() => expect(stopped).toEqual([2]));
    expect(server.upgradeAttempts).toHaveLength(3);
    rerender(<Toggled connect={false} />);
    rerender(<Toggled connect />);
    // One handshake, then two reconnects: the attempts spent before do not count against the new series.
    await waitFor(() => expect(stopped).toEqual([2, 2]));
    expect(server.upgradeAttempts).toHaveLength(6);
  });
});
