import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** What the server saw of one WebSocket connection: the path it asked for, every message, and how it closed. */
export interface SeenConnection {
  readonly path: string;
  readonly messages: string[];
  /** The close code the browser sent (1006 when the connection was cut without one); null while open. */
  closeCode: number | null;
}

/** A page, built for each request: the render needs the address the browser used. */
export type Page = (origin: string) => { readonly type: string; readonly body: string };

/**
 * One HTTP server on 127.0.0.1 (a free port) that serves the given pages and accepts WebSocket upgrades on any
 * path, recording each connection. The page and its sockets share one origin, so the page can build its URL from
 * `location.host`, as an app does.
 */
export async function startServer(pages: Record<string, Page>) {
  const connections: SeenConnection[] = [];
  const http = createServer((request, response) => {
    const page = pages[request.url ?? "/"];
    // The browser asks for a favicon by itself; a 404 would show up as a console error the tests fail on.
    if (!page) return void response.writeHead(request.url === "/favicon.ico" ? 204 : 404).end();
    const { type, body } = page(`http://${request.headers.host}`);
    response.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store" }).end(body);
  });
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (socket, request) => {
    const seen: SeenConnection = { path: request.url ?? "", messages: [], closeCode: null };
    connections.push(seen);
    socket.on("message", (data) => seen.messages.push(String(data)));
    socket.on("close", (code) => {
      seen.closeCode = code;
    });
  });
  await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((done) => wss.close(done));
      await new Promise((done) => http.close(done));
    },
  };
}
