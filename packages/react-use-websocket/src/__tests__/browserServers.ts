import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startFaultyServer } from "@lifeline/testing";
import type { TestProject } from "vitest/node";

// The Chromium tests' servers, started in Node by vitest's globalSetup: a real text/event-stream endpoint with a
// small control API, and the fault-injecting WebSocket server with its chaos API open to the test page's origin.

declare module "vitest" {
  export interface ProvidedContext {
    sseUrl: string;
    wsUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const streams = new Set<ServerResponse>();
  let connections = 0;
  const sse = createServer((request, response) => {
    const headers = { "access-control-allow-origin": "*", "cache-control": "no-store" };
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/events") {
      connections++;
      response.writeHead(200, { ...headers, "content-type": "text/event-stream" });
      // A short retry: if the EventSource reconnected by itself, the test would see it quickly.
      response.write("retry: 100\n\n");
      streams.add(response);
      request.on("close", () => streams.delete(response));
      return;
    }
    if (path === "/send" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        for (const stream of streams) stream.write(`data: ${body}\n\n`);
        response.writeHead(200, headers).end(String(streams.size));
      });
      return;
    }
    if (path === "/drop" && request.method === "POST") {
      for (const stream of streams) stream.destroy();
      streams.clear();
      response.writeHead(200, headers).end();
      return;
    }
    if (path === "/stats") {
      response.writeHead(200, { ...headers, "content-type": "application/json" });
      response.end(JSON.stringify({ connections, open: streams.size }));
      return;
    }
    response.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => sse.listen(0, "127.0.0.1", resolve));
  const ws = await startFaultyServer({ chaosApi: { allowedOrigins: () => true } });
  project.provide("sseUrl", `http://127.0.0.1:${(sse.address() as AddressInfo).port}`);
  project.provide("wsUrl", ws.url);
  return async () => {
    for (const stream of streams) stream.destroy();
    await new Promise((resolve) => sse.close(resolve));
    await ws.stop();
  };
}
