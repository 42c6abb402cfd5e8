// Issue 21: every render's options apply, one contract. The hook hands each render's options to socket.setOptions in
// its commit; they shape the socket's next decision and never reconnect it. Against a real `ws` server on loopback,
// timed on the server.
import { createSocket, type Socket, type SocketOptions } from "@lifeline/core";
import { heartbeat } from "@lifeline/core/heartbeat";
import { tokenBucket } from "@lifeline/core/rate-limit";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, configure, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import type { ConnectionOptions } from "./useConnection.js";
import { useWebSocket } from "./useWebSocket.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);
// Real servers on loopback: give waitFor room on a loaded CI machine.
configure({ asyncUtilTimeout: 10_000 });

let server: FaultyServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.stop();
  server = undefined;
});

// The top of the jitter range: a retry waits nearly the whole of its ceiling.
const random = () => 0.999;

function Status({ url, options }: { url: string; options: ConnectionOptions }) {
  // Written inline, as apps do: a new environment object each render, with the same parts.
  const { status, reason, attempt } = useWebSocket(url, { ...options, environment: { WebSocket, random } });
  return <p data-testid="status">{`${status} ${reason} ${attempt}`}</p>;
}

describe("useWebSocket's options between renders", () => {
  it("gives the next retry the latest render's backoff, as the server sees it", async () => {
    const warn = vi.spyOn(console, "warn");
    server = await startFaultyServer();
    const { rerender } = render(<Status url={server.url} options={{ reconnect: { backoff: { baseMs: 20_000 } } }} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    rerender(<Status url={server.url} options={{ reconnect: { backoff: { baseMs: 100 } } }} />);
    const dropped = Date.now();
    server.dropAll();
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(2));
    // 100 ms asked for (at the top of the jitter); the first render's numbers would have waited 20 s.
    expect((server.upgradeAttempts[1] as number) - dropped).toBeLessThan(5000);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toMatch(/^open/));
    // The environment written inline each render holds the same parts: nothing to warn about.
    expect(warn).not.toHaveBeenCalled();
  });

  it("pings at the latest render's heartbeat interval on the connection already open", async () => {
    const pings: number[] = [];
    server = await startFaultyServer({ onMessage: (data) => void (data === "ping" && pings.push(Date.now())) });
    const beat = (intervalMs: number) => [
      heartbeat({ intervalMs, timeoutMs: 10_000, isPong: (data: unknown) => data === "ping" }),
    ];
    const { rerender } = render(<Status url={server.url} options={{ use: beat(60_000) }} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    const changed = Date.now();
    rerender(<Status url={server.url} options={{ use: beat(200) }} />);
    await waitFor(() => expect(pings).toHaveLength(1));
    // 200 ms asked for; the first render's interval was a minute. The margin is for a loaded machine.
    expect((pings[0] as number) - changed).toBeLessThan(5000);
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("stops at the next drop once a later render lowers maxAttempts", async () => {
    server = await startFaultyServer();
    const fast = { backoff: { baseMs: 50 } };
    const { rerender } = render(<Status url={server.url} options={{ reconnect: fast }} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    rerender(<Status url={server.url} options={{ reconnect: { ...fast, maxAttempts: 0 } }} />);
    server.dropAll();
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("closed retries-exhausted 0"));
    expect(server.upgradeAttempts).toHaveLength(1);
  });

  it("uses the latest render's callbacks and none that a later render took out", async () => {
    server = await startFaultyServer();
    const refreshed: string[] = [];
    // A short minimum uptime: a connection that stays up 50 ms is healthy again, and may refresh again.
    const reconnect = { backoff: { baseMs: 50 }, minUptimeMs: 50 };
    const { rerender } = render(
      <Status url={server.url} options={{ reconnect, refreshCredentials: async () => void refreshed.push("first") }} />,
    );
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    rerender(
      <Status
        url={server.url}
        options={{ reconnect, refreshCredentials: async () => void refreshed.push("second") }}
      />,
    );
    server.closeAll(4401, "token expired");
    await waitFor(() => expect(refreshed).toEqual(["second"]));
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    // Taken out: the next auth rejection gets what a socket made without one gets, one attempt and no refresh.
    rerender(<Status url={server.url} options={{ reconnect }} />);
    server.closeAll(4401, "token expired");
    await waitFor(() => expect(server!.upgradeAttempts).toHaveLength(3));
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    expect(refreshed).toEqual(["second"]);
  });

  it("warns once, naming it, when a later render passes another rateLimit, and keeps the first", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server = await startFaultyServer();
    const options = (): SocketOptions => ({ rateLimit: tokenBucket({ perSecond: 5 }) });
    const { rerender } = render(<Status url={server.url} options={options()} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open opened 0"));
    rerender(<Status url={server.url} options={options()} />);
    rerender(<Status url={server.url} options={options()} />);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[@lifeline\/core\] setOptions: options\.rateLimit changed, and the socket keeps the one it was made with/,
    );
    expect(server.upgradeAttempts).toHaveLength(1);
  });
});

describe("useWebSocket's own socket after the hook switches to a socket passed in", () => {
  it("does not connect when something still holding it calls reconnect() or connect()", async () => {
    server = await startFaultyServer();
    const opened: string[] = [];
    // Records every URL a WebSocket is opened to, the hook's and the passed socket's alike.
    const Recording = class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(String(url));
      }
    };
    const passed = createSocket(server.url, { environment: { WebSocket: Recording }, autoConnect: false });
    let owned: Socket | undefined;
    function Holder({ source }: { source: string | Socket }) {
      const { socket, status } = useWebSocket(source, { environment: { WebSocket: Recording } });
      if (typeof source === "string") owned = socket;
      return <p data-testid="status">{status}</p>;
    }
    const { rerender } = render(<Holder source={server.url} />);
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("open"));
    rerender(<Holder source={passed} />);
    await waitFor(() => expect(owned?.getSnapshot().status).toBe("closed"));
    // A banner's "Retry now" rendered for the old socket, clicked after the switch.
    owned?.reconnect();
    owned?.connect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(opened).toEqual([new URL(server.url).href]);
    expect(owned?.getSnapshot().status).toBe("closed");
    passed.close();
  });
});
