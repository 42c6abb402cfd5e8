import { createSocket, type Socket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createCloseClassifier } from "@lifeline/core/classify";
import { httpProbe, probe } from "@lifeline/core/probe";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ConnectionBanner } from "./ConnectionBanner.js";

// Issue 21: the banner says what the socket decided, with every rule, limit and probe verdict applied. These run a
// real socket against a real server on loopback, with real timers, so the decisions are the socket's own.

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

let server: FaultyServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await server?.stop();
  server = undefined;
});

// Short waits keep each run quick; a loaded CI machine gets a generous bound on every wait instead.
const fast = { reconnect: { backoff: { baseMs: 20, maxMs: 50 }, minUptimeMs: 5000 } } as const;
const within = { timeout: 15_000 };
const banner = (container: HTMLElement) => container.querySelector(".ll-banner") as HTMLElement;

describe("ConnectionBanner against a real server", { timeout: 30_000 }, () => {
  it("asks the user to sign in once refreshing credentials for a server's own auth code did not help", async () => {
    // The server ends every session with its own code 4000, before and after the app's refresh.
    server = await startFaultyServer({ onConnection: (connection) => connection.close(4000, "session ended") });
    let refreshes = 0;
    socket = createSocket(server.url, {
      use: [browser()],
      environment: { WebSocket },
      ...fast,
      classify: createCloseClassifier({ codes: { 4000: { retry: "refresh-auth" } } }),
      refreshCredentials: () => {
        refreshes++;
      },
    });
    const { container } = render(<ConnectionBanner source={socket} onSignIn={() => {}} timing={{ graceMs: 0 }} />);
    await waitFor(() => expect(socket?.getSnapshot().status).toBe("closed"), within);
    expect(socket.getSnapshot()).toMatchObject({ reason: "credentials-failed", decision: { action: "never" } });
    expect(refreshes).toBe(1);
    await waitFor(() => expect(banner(container).dataset.state).toBe("auth"), within);
    expect(screen.getByRole("alert").textContent).toBe("Rejected: your session has expired.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("says access is denied once the handshake probe found a 403 behind the refused upgrades", async () => {
    // The probe's fetch runs from the test page's origin: the server lets it read the refusal, as a real API would.
    server = await startFaultyServer({ chaosApi: { allowedOrigins: [window.location.origin] } });
    server.refuseUpgrades({ status: 403 });
    socket = createSocket(server.url, {
      // The probe's answer counts for the attempt it was asked about; with the 20–50 ms waits above, a loaded CI
      // machine's fetch came back after the next attempt had started, every time. 1.5 s waits leave it room.
      environment: { WebSocket, random: () => 0.99 },
      reconnect: { backoff: { baseMs: 1500, maxMs: 1500 }, minUptimeMs: 5000 },
      use: [browser(), probe(httpProbe({ timeoutMs: 10_000 }))],
    });
    const { container } = render(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    await waitFor(() => expect(socket?.getSnapshot().status).toBe("closed"), within);
    expect(socket.getSnapshot()).toMatchObject({
      reason: "retry-refused",
      lastClose: { httpStatus: 403 },
      decision: { action: "never", category: "rejected" },
    });
    await waitFor(() => expect(banner(container).dataset.state).toBe("forbidden"), within);
    expect(screen.getByRole("alert").textContent).toBe("Rejected: access denied.");
  });

  it("says it gave up at the attempt limit though each drop alone would be retried, and Reconnect starts over", async () => {
    server = await startFaultyServer();
    socket = createSocket(server.url, {
      use: [browser()],
      environment: { WebSocket },
      reconnect: { ...fast.reconnect, maxAttempts: 2 },
    });
    const { container } = render(<ConnectionBanner source={socket} timing={{ graceMs: 0 }} />);
    await waitFor(() => expect(socket?.getSnapshot().status).toBe("open"), within);
    // Every handshake from now on fails at the TCP level, as while the server process is down.
    server.restart({ refuseMs: 60_000 });
    await waitFor(() => expect(socket?.getSnapshot().status).toBe("closed"), within);
    expect(socket.getSnapshot()).toMatchObject({ reason: "retries-exhausted", decision: { action: "never" } });
    expect(socket.getSnapshot().lastClose?.retry.action).not.toBe("never");
    await waitFor(() => expect(banner(container).dataset.state).toBe("gave-up"), within);
    expect(screen.getByRole("alert").textContent).toBe("Couldn't reconnect.");
    act(() => fireEvent.click(screen.getByRole("button", { name: "Reconnect" })));
    expect(socket.getSnapshot()).toMatchObject({ status: "connecting", reason: "reconnect-called" });
  });
});
