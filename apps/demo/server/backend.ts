// The demo's backend: a chat room served by the fault-injecting server of @lifeline/testing, so every fault the
// panel triggers happens to the very socket the page uses. History goes over HTTP, live messages over the socket.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_ALLOWED_ORIGINS, type FaultyServer, startFaultyServer } from "@lifeline/testing";
import type { WebSocket } from "ws";
import { type ChatMessage, createChatRoom, createTokenIssuer, PostError, readPost } from "./chatRoom.js";
import { FAULTS, isFaultName } from "./faults.js";

export interface BackendOptions {
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /**
   * The origins of the pages that may call the backend's HTTP API and the chaos API: the Vite app's. Any other page
   * is refused with 403, so a site open in another tab cannot post to the room or trigger faults.
   * @default DEFAULT_ALLOWED_ORIGINS of @lifeline/testing (the app on 5173)
   */
  readonly allowedOrigins?: readonly string[];
}

export interface Backend {
  readonly server: FaultyServer;
  /** `http://host:port`, for the HTTP API; the socket is at `ws://host:port/chat`. */
  readonly httpUrl: string;
  stop(): Promise<void>;
}

/** What the server pushes over the socket. */
export type ServerMessage =
  | { readonly type: "message"; readonly message: ChatMessage }
  | { readonly type: "error"; readonly error: string };

const MAX_BODY_BYTES = 64 * 1024;

interface Peer {
  /** The page's tab id from `?tab=`, so the "offline" fault can cut just that page. */
  readonly tab: string | null;
  subscribed: boolean;
}

export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const room = createChatRoom();
  const tokens = createTokenIssuer();
  const peers = new Map<WebSocket, Peer>();
  // Every post that arrived over a socket, a post sent twice counted twice: what a test of delivery counts.
  let postsReceived = 0;
  const allowedOrigins = options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;

  // To the room, and to the sender even before it subscribes: its queued posts can go out ahead of the
  // subscription after a reconnect, and it must still learn that they arrived.
  const publish = (message: ChatMessage, sender?: WebSocket) => {
    const text = JSON.stringify({ type: "message", message } satisfies ServerMessage);
    server.broadcast(text, (socket) => socket === sender || peers.get(socket)?.subscribed === true);
  };

  function onConnection(socket: WebSocket, request: IncomingMessage) {
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    peers.set(socket, { tab: query.get("tab"), subscribed: false });
    socket.on("close", () => peers.delete(socket));
    // Browsers hide the HTTP status of a refused handshake, so a server that wants the client to know why closes
    // right after accepting, with a code the client can read.
    if (!tokens.isValid(query.get("token"))) socket.close(4401, "token expired");
  }

  function onMessage(data: string, socket: WebSocket) {
    if (data === "ping") return socket.send("pong");
    const peer = peers.get(socket);
    let message: { type?: unknown; room?: unknown };
    try {
      message = JSON.parse(data);
    } catch {
      return reply(socket, '[@lifeline/demo] The server got a message that is not JSON. Send {"type": ...} objects.');
    }
    if (message?.type === "subscribe" && peer) peer.subscribed = true;
    else if (message?.type === "unsubscribe" && peer) peer.subscribed = false;
    else if (message?.type === "typing") return;
    else if (message?.type === "post") {
      postsReceived++;
      try {
        const { message: stored, added } = room.post(readPost(message));
        // A post sent again (its first answer was lost with the connection) is stored once, answered again.
        if (added) publish(stored, socket);
        else socket.send(JSON.stringify({ type: "message", message: stored } satisfies ServerMessage));
      } catch (error) {
        if (!(error instanceof PostError)) throw error;
        reply(socket, error.message);
      }
    } else reply(socket, `[@lifeline/demo] Unknown message type ${JSON.stringify(message?.type)}.`);
  }

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const route = `${request.method} ${url.pathname}`;
    if (request.method === "OPTIONS") return void response.writeHead(204, corsHeaders()).end();
    if (route === "GET /api/messages") return json(response, 200, { messages: room.history() });
    if (route === "GET /api/stats") return json(response, 200, { postsReceived });
    if (route === "POST /api/messages") {
      const body = await readJson(request);
      const { message, added } = room.post(readPost(body));
      if (added) publish(message);
      return json(response, added ? 201 : 200, { message });
    }
    if (route === "POST /api/token") {
      const token = tokens.issue();
      if (token === null) return json(response, 401, { error: "[@lifeline/demo] Signed out. Sign in again." });
      return json(response, 200, { token });
    }
    if (route === "POST /api/sign-in") return json(response, 200, { token: tokens.signIn() });
    if (route === "GET /api/faults") return json(response, 200, { faults: Object.keys(FAULTS) });
    const fault = url.pathname.startsWith("/api/faults/") ? url.pathname.slice("/api/faults/".length) : null;
    if (fault !== null && request.method === "POST" && isFaultName(fault)) {
      const context = { server, tokens, dropTab };
      return json(response, 200, { fault, ...FAULTS[fault](context, url.searchParams) });
    }
    json(response, 404, { error: `[@lifeline/demo] No route ${route}. See apps/demo/server/backend.ts.` });
  }

  function dropTab(tab: string): number {
    let count = 0;
    for (const [socket, peer] of peers) {
      if (peer.tab !== tab) continue;
      socket.terminate();
      count++;
    }
    return count;
  }

  function onRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/api/")) return false;
    // The same rule as the chaos API's: CORS would only hide the answer, a foreign form post would still act.
    const origin = request.headers.origin;
    response.setHeader("Vary", "Origin");
    if (origin !== undefined && !allowedOrigins.includes(origin)) {
      json(response, 403, {
        error: `[@lifeline/demo] The backend refused a request from origin ${origin}. Only pages on ${allowedOrigins.join(" or ")} may call it: open the app there.`,
      });
      return true;
    }
    if (origin !== undefined) response.setHeader("Access-Control-Allow-Origin", origin);
    api(request, response, url).catch((error: Error) => {
      const status = error instanceof PostError || error instanceof RangeError || error instanceof SyntaxError;
      json(response, status ? 400 : 500, { error: error.message });
    });
    return true;
  }

  const server = await startFaultyServer({
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    echo: false,
    onConnection,
    onMessage,
    onRequest,
    chaosApi: { allowedOrigins },
  });
  return {
    server,
    httpUrl: server.url.replace(/^ws/, "http"),
    stop: () => server.stop(),
  };
}

function reply(socket: WebSocket, error: string) {
  socket.send(JSON.stringify({ type: "error", error } satisfies ServerMessage));
}

// The page is served from another port (Vite's). Access-Control-Allow-Origin is set per request, for allowed
// origins only (onRequest).
function corsHeaders(): Record<string, string> {
  return {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
  };
}

function json(response: ServerResponse, status: number, body: object) {
  if (response.headersSent) return;
  response
    .writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...corsHeaders(),
    })
    .end(JSON.stringify(body));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES)
        return reject(new RangeError(`[@lifeline/demo] The body is over ${MAX_BODY_BYTES} bytes.`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new SyntaxError("[@lifeline/demo] The body is not valid JSON. Send a JSON object."));
      }
    });
    request.on("error", reject);
  });
}
