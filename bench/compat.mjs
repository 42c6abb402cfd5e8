// @lifeline/react-use-websocket against react-use-websocket 4.13 itself, in one run:
// - renders: a status-only sibling (reads readyState) beside a reader of lastMessage, both with useWebSocket(url,
//   { share: true }), the README's way to share one WebSocket, while MESSAGES messages arrive from a real server on
//   loopback. Counted with <Profiler onRender> per component from once the connection is open. Two deliveries: each
//   message in a task of its own (as browsers deliver them), and paced, one every PACE_MS.
// - size: the compat entry (the default import, as an app writes it) against the original's, bundled by size.mjs's
//   production build and gzipped at level 9.
// Reports the median of RUNS runs. Needs the dist of @lifeline/react-use-websocket and its dependencies:
// npx turbo run build --filter=@lifeline/bench^...
import { gzipSync } from "node:zlib";
import { startFaultyServer } from "@lifeline/testing";
import { Window } from "happy-dom";
import React from "react";
import { WebSocket } from "ws";
import { median, report } from "./report.mjs";
import { bundle } from "./size.mjs";

const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const PACE_MS = Number(process.env.PACE_MS ?? 2);
const SETTLE_MS = 50;

// A DOM for react-dom, installed before react-dom loads, as in renders.mjs.
const window = new Window({ url: "http://localhost/" });
for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator })) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
const { createRoot } = await import("react-dom/client");
// Both construct the global WebSocket when they connect, and check `instanceof WebSocket` against it.
globalThis.WebSocket = WebSocket;
const { default: original } = await import("react-use-websocket");
const { default: compat } = await import("@lifeline/react-use-websocket");
const hooks = { "react-use-websocket 4.13.0": original.default, "@lifeline/react-use-websocket": compat };
const h = React.createElement;

// The client as a browser delivers: each message event in a task of its own.
class TaskPerMessageWebSocket extends WebSocket {
  constructor(url, protocols, options) {
    super(url, protocols, { ...options, allowSynchronousEvents: false });
  }
}
const payloads = Array.from({ length: MESSAGES }, (_, index) => JSON.stringify({ seq: index }));
const burst = Buffer.concat(payloads.flatMap((payload) => [Buffer.from([0x81, payload.length]), Buffer.from(payload)]));
const deliveries = {
  "task per msg": { WebSocket: TaskPerMessageWebSocket, send: (peer) => peer._socket.write(burst) },
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

const server = await startFaultyServer({ echo: false });
const SHARE = { share: true };
function Last({ useWebSocket, onMessage }) {
  const { lastMessage } = useWebSocket(server.url, { share: true, onMessage });
  return h("output", { id: "last" }, lastMessage?.data ?? "");
}
function Status({ useWebSocket }) {
  const { readyState } = useWebSocket(server.url, SHARE);
  return h("output", { id: "status" }, String(readyState));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(predicate, what, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

async function measure(useWebSocket, delivery) {
  const renders = { last: 0, status: 0 };
  let received = 0;
  const onMessage = () => void received++;
  const onRender = (id) => void renders[id]++;
  const profiled = (id, child) => h(React.Profiler, { id, onRender }, child);
  globalThis.WebSocket = delivery.WebSocket;
  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  root.render(
    h(
      React.Fragment,
      null,
      profiled("last", h(Last, { useWebSocket, onMessage })),
      profiled("status", h(Status, { useWebSocket })),
    ),
  );
  const peer = await server.nextConnection();
  const text = (id) => container.querySelector(`#${id}`)?.textContent;
  await until(() => text("status") === "1", "OPEN on screen");
  await sleep(5);
  renders.last = 0;
  renders.status = 0;
  delivery.send(peer);
  await until(() => received >= MESSAGES, `${MESSAGES} messages`);
  await sleep(SETTLE_MS);
  const result = { ...renders, received, ok: text("last") === payloads.at(-1), connections: server.openConnections };
  const closed = new Promise((resolve) => (peer.readyState === peer.CLOSED ? resolve() : peer.once("close", resolve)));
  root.unmount();
  container.remove();
  await closed;
  return result;
}

const rows = [];
for (const [deliveryName, delivery] of Object.entries(deliveries)) {
  for (const [library, useWebSocket] of Object.entries(hooks))
    rows.push({ deliveryName, delivery, library, useWebSocket, results: [] });
}
for (let run = 0; run < RUNS; run++) {
  for (const row of rows) row.results.push(await measure(row.useWebSocket, row.delivery));
}

const sizes = {};
for (const [name, contents] of [
  ["react-use-websocket 4.13.0", 'export { default as useWebSocket } from "react-use-websocket";'],
  ["@lifeline/react-use-websocket", 'export { default as useWebSocket } from "@lifeline/react-use-websocket";'],
]) {
  sizes[name] = gzipSync(await bundle(contents), { level: 9 }).length;
}

const kB = (bytes) => (bytes / 1000).toFixed(2);
report("compat", {
  title: `@lifeline/react-use-websocket vs react-use-websocket: renders for ${MESSAGES} messages with share: true, median of ${RUNS} runs, and gzip size`,
  method:
    "Two components call useWebSocket(url, { share: true }) on one loopback ws server: one shows lastMessage, the other only readyState. " +
    `Each sits in its own <Profiler>; onRender calls are counted from once OPEN is on screen until ${SETTLE_MS} ms after the ${MESSAGES}th message. ` +
    "Size: the default import bundled as in the size table (esbuild, minified ESM, production, React external), gzip level 9.",
  columns: [
    "library",
    "delivery",
    "received",
    "lastMessage renders",
    "status-only renders",
    "last on screen",
    "gzip kB",
  ],
  rows: rows.map((row) => [
    row.library,
    row.deliveryName,
    median(row.results.map((result) => result.received)),
    median(row.results.map((result) => result.last)),
    median(row.results.map((result) => result.status)),
    row.results.every((result) => result.ok) ? "ok" : "MISMATCH",
    kB(sizes[row.library]),
  ]),
  notes: [
    "react-use-websocket sets lastMessage on every shared subscriber in flushSync, so the status-only sibling renders for each message. The compat hook records which fields a render read and compares only those, so it does not.",
    "The compat size includes the part of @lifeline/core it runs on (socket, close classification); React and react-dom are external for both.",
  ],
});

await server.stop();
await window.happyDOM.close();
