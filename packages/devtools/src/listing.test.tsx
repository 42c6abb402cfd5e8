// Issue 23: a socket the app made before anyone opened the panel is listed when it opens. Its own file, since the
// page's list is made once per page: in a file whose earlier tests opened the panel, it would exist already.
import { createSocket, type Socket } from "@lifeline/core";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { WebSocket } from "ws";
import { LifelineDevtools } from "./production.js";

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

let server: FaultyServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  await server?.stop();
});

it("lists a socket made after the devtools loaded and before the panel first opened", async () => {
  server = await startFaultyServer();
  render(<LifelineDevtools />);
  socket = createSocket(server.url, { environment: { WebSocket } });
  await waitFor(() => expect(socket?.getSnapshot().status).toBe("open"));
  fireEvent.click(screen.getByRole("button", { name: "Lifeline devtools" }));
  const region = await screen.findByRole("region", { name: "Lifeline sockets" });
  expect(within(region).getByRole("heading", { name: `#1 ${server.url}` })).toBeTruthy();
  expect(within(region).getByText("1 socket")).toBeTruthy();
});
