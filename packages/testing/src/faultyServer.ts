/**
 * A real WebSocket server on loopback that misbehaves on command, for tests that must see what a network does.
 *
 * Faults:
 * - `closeAll(code, reason)`: a proper Close frame, as a server that rejects or restarts sends it.
 * - `dropAll()`: destroys the TCP connections with no Close frame, as a crash, a proxy idle timeout or a pulled
 *   cable does. Clients see 1006.
 * - `rejectNext(status, count)`: answers the next upgrade requests with an HTTP status instead of 101, as an auth
 *   check or a rate limiter in front of the socket does. Browsers report that as 1006 too, before any open.
 *
 * To add a fault: give it a method on `FaultyServer` that acts on `sockets` (open connections) or on the upgrade
 * path in `handleUpgrade`, describe it in this list, and cover it in faultyServer.test.ts with a real client.
 */
import { createServer, type IncomingMessage, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

export interface FaultyServerOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Called with every message a client sends, as text. Echoes nothing unless you answer yourself. */
  readonly onMessage?: (data: string, socket: WebSocket) => void;
}

export interface FaultyServer {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Upgrades accepted since the start, rejected ones not included. */
  readonly acceptedConnections: number;
  /** Resolves with the next connection the server accepts (or the newest one, if it is still unclaimed). */
  nextConnection(): Promise<WebSocket>;
  closeAll(code?: number, reason?: string): void;
  dropAll(): void;
  rejectNext(status: number, count?: number): void;
  /** Stops listening and destroys every connection. */
  stop(): Promise<void>;
}

/** Starts a fault-injecting WebSocket server on 127.0.0.1. */
export async function startFaultyServer(options: FaultyServerOptions = {}): Promise<FaultyServer> {
  const http = createServer((_request, response) => response.writeHead(426).end("WebSocket only"));
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const waiting: Array<(socket: WebSocket) => void> = [];
  const unclaimed: WebSocket[] = [];
  const rejections: number[] = [];
  let accepted = 0;

  http.on("upgrade", (request: IncomingMessage, tcp: Duplex, head: Buffer) => {
    const status = rejections.shift();
    if (status !== undefined) {
      tcp.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Rejected"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, tcp, head, (socket) => {
      accepted++;
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("message", (data, isBinary) => {
        if (!isBinary) options.onMessage?.(data.toString(), socket);
      });
      const resolve = waiting.shift();
      if (resolve) resolve(socket);
      else unclaimed.push(socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = http.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    get openConnections() {
      return sockets.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    nextConnection() {
      const ready = unclaimed.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    closeAll(code, reason) {
      for (const socket of sockets) socket.close(code, reason);
    },
    dropAll() {
      for (const socket of sockets) socket.terminate();
    },
    rejectNext(status, count = 1) {
      for (let index = 0; index < count; index++) rejections.push(status);
    },
    async stop() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
