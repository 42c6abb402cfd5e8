// A herd: the server drops 500 connected clients at once (no close frame, as a crash or a deploy does). How hard
// do they come back? Prints, per client library, the peak number of connection attempts the server sees in any
// 100 ms window and the time until 95 % of clients are open again. Target for Lifeline: ≤ 60 per window and
// t95 ≤ 1.5 s. partysocket (no jitter) is measured in the same run for comparison.
import { createSocket } from "@lifeline/core";
import { WebSocket as PartySocket } from "partysocket";
import { WebSocket } from "ws";
import { startServerProcess } from "./serverControl.mjs";

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
  await waitUntil(() => clients.some((client) => !client.isOpen()), 2000);
  const back = new Array(CLIENTS).fill(null);
  await waitUntil(() => {
    const now = Date.now();
    clients.forEach((client, index) => {
      if (back[index] === null && client.isOpen()) back[index] = now - droppedAt;
    });
    return back.every((value) => value !== null);
  }, 30_000);
  const attempts = await server.attempts(droppedAt);
  for (const client of clients) client.close();
  await sleep(300);
  const windows = new Map();
  for (const at of attempts) {
    const window = Math.floor((at - droppedAt) / 100);
    windows.set(window, (windows.get(window) ?? 0) + 1);
  }
  const times = back.filter((value) => value !== null).sort((a, b) => a - b);
  return {
    peak: Math.max(...windows.values()),
    t95: times.length >= Math.ceil(CLIENTS * 0.95) ? times[Math.ceil(CLIENTS * 0.95) - 1] : Number.POSITIVE_INFINITY,
    attempts: attempts.length,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const [name, create] of Object.entries(libraries)) {
  const results = [];
  for (let index = 0; index < ROUNDS; index++) results.push(await round(create));
  rows.push([
    name,
    median(results.map((r) => r.peak)),
    median(results.map((r) => r.t95)),
    median(results.map((r) => r.attempts)),
    results,
  ]);
}
console.log(`herd: ${CLIENTS} clients dropped at once, median of ${ROUNDS} rounds (Node ${process.version})`);
console.log(
  `${"client".padEnd(24)}${"peak/100ms".padStart(11)}${"t95 ms".padStart(9)}${"attempts".padStart(10)}   rounds (peak, t95)`,
);
for (const [name, peak, t95, attempts, results] of rows) {
  const detail = results.map((r) => `${r.peak}/${r.t95}`).join(" ");
  console.log(
    `${name.padEnd(24)}${String(peak).padStart(11)}${String(t95).padStart(9)}${String(attempts).padStart(10)}   ${detail}`,
  );
}
await server.stop();
