// A herd: the server drops 500 connected clients at once (no close frame, as a crash or a deploy does). How hard
// do they come back? Prints, per client library, the peak number of connection attempts the server sees in any
// 100 ms window and the time until 95 % of clients are open again. Target for Lifeline: ≤ 60 per window and
// t95 ≤ 1.5 s. partysocket (no jitter) is measured in the same run for comparison.
import { createSocket } from "@lifeline/core";
import { WebSocket as PartySocket } from "partysocket";
import ReconnectingWebSocket from "reconnecting-websocket";
import Sockette from "sockette";
import { WebSocket } from "ws";
import { median, report } from "./report.mjs";
import { startServerProcess } from "./serverControl.mjs";

// sockette takes no constructor option: it uses the global one, as in a browser.
globalThis.WebSocket = WebSocket;

const CLIENTS = Number(process.env.CLIENTS ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const server = await startServerProcess();

const libraries = {
  "Lifeline createSocket": () => {
    const socket = createSocket(server.url, { environment: { WebSocket } });
    return {
      isOpen: () => socket.getSnapshot().status === "open",
      close: () => socket.close(),
    };
  },
  "partysocket 1.3.0": () => {
    const socket = new PartySocket(server.url, [], { WebSocket });
    return {
      isOpen: () => socket.readyState === 1,
      close: () => socket.close(),
    };
  },
  "reconnecting-websocket 4.4.0": () => {
    const socket = new ReconnectingWebSocket(server.url, [], { WebSocket });
    return {
      isOpen: () => socket.readyState === 1,
      close: () => socket.close(),
    };
  },
  "sockette 2.0.6": () => {
    let open = false;
    const socket = new Sockette(server.url, {
      onopen: () => {
        open = true;
      },
      onclose: () => {
        open = false;
      },
    });
    return {
      isOpen: () => open,
      close: () => socket.close(),
    };
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitUntil(predicate, timeoutMs) {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(10);
  }
  return true;
}

async function round(create) {
  const clients = Array.from({ length: CLIENTS }, create);
  if (!(await waitUntil(() => clients.every((client) => client.isOpen()), 20_000)))
    throw new Error("clients never all opened");
  await sleep(6000); // longer than Lifeline's minUptime, so the drop hits healthy connections
  const droppedAt = await server.drop();
  // Counted on the server: every client makes one successful attempt after the drop (the server stays up), so the
  // N-th upgrade request after the drop is the N-th client back. Polling the clients instead would count one that
  // has not noticed the drop yet as "back".
  let attempts = [];
  const deadline = Date.now() + 30_000;
  while (attempts.length < CLIENTS && Date.now() < deadline) {
    await sleep(100);
    attempts = await server.attempts(droppedAt);
  }
  await waitUntil(() => clients.every((client) => client.isOpen()), 5000);
  for (const client of clients) client.close();
  await sleep(300);
  const windows = new Map();
  for (const at of attempts) {
    const window = Math.floor((at - droppedAt) / 100);
    windows.set(window, (windows.get(window) ?? 0) + 1);
  }
  const times = attempts.map((at) => at - droppedAt).sort((a, b) => a - b);
  return {
    peak: Math.max(...windows.values()),
    t95: times.length >= Math.ceil(CLIENTS * 0.95) ? times[Math.ceil(CLIENTS * 0.95) - 1] : "not within 30 s",
    attempts: attempts.length,
  };
}

const rows = [];
for (const [name, create] of Object.entries(libraries)) {
  const results = [];
  for (let index = 0; index < ROUNDS; index++) results.push(await round(create));
  rows.push([
    name,
    median(results.map((r) => r.peak)),
    median(results.map((r) => r.t95)),
    median(results.map((r) => r.attempts)),
    results.map((r) => `${r.peak}/${r.t95}`).join(" "),
  ]);
}
report("herd", {
  title: `Herd: ${CLIENTS} clients dropped at once, median of ${ROUNDS} rounds`,
  method:
    "A server in its own process holds every client, then destroys all TCP connections at once (no close frame, as a crash does) after 6 s of healthy uptime. The server timestamps every upgrade request; the peak is the most attempts in any 100 ms window after the drop; the server stays up, so each client needs one attempt, and t95 is when 95 % of them had made it.",
  columns: ["client", "peak per 100 ms", "t95 ms", "attempts", "rounds (peak/t95)"],
  rows,
  notes: [
    "Lower peak is gentler on a server coming back; with full jitter over a 1 s window the expected peak for 500 clients is about 60.",
    "websocket-ts does not reconnect without a backoff, and react-use-websocket only inside React with shouldReconnect: neither is in this table.",
  ],
});
await server.stop();
