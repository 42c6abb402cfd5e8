// Renders per message: how often React renders a component that reads `lastMessage`, and a sibling that reads
// only `status` over the same connection, while MESSAGES messages arrive from a real server on loopback.
// Side by side in one run: three deliveries of the messages, each with no batching and with batch: true (a 16 ms
// window), and two wirings of the same connection: a <WebSocketProvider url> with two useSharedWebSocket
// readers, and one socket from createSocket passed to two useWebSocket calls.
// - burst: the server writes every frame in one TCP write, so `ws` (allowSynchronousEvents, its default in Node)
//   emits them all in one task.
// - burst, task per msg: the same bytes, but the client `ws` defers each message to its own task, as a browser
//   queues one task per message event; microtasks, and so React, run between messages.
// - paced: the server sends one message every PACE_MS, so each arrives in a task of its own.
// React renders are counted with <Profiler onRender> around each reader, from once the connection is open and that
// state is on screen; "tasks" counts the separate synchronous runs the messages were delivered in.
// Targets: the status reader never renders; the lastMessage reader renders at most once per message, and at most
// once per 16 ms with batching, so batching folds a burst into a handful.
// Prints the median of RUNS runs, each over fresh connections. Needs the dist of @lifeline/react and its
// dependencies: pnpm --filter @lifeline/react... build

import { createSocket } from "@lifeline/core";
import { startFaultyServer } from "@lifeline/testing";
import { Window } from "happy-dom";
import React from "react";
import { WebSocket } from "ws";
import { useSharedWebSocket, useWebSocket, WebSocketProvider } from "../dist/index.js";

const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const PACE_MS = Number(process.env.PACE_MS ?? 2);
const SETTLE_MS = 50; // after the last message: longer than the 16 ms batch window, so every flush has rendered
const HANDFUL = 5;

// A DOM for react-dom, installed before react-dom loads (it looks for a document once, at import). Node's own
// timers, microtasks and setImmediate stay, so React schedules as it does in Node. Node 20 has no navigator;
// later versions define it as a getter, hence defineProperty rather than assignment.
const window = new Window({ url: "http://localhost/" });
for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator })) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
const { createRoot } = await import("react-dom/client");
const h = React.createElement;

// The client as a browser delivers: each message event in a task of its own.
class TaskPerMessageWebSocket extends WebSocket {
  constructor(url, protocols, options) {
    super(url, protocols, { ...options, allowSynchronousEvents: false });
  }
}

const payloads = Array.from({ length: MESSAGES }, (_, index) => JSON.stringify({ seq: index }));
const lastPayload = payloads.at(-1);
// Unmasked text frames (server to client): FIN + opcode 1, the 7-bit length, the payload; all in one buffer.
const burst = Buffer.concat(
  payloads.flatMap((payload) => {
    if (payload.length > 125) throw new Error("payloads above 125 bytes need the extended length");
    return [Buffer.from([0x81, payload.length]), Buffer.from(payload)];
  }),
);

const server = await startFaultyServer({ echo: false });

const scenarios = {
  burst: { WebSocket, send: (peer) => peer._socket.write(burst) },
  "burst, task per msg": { WebSocket: TaskPerMessageWebSocket, send: (peer) => peer._socket.write(burst) },
  paced: {
    WebSocket,
    send: (peer) => {
      let next = 0;
      const timer = setInterval(() => {
        peer.send(payloads[next++]);
        if (next === MESSAGES) clearInterval(timer);
      }, PACE_MS);
    },
  },
};
const modes = { "no batch": undefined, "batch 16 ms": true };

const selectLast = (state) => ({ lastMessage: state.lastMessage });
const selectStatus = (state) => ({ status: state.status });

function LastView({ lastMessage }) {
  return h("output", { id: "last" }, String(lastMessage));
}
function StatusView({ status }) {
  return h("output", { id: "status" }, status);
}
function SharedLast() {
  return h(LastView, useSharedWebSocket({ select: selectLast }));
}
function SharedStatus() {
  return h(StatusView, useSharedWebSocket({ select: selectStatus }));
}
function OwnLast({ socket, options }) {
  return h(LastView, useWebSocket(socket, { ...options, select: selectLast }));
}
function OwnStatus({ socket, options }) {
  return h(StatusView, useWebSocket(socket, { ...options, select: selectStatus }));
}

// Both readers over one connection, each in its own Profiler so that each count is that reader's commits alone.
// A wiring gives the element to render and, when the bench owns it, the socket to close.
const wirings = {
  provider: {
    tree: (url, options, profiled) => ({
      element: h(
        WebSocketProvider,
        { url, options },
        profiled("last", h(SharedLast)),
        profiled("status", h(SharedStatus)),
      ),
    }),
  },
  "shared socket": {
    tree: (url, options, profiled) => {
      const { environment, batch, onMessage } = options;
      const socket = createSocket(url, { environment });
      const storeOptions = batch === undefined ? {} : { batch };
      return {
        socket,
        element: h(
          React.Fragment,
          null,
          profiled("last", h(OwnLast, { socket, options: { ...storeOptions, onMessage } })),
          profiled("status", h(OwnStatus, { socket, options: storeOptions })),
        ),
      };
    },
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(predicate, what, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

async function measure(scenario, wiring, batch) {
  const renders = { last: 0, status: 0 };
  const arrivals = { count: 0, tasks: 0, first: 0, last: 0 };
  let inTask = false;
  const onMessage = () => {
    const now = performance.now();
    if (arrivals.count++ === 0) arrivals.first = now;
    arrivals.last = now;
    // A microtask runs between two tasks: a message arriving while the flag is still set shares this one's task.
    if (!inTask) {
      inTask = true;
      arrivals.tasks++;
      queueMicrotask(() => {
        inTask = false;
      });
    }
  };
  const onRender = (id) => void renders[id]++;
  const profiled = (id, child) => h(React.Profiler, { id, onRender }, child);
  const options = {
    environment: { WebSocket: scenario.WebSocket },
    onMessage,
    ...(batch === undefined ? {} : { batch }),
  };

  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  const { element, socket } = wiring.tree(server.url, options, profiled);
  root.render(element);
  const peer = await server.nextConnection();
  const text = (id) => container.querySelector(`#${id}`)?.textContent;
  await until(() => text("status") === "open", "the open status on screen");
  await sleep(5);
  renders.last = 0;
  renders.status = 0;

  scenario.send(peer);
  await until(() => arrivals.count >= MESSAGES, `${MESSAGES} messages`);
  await sleep(SETTLE_MS);
  const result = {
    last: renders.last,
    status: renders.status,
    received: arrivals.count,
    tasks: arrivals.tasks,
    spanMs: arrivals.last - arrivals.first,
    ok: text("last") === lastPayload,
  };

  const closed = new Promise((resolve) => (peer.readyState === peer.CLOSED ? resolve() : peer.once("close", resolve)));
  root.unmount();
  socket?.close(1000); // the provider closes its own on unmount
  container.remove();
  await closed;
  return result;
}

// The most renders each mode may give for a run: one per message, or one per 16 ms batch window.
function limit(batch, result) {
  if (batch === undefined) return result.received;
  return Math.ceil(result.spanMs / 16) + 1;
}

const rows = [];
for (const [scenarioName, scenario] of Object.entries(scenarios)) {
  for (const [wiringName, wiring] of Object.entries(wirings)) {
    for (const [modeName, batch] of Object.entries(modes)) {
      rows.push({ scenarioName, scenario, wiringName, wiring, modeName, batch, results: [] });
    }
  }
}
for (let run = 0; run < RUNS; run++) {
  for (const row of rows) row.results.push(await measure(row.scenario, row.wiring, row.batch));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const reactVersion = `React ${React.version} (${process.env.NODE_ENV === "production" ? "production" : "development"})`;
console.log(
  `renders per message: ${MESSAGES} messages, paced every ${PACE_MS} ms, median of ${RUNS} runs (Node ${process.version}, ${reactVersion}, happy-dom)`,
);
console.log(
  `${"scenario".padEnd(21)}${"wiring".padEnd(15)}${"mode".padEnd(13)}${"received".padStart(9)}${"tasks".padStart(7)}${"lastMessage".padStart(13)}${"status".padStart(8)}${"limit".padStart(7)}  text  targets met`,
);
let allMet = true;
let folded = true;
for (const row of rows) {
  const pick = (key) => median(row.results.map((result) => result[key]));
  const met = row.results.filter(
    (result) =>
      result.ok && result.received === MESSAGES && result.status === 0 && result.last <= limit(row.batch, result),
  ).length;
  allMet &&= met === RUNS;
  if (row.scenarioName.startsWith("burst") && row.batch !== undefined) folded &&= pick("last") <= HANDFUL;
  const ok = row.results.every((result) => result.ok) ? "ok" : "MISMATCH";
  console.log(
    `${row.scenarioName.padEnd(21)}${row.wiringName.padEnd(15)}${row.modeName.padEnd(13)}${String(pick("received")).padStart(9)}${String(pick("tasks")).padStart(7)}${String(pick("last")).padStart(13)}${String(pick("status")).padStart(8)}${String(median(row.results.map((result) => limit(row.batch, result)))).padStart(7)}  ${ok.padEnd(4)}  ${met}/${RUNS}`,
  );
}
console.log(
  `targets: status 0; lastMessage ≤ limit (1 per message, 1 per 16 ms window with batching): ${allMet ? "met" : "NOT MET"}`,
);
console.log(`batching folds a burst into a handful (≤ ${HANDFUL}): ${folded ? "yes" : "NO"}`);

await server.stop();
await window.happyDOM.close();
