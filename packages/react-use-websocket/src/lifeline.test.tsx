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
    expect(stopped).toHaveLength(1);
    expect(seen.current?.lastClose?.retry.action).toBe("never");
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
