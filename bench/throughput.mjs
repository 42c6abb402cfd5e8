// Receive throughput: how fast a client takes in messages when the client, not the server, is the bottleneck.
// The server writes one pre-built buffer holding every frame, so it costs almost nothing per message.
// Side by side in one run, alternating: raw `ws` with the browser-style addEventListener API, Lifeline's
// createSocket with onMessage, and the incumbents that run outside React, each over a fresh loopback connection.
// Prints the median time of each and the median of the per-round throughput ratios to raw.
// Target: Lifeline ≥ 0.95 of raw. Run with node --expose-gc for steadier figures.
import { createServer } from "node:http";
import { createSocket } from "@lifeline/core";
import { WebSocket as PartySocket } from "partysocket";
import ReconnectingWebSocket from "reconnecting-websocket";
import Sockette from "sockette";
import { WebsocketBuilder } from "websocket-ts";
import { WebSocket, WebSocketServer } from "ws";
import { median, report } from "./report.mjs";

// sockette and websocket-ts take no constructor option: they use the global one, as in a browser.
globalThis.WebSocket = WebSocket;

const MESSAGES = Number(process.env.MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const PAYLOAD = '{"type":"tick","seq":123456,"v":1}'; // 34 bytes, a typical small JSON message

// One unmasked text frame (server to client): FIN + opcode 1, then the 7-bit length, then the payload.
const frame = Buffer.concat([Buffer.from([0x81, PAYLOAD.length]), Buffer.from(PAYLOAD)]);
const burst = Buffer.alloc(frame.length * MESSAGES);
for (let index = 0; index < MESSAGES; index++) frame.copy(burst, index * frame.length);

const http = createServer();
const wss = new WebSocketServer({ server: http });
wss.on("connection", (socket) => socket.once("message", () => socket._socket.write(burst)));
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const url = `ws://127.0.0.1:${http.address().port}`;

function measure(open) {
  return new Promise((resolve) => {
    let count = 0;
    let started = 0;
    const done = () => {
      const ms = performance.now() - started;
      close();
      resolve(ms);
    };
    const { close, start } = open(() => {
      if (++count === MESSAGES) done();
    });
    start((send) => {
      started = performance.now();
      send("go");
    });
  });
}

const clients = {
  "raw ws (addEventListener)": (onMessage) => {
    const socket = new WebSocket(url);
    socket.addEventListener("message", (event) => onMessage(event.data));
    return {
      start: (go) => socket.addEventListener("open", () => go((data) => socket.send(data))),
      close: () => socket.close(),
    };
  },
  "Lifeline createSocket": (onMessage) => {
    const socket = createSocket(url, { environment: { WebSocket } });
    socket.onMessage((data) => onMessage(data));
    return {
      start: (go) => {
        const stop = socket.subscribe(() => {
          if (socket.getSnapshot().status === "open") {
            stop();
            go((data) => socket.send(data));
          }
        });
      },
      close: () => socket.close(),
    };
  },
  "partysocket 1.3.0": (onMessage) => {
    const socket = new PartySocket(url, [], { WebSocket });
    socket.addEventListener("message", (event) => onMessage(event.data));
    return {
      start: (go) => socket.addEventListener("open", () => go((data) => socket.send(data))),
      close: () => socket.close(),
    };
  },
  "reconnecting-websocket 4.4.0": (onMessage) => {
    const socket = new ReconnectingWebSocket(url, [], { WebSocket });
    socket.addEventListener("message", (event) => onMessage(event.data));
    return {
      start: (go) => socket.addEventListener("open", () => go((data) => socket.send(data))),
      close: () => socket.close(),
    };
  },
  "websocket-ts 2.3.0": (onMessage) => {
    let started = null;
    const socket = new WebsocketBuilder(url)
      .onMessage((_socket, event) => onMessage(event.data))
      .onOpen(() => started?.())
      .build();
    return {
      start: (go) => {
        started = () => go((data) => socket.send(data));
      },
      close: () => socket.close(),
    };
  },
  "sockette 2.0.6": (onMessage) => {
    let started = null;
    const socket = new Sockette(url, { onmessage: (event) => onMessage(event.data), onopen: () => started?.() });
    return {
      start: (go) => {
        started = () => go((data) => socket.send(data));
      },
      close: () => socket.close(),
    };
  },
};

// Each round runs every client once, in an order that rotates, with a full GC before each run when available
// (node --expose-gc), so neither position in the round nor the previous client's garbage favours anyone.
// Ratios are taken within a round, then the median across rounds is reported.
const names = Object.keys(clients);
const results = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  const order = names.map((_, index) => names[(index + round) % names.length]);
  for (const name of order) {
    globalThis.gc?.();
    const ms = await measure(clients[name]);
    if (round > 0) results[name].push(ms); // round 0 warms the JIT up and is not counted
  }
}

const rawName = names[0];
const rows = Object.entries(results).map(([name, values]) => {
  const ms = median(values);
  const ratios = values.map((value, index) => results[rawName][index] / value);
  return [
    name,
    ms.toFixed(1),
    Math.round(MESSAGES / (ms / 1000)).toLocaleString("en"),
    median(ratios).toFixed(3),
    ratios.map((ratio) => ratio.toFixed(2)).join(" "),
  ];
});
report("throughput", {
  title: `Receive throughput: ${MESSAGES.toLocaleString("en")} messages of ${PAYLOAD.length} bytes, median of ${ROUNDS} rounds`,
  method:
    "A loopback server writes every frame in one pre-built buffer, so the client is the bottleneck. Each round runs every client once on a fresh connection, in a rotating order, after a full GC; the ratio to raw ws is taken within each round, and the median of those ratios is reported.",
  columns: ["client", "median ms", "msg/s", "vs raw ws", "per-round ratios"],
  rows,
  notes: ["A ratio above 1 is noise around raw ws: every client here wraps the same ws socket."],
});
wss.close();
http.close();
