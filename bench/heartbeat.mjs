// Dead-connection detection: how long after a connection goes silent does the client notice, with the heartbeat on,
// against its configured bound? The server's halfOpen() stops it reading and writing while TCP stays up, as a frozen
// process or a dropped NAT entry looks: no close, no error, no FIN; only a heartbeat that expects an answer finds it.
// Lifeline's heartbeat sends a ping after intervalMs without any inbound message and gives up timeoutMs after the ping
// if nothing arrived, so from the last inbound message the connection is declared dead within intervalMs + timeoutMs
// (the bound). Each config is measured REPEATS times on fresh connections, the fault injected at a different point of
// the cycle each time: 0, 1/REPEATS, 2/REPEATS... of intervalMs after a pong, so the first repeat is the worst case.
// Without a heartbeat (Lifeline with none configured, and partysocket, which has none), the same fault is watched for
// 3x the largest bound, to show it goes unnoticed.
// Configs run concurrently, each on its own server, so the whole script takes about as long as the slowest config.
import { createSocket } from "@lifeline/core";
import { heartbeat as heartbeatFeature } from "@lifeline/core/heartbeat";
import { startFaultyServer } from "@lifeline/testing";
import { WebSocket as PartySocket } from "partysocket";
import { WebSocket } from "ws";
import { median, report } from "./report.mjs";

const REPEATS = Number(process.env.REPEATS ?? 5);
const CONFIGS = [
  { intervalMs: 1000, timeoutMs: 500 },
  { intervalMs: 2000, timeoutMs: 1000 },
  { intervalMs: 5000, timeoutMs: 2000 },
];
const bound = ({ intervalMs, timeoutMs }) => intervalMs + timeoutMs;
const WATCH_MS = 3 * Math.max(...CONFIGS.map(bound));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves true once `predicate` holds, false after `timeoutMs`. Polls every ms, so it adds at most ~1 ms. */
async function waitFor(predicate, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

// A server that answers the heartbeat as an app's server would: "ping" in, "pong" out. Its echo is off so that the
// only inbound messages are pongs, and the time of the last one is the start of the heartbeat's cycle.
const startPongServer = () =>
  startFaultyServer({
    echo: false,
    onMessage: (data, socket) => {
      if (data === "ping") socket.send("pong");
    },
  });

/** One detection: fresh socket, open, one ping-pong, wait `phaseMs`, halfOpen, time until it leaves "open". */
async function detectOnce(server, heartbeat, phaseMs) {
  let lastPongAt = 0;
  const socket = createSocket(server.url, {
    environment: { WebSocket },
    use: [
      heartbeatFeature({
        ...heartbeat,
        // Called for every inbound message; a pong is also when the heartbeat restarts its interval.
        isPong: (data) => {
          if (data !== "pong") return false;
          lastPongAt = performance.now();
          return true;
        },
      }),
    ],
  });
  let halfOpenAt = 0;
  let left = null;
  const stop = socket.subscribe(() => {
    const state = socket.getSnapshot();
    if (halfOpenAt && !left && state.status !== "open") {
      const now = performance.now();
      left = { ms: now - halfOpenAt, sincePongMs: now - lastPongAt, status: state.status, reason: state.reason };
    }
  });
  try {
    const cycle = bound(heartbeat);
    if (!(await waitFor(() => socket.getSnapshot().status === "open", 10_000))) throw new Error("never opened");
    if (!(await waitFor(() => lastPongAt > 0, cycle + 2000))) throw new Error("no pong to the first ping");
    // Measured from the pong, not from when the wait noticed it, so the phase is what the heartbeat sees.
    await sleep(Math.max(0, lastPongAt + phaseMs - performance.now()));
    halfOpenAt = performance.now();
    server.halfOpen();
    await waitFor(() => left !== null, 3 * cycle);
    return left; // null: not detected within 3x the bound
  } finally {
    stop();
    socket.close();
  }
}

async function measureConfig(heartbeat) {
  const server = await startPongServer();
  const results = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    results.push(await detectOnce(server, heartbeat, (repeat / REPEATS) * heartbeat.intervalMs));
  }
  // Stopping the server also ends the half-open connections, whose client side is still waiting for a closing
  // handshake; nothing is left to keep the process alive.
  await server.stop();
  return results;
}

/** REPEATS Lifeline sockets without a heartbeat and REPEATS partysockets, all made half-open at once. */
async function measureWithoutHeartbeat() {
  const server = await startPongServer();
  const clients = [];
  for (let index = 0; index < REPEATS; index++) {
    const lifeline = createSocket(server.url, { environment: { WebSocket } });
    clients.push({
      name: "Lifeline, no heartbeat",
      isOpen: () => lifeline.getSnapshot().status === "open",
      close: () => lifeline.close(),
    });
    const party = new PartySocket(server.url, [], { WebSocket });
    let closed = false; // a close event would also count, even if it reconnected before we look
    party.addEventListener("close", () => {
      closed = true;
    });
    clients.push({
      name: "partysocket 1.3.0 (no heartbeat option)",
      isOpen: () => !closed && party.readyState === 1,
      close: () => party.close(),
    });
  }
  if (!(await waitFor(() => clients.every((client) => client.isOpen()), 10_000))) throw new Error("never opened");
  const halfOpenAt = performance.now();
  server.halfOpen();
  const detectedMs = new Map();
  await waitFor(() => {
    for (const client of clients) {
      if (!detectedMs.has(client) && !client.isOpen()) detectedMs.set(client, performance.now() - halfOpenAt);
    }
    return false; // watch the whole window
  }, WATCH_MS);
  for (const client of clients) client.close();
  await server.stop();
  const byName = new Map();
  for (const client of clients) {
    const list = byName.get(client.name) ?? [];
    list.push(detectedMs.get(client) ?? null);
    byName.set(client.name, list);
  }
  return byName;
}

const [withoutHeartbeat, ...configResults] = await Promise.all([
  measureWithoutHeartbeat(),
  ...CONFIGS.map((config) => measureConfig(config)),
]);

const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
let withinBound = true;
const rows = CONFIGS.map((config, index) => {
  const results = configResults[index];
  const detected = results.filter((result) => result !== null);
  const times = detected.map((result) => result.ms);
  const reasons = [...new Set(detected.map((result) => `${result.status} / ${result.reason}`))].join(", ");
  const max = times.length ? Math.max(...times) : Number.NaN;
  const sincePong = detected.map((result) => result.sincePongMs);
  withinBound &&= detected.length === REPEATS && max <= bound(config) * 1.05;
  return [
    "Lifeline, heartbeat",
    `${config.intervalMs} / ${config.timeoutMs} ms`,
    `${bound(config)} ms`,
    `${detected.length}/${REPEATS}`,
    times.length ? `${Math.round(Math.min(...times))} ms` : "-",
    times.length ? `${Math.round(median(times))} ms` : "-",
    times.length ? `${Math.round(max)} ms` : "-",
    times.length ? (max / bound(config)).toFixed(3) : "-",
    sincePong.length ? `${Math.round(Math.max(...sincePong))} ms` : "-",
    reasons || "-",
  ];
});
for (const [name, values] of withoutHeartbeat) {
  const times = values.filter((value) => value !== null);
  rows.push([
    name,
    "none",
    "-",
    `${times.length}/${values.length}`,
    ...(times.length
      ? [
          `${Math.round(Math.min(...times))} ms`,
          `${Math.round(median(times))} ms`,
          `${Math.round(Math.max(...times))} ms`,
        ]
      : ["-", "-", "-"]),
    "-",
    "-",
    times.length
      ? `left "open" in ${times.length}/${values.length}`
      : `still open: not detected in ${seconds(WATCH_MS)}`,
  ]);
}

report("heartbeat", {
  title: `Dead-connection detection after server.halfOpen(), ${REPEATS} runs per config (Node ${process.version}, ws over loopback)`,
  method:
    "A fault-injecting server answers each 'ping' with 'pong'; after one ping-pong it goes half-open (stops reading and writing, TCP stays up) at 0, 1/n, 2/n... of the interval after the pong, and the time from halfOpen() to the Lifeline socket leaving \"open\" is taken from its subscribe callback. " +
    `Bound = intervalMs + timeoutMs; clients without a heartbeat are watched for ${seconds(WATCH_MS)} (3x the largest bound) after the same fault. ` +
    "Configs run concurrently, each on its own server in the same process.",
  columns: [
    "client",
    "interval / timeout",
    "bound",
    "detected",
    "min",
    "median",
    "max",
    "max / bound",
    "max since last pong",
    "became (status / reason)",
  ],
  rows,
  notes: [
    `Every heartbeat run detected the dead connection within its bound (5 % timer slack allowed): ${withinBound ? "yes" : "NO"}.`,
    'Detection from halfOpen is bound - phase in theory (the ping goes out intervalMs after the last pong, the verdict timeoutMs later), so the phase-0 run is the worst case and sits at the bound; the spread across runs is the phase, not jitter. "max since last pong" is the silence the heartbeat saw, which the bound caps; what it exceeds the bound by is timer lateness.',
    "react-use-websocket 4.13 has a heartbeat option (default interval 25 s, timeout 60 s), but only inside its React hook, so it is not measured here without React. From its source (dist/lib/heartbeat.js): a setInterval checks every max(100 ms, interval / 10) whether the last message is older than timeout, counted from the last message rather than from the ping, and then calls ws.close(). On a half-open connection that closing handshake is never answered, so the close event, the CLOSED readyState and any reconnect wait for the WebSocket implementation to give up on it (30 s in ws; browser-dependent).",
    "partysocket 1.3 has no heartbeat: it reconnects only after the WebSocket reports a close or an error, which a half-open connection never produces. Lifeline without the heartbeat option behaves the same.",
  ],
});
