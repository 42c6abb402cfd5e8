// Issue 23: every Lifeline socket on the page is listed, whichever layer made it: the hook's own socket, a socket
// client's, and the react-use-websocket drop-in's. Each is a real socket against a real `ws` server on loopback.
import { createSocketClient, SocketClientProvider, useSocketClient, useWebSocket } from "@lifeline/react";
import useDropInWebSocket from "@lifeline/react-use-websocket";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, configure, render, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { LifelineDevtools } from "./production.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

let server: FaultyServer | undefined;
const scope = globalThis as { WebSocket?: unknown };
const pageWebSocket = scope.WebSocket;
// The drop-in takes react-use-websocket's options, which name no WebSocket: it uses the page's, as in a browser.
beforeAll(() => {
  scope.WebSocket = WebSocket;
});
afterAll(() => {
  scope.WebSocket = pageWebSocket;
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function FromHook({ url }: { url: string }) {
  useWebSocket(url, { environment: { WebSocket } });
  return null;
}

function FromClient({ url }: { url: string }) {
  useWebSocket(useSocketClient().socket(url));
  return null;
}

function FromDropIn({ url }: { url: string }) {
  useDropInWebSocket(url);
  return null;
}

it("lists the sockets of useWebSocket, of a socket client and of the react-use-websocket drop-in", async () => {
  server = await startFaultyServer();
  const url = server.url;
  const client = createSocketClient({ socketOptions: { environment: { WebSocket } } });
  render(
    <>
      <LifelineDevtools initialIsOpen />
      <FromHook url={`${url}/hook`} />
      <SocketClientProvider client={client}>
        <FromClient url={`${url}/client`} />
      </SocketClientProvider>
      <FromDropIn url={`${url}/drop-in`} />
    </>,
  );
  const region = await screen.findByRole("region", { name: "Lifeline sockets" });
  for (const path of ["hook", "client", "drop-in"]) {
    await waitFor(() =>
      expect(within(region).getByRole("heading", { name: new RegExp(`^#\\d+ ${url}/${path}$`) })).toBeTruthy(),
    );
  }
  await waitFor(() => expect(server?.acceptedConnections).toBe(3));
});
