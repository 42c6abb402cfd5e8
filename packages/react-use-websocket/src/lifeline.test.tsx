import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, configure, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ReadyState } from "./lib/constants.js";
import { resetGlobalState } from "./lib/registry.js";
import { useWebSocket } from "./lib/use-websocket.js";
import useLifelineWebSocket from "./lifeline.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 10000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  resetGlobalState();
  await server?.stop();
  server = undefined;
});

type Seen = { current: ReturnType<typeof useWebSocket> | null };

describe("Lifeline's own defaults, by option or by import", () => {
  // Issue 21: Lifeline's heartbeat became a feature of its socket; lifelineDefaults still turns it on.
  it("lifelineDefaults runs Lifeline's heartbeat: a server that never answers the ping is closed as a heartbeat timeout", async () => {
    const pings: string[] = [];
    server = await startFaultyServer({ echo: false, onMessage: (data) => void pings.push(String(data)) });
    const closes: string[] = [];
    function Probe() {
      useWebSocket(server!.url, {
        lifelineDefaults: true,
        heartbeat: { message: "ping", interval: 200, timeout: 600 },
        onClose: (event) => closes.push(`${event.code} ${event.reason}`),
      });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(closes).toContain("1006 heartbeat timeout"));
    expect(pings[0]).toBe("ping");
  });

  it("lifelineDefaults reconnects after a drop with no shouldReconnect, and stops after a 1008", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const stopped: number[] = [];
    function Probe() {
      seen.current = useWebSocket(server!.url, { lifelineDefaults: true, onReconnectStop: (n) => stopped.push(n) });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.dropAll();
    await waitFor(() => expect(server!.acceptedConnections).toBe(2));
    expect(seen.current?.socket.getSnapshot().decision?.action).toBe("backoff");
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    server.closeAll(1008, "forbidden");
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.CLOSED));
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(server.upgradeAttempts).toHaveLength(2);
    // Issue 20: the policy stopping is not running out of attempts; react-use-websocket calls onReconnectStop only then.
    expect(stopped).toEqual([]);
    expect(seen.current?.lastClose?.retry.action).toBe("never");
  });

  it("lifelineDefaults waits out a rate limit's hint even when reconnectInterval is shorter", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    function Probe() {
      seen.current = useWebSocket(server!.url, { lifelineDefaults: true, reconnectInterval: 20 });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    const closedAt = Date.now();
    server.closeAll(1008, "rate limit exceeded; retry-after=1");
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2));
    expect((server.upgradeAttempts[1] as number) - closedAt).toBeGreaterThanOrEqual(950);
  });

  // Issue 20: onReconnectStop means the attempts ran out, as in react-use-websocket, never that shouldReconnect said no.
  it("lifelineDefaults calls onReconnectStop when reconnectAttempts run out, not when shouldReconnect says no", async () => {
    server = await startFaultyServer();
    const refused: number[] = [];
    const exhausted: number[] = [];
    const seen: Seen = { current: null };
    const limited: Seen = { current: null };
    function Probe() {
      seen.current = useWebSocket(server!.url, {
        lifelineDefaults: true,
        shouldReconnect: () => false,
        onReconnectStop: (n) => refused.push(n),
      });
      limited.current = useWebSocket(server!.url, {
        lifelineDefaults: true,
        reconnectAttempts: 2,
        onReconnectStop: (n) => exhausted.push(n),
      });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(server!.openConnections).toBe(2));
    server.refuseUpgrades({ status: 503 });
    server.dropAll();
    await waitFor(() => expect(exhausted).toHaveLength(1), { timeout: 15_000 });
    expect(limited.current?.readyState).toBe(ReadyState.CLOSED);
    expect(seen.current?.readyState).toBe(ReadyState.CLOSED);
    expect(refused).toEqual([]);
  });

  it("the /lifeline entry is the same hook with those defaults; shouldReconnect can still say no", async () => {
    server = await startFaultyServer();
    const seen: Seen = { current: null };
    const refusing: Seen = { current: null };
    function Probe() {
      seen.current = useLifelineWebSocket(server!.url);
      refusing.current = useLifelineWebSocket(server!.url, { shouldReconnect: () => false });
      return null;
    }
    render(<Probe />);
    await waitFor(() => expect(server!.openConnections).toBe(2));
    server.dropAll();
    await waitFor(() => expect(server!.acceptedConnections).toBe(3));
    await waitFor(() => expect(seen.current?.readyState).toBe(ReadyState.OPEN));
    expect(refusing.current?.readyState).toBe(ReadyState.CLOSED);
  });
});
