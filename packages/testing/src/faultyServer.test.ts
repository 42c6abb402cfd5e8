import { type CloseClassification, classifyClose } from "@lifeline/core";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

// Each test connects a real `ws` client over loopback and classifies the close it really receives.

let server: FaultyServer;
afterEach(async () => {
  await server?.stop();
});

interface Outcome {
  opened: boolean;
  classification: CloseClassification;
}

function connect(url: string): { client: WebSocket; outcome: Promise<Outcome> } {
  const client = new WebSocket(url);
  let opened = false;
  client.on("open", () => {
    opened = true;
  });
  // ws reports a refused upgrade through "error"; the close that follows carries 1006 like a browser's.
  client.on("error", () => {});
  const outcome = new Promise<Outcome>((resolve) => {
    client.on("close", (code, reason) => {
      resolve({ opened, classification: classifyClose({ code, reason: reason.toString() }, { opened }) });
    });
  });
  return { client, outcome };
}

const opened = (client: WebSocket) => new Promise((resolve) => client.once("open", resolve));

describe("startFaultyServer", () => {
  it("listens on 127.0.0.1 and counts accepted connections", async () => {
    server = await startFaultyServer();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const { client } = connect(server.url);
    await opened(client);
    await server.nextConnection();
    expect(server.acceptedConnections).toBe(1);
    expect(server.openConnections).toBe(1);
    client.close();
  });

  it("closes with a code and reason that the client classifies as a rate-limit rejection with a hint", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.closeAll(1008, "rate limit exceeded; retry-after=30");
    const { classification } = await outcome;
    expect(classification).toMatchObject({
      code: 1008,
      kind: "policy-violation",
      policy: "rate-limited",
      retry: { action: "after-hint", retryAfterMs: 30_000 },
      beforeOpen: false,
    });
  });

  it("announces a restart with 1012, which the client retries soon", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.closeAll(1012);
    expect((await outcome).classification).toMatchObject({ kind: "service-restart", retry: { action: "soon" } });
  });

  it("drops the TCP connection without a Close frame, which the client sees as 1006", async () => {
    server = await startFaultyServer();
    const { client, outcome } = connect(server.url);
    await opened(client);
    server.dropAll();
    const { classification } = await outcome;
    expect(classification).toMatchObject({ code: 1006, kind: "abnormal", reserved: true, beforeOpen: false });
    expect(classification.retry.action).toBe("backoff");
  });

  it("rejects the upgrade with HTTP 429, which reaches the client as 1006 before any open", async () => {
    server = await startFaultyServer();
    server.rejectNext(429);
    const { outcome } = connect(server.url);
    const result = await outcome;
    expect(result.opened).toBe(false);
    expect(result.classification).toMatchObject({ code: 1006, beforeOpen: true, retry: { action: "backoff" } });
    expect(server.acceptedConnections).toBe(0);

    // Only the next upgrade was rejected: the one after it is accepted.
    const second = connect(server.url);
    await opened(second.client);
    expect(server.acceptedConnections).toBe(1);
    second.client.close();
  });

  it("passes client messages to onMessage", async () => {
    const received: string[] = [];
    server = await startFaultyServer({
      onMessage: (data, socket) => {
        received.push(data);
        socket.send(`echo:${data}`);
      },
    });
    const { client } = connect(server.url);
    await opened(client);
    const reply = new Promise((resolve) => client.once("message", (data) => resolve(data.toString())));
    client.send("ping");
    expect(await reply).toBe("echo:ping");
    expect(received).toEqual(["ping"]);
    client.close();
  });
});
