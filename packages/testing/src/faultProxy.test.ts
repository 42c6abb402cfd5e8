import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { type FaultProxy, startFaultProxy } from "./faultProxy.js";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

// A real `ws` client talks through the proxy to the echoing fault-injecting server.

let server: FaultyServer;
let proxy: FaultProxy;
afterEach(async () => {
  await proxy?.stop();
  await server?.stop();
});

async function connectThroughProxy() {
  server = await startFaultyServer();
  proxy = await startFaultProxy({ targetPort: server.port });
  const client = new WebSocket(proxy.url);
  const messages: string[] = [];
  client.addEventListener("message", (event) => messages.push(String(event.data)));
  client.addEventListener("error", () => {});
  const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) => {
    client.addEventListener("close", (event) => resolve({ code: event.code, wasClean: event.wasClean }));
  });
  await new Promise((resolve) => client.addEventListener("open", resolve));
  return { client, messages, closed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startFaultProxy", () => {
  it("forwards both ways in pass mode: the echo comes back", async () => {
    const { client, messages } = await connectThroughProxy();
    expect(proxy.url).toBe(`ws://127.0.0.1:${proxy.port}`);
    expect(proxy.mode).toBe("pass");
    expect(proxy.connections).toBe(1);
    client.send("hello");
    await vi.waitFor(() => expect(messages).toEqual(["hello"]), { timeout: 5000 });
    client.close();
  });

  it("forwards nothing in blackhole mode while the client and the server stay connected", async () => {
    const { client, messages } = await connectThroughProxy();
    proxy.blackhole();
    expect(proxy.mode).toBe("blackhole");
    client.send("anyone?");
    server.broadcast("from the server");
    await sleep(300);
    expect(messages).toEqual([]);
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(server.openConnections).toBe(1);
    expect(server.stats().receivedMessages).toBe(0);
  });

  it("forwards again after pass(), on the same connection", async () => {
    const { client, messages } = await connectThroughProxy();
    proxy.blackhole();
    client.send("lost");
    await sleep(100);
    proxy.pass();
    client.send("found");
    await vi.waitFor(() => expect(messages).toEqual(["found"]), { timeout: 5000 });
    client.close();
  });

  it("resets every connection with a TCP RST, which the client sees as 1006, and passes later ones", async () => {
    const { closed } = await connectThroughProxy();
    proxy.blackhole();
    proxy.reset();
    expect(await closed).toEqual({ code: 1006, wasClean: false });
    expect(proxy.mode).toBe("pass");
    await vi.waitFor(() => expect(server.openConnections).toBe(0), { timeout: 5000 });

    const later = new WebSocket(proxy.url);
    const reply = new Promise((resolve) => later.once("message", (data) => resolve(data.toString())));
    later.once("open", () => later.send("again"));
    expect(await reply).toBe("again");
    later.close();
  });

  it("delays each direction by the latency it is given", async () => {
    const { client, messages } = await connectThroughProxy();
    proxy.setLatency(250);
    const sentAt = performance.now();
    client.send("slow");
    await vi.waitFor(() => expect(messages).toEqual(["slow"]), { timeout: 5000 });
    // 250 ms on the way in and 250 ms on the way out; a timer may fire a millisecond early against the clock.
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(495);

    proxy.setLatency(0);
    const fastAt = performance.now();
    client.send("fast");
    await vi.waitFor(() => expect(messages).toEqual(["slow", "fast"]), { timeout: 5000 });
    // Well under the 500 ms round trip with latency; the margin absorbs waitFor's polling and a loaded machine.
    expect(performance.now() - fastAt).toBeLessThan(400);
    client.close();
  });

  it("keeps the order of chunks when the latency drops while some are delayed", async () => {
    const { client, messages } = await connectThroughProxy();
    proxy.setLatency(150);
    client.send("first");
    await sleep(20);
    proxy.setLatency(0);
    client.send("second");
    await vi.waitFor(() => expect(messages).toEqual(["first", "second"]), { timeout: 2000 });
    client.close();
  });

  it("refuses a latency that is not a whole number of milliseconds", async () => {
    server = await startFaultyServer();
    proxy = await startFaultProxy({ targetPort: server.port });
    expect(() => proxy.setLatency(-1)).toThrow("[@lifeline/testing] setLatency: ms is -1. Use a whole number from 0");
  });

  it("closes the client when the server behind it is gone", async () => {
    server = await startFaultyServer();
    const { port } = server;
    await server.stop();
    proxy = await startFaultProxy({ targetPort: port });
    const client = new WebSocket(proxy.url);
    client.on("error", () => {});
    const code = await new Promise((resolve) => client.on("close", resolve));
    expect(code).toBe(1006);
  });
});
