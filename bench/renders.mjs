// Renders per message: how often React renders a component that reads the last message, and a sibling that reads
// only the connection status over the same connection, while MESSAGES messages arrive from a real server on loopback.
// Side by side in one run, over the same server, deliveries and counting:
// - Lifeline, two wirings of one connection, each with no batching and with batch: true (a 16 ms window): a
//   <WebSocketProvider url> with two useSharedWebSocket readers, and one socket from createSocket passed to two
//   useWebSocketSelector calls (the hook that selects and batches; plain useWebSocket renders per message).
// - react-use-websocket 4.13: each reader calls useWebSocket(url, { share: true }), the README's way for several
//   components to use one WebSocket; the consumer reads lastMessage, the status reader readyState. Once as is, and
//   once with filter: () => false on the status reader, the README's way to skip the re-render a message causes.
// - partysocket 1.3 (partysocket/react useWebSocket): the hook returns the socket and no state, so the consumer keeps
//   the last message in useState from its onMessage handler, and the status reader, given that socket, shows
//   socket.readyState when it renders; nothing ever tells it to render again.
// Deliveries:
// - burst: the server writes every frame in one TCP write, so `ws` (allowSynchronousEvents, its default in Node)
//   emits them all in one task.
// - burst, task per msg: the same bytes, but the client `ws` defers each message to its own task, as a browser
//   queues one task per message event; microtasks, and so React, run between messages.
// - paced: the server sends one message every PACE_MS, so each arrives in a task of its own.
// React renders are counted with <Profiler onRender> around each reader, from once the connection is open and that
// state is on screen; "tasks" counts the separate synchronous runs the messages were delivered in.
// Lifeline's targets: the status reader never renders; the lastMessage reader renders at most once per message, and
// at most once per 16 ms with batching, so batching folds a burst into a handful. The same targets are checked for
// the other libraries, whose limit is one render per message (they have no batching).
// Reports the median of RUNS runs, each over fresh connections. Needs the dist of @lifeline/react and its
// dependencies: npx turbo run build --filter=@lifeline/bench^...

import { createSocket } from "@lifeline/core";
import { useSharedWebSocket, useWebSocketSelector, WebSocketProvider } from "@lifeline/react";
import { startFaultyServer } from "@lifeline/testing";
import { Window } from "happy-dom";
import React from "react";
import { WebSocket } from "ws";
import { median, report } from "./report.mjs";

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
// react-use-websocket and partysocket construct the global WebSocket (partysocket unless given options.WebSocket),
// and react-use-websocket checks `instanceof WebSocket` against it, so the global is ws's before they load, and
// measure() sets it to each delivery's class before anything connects.
globalThis.WebSocket = WebSocket;
// A CommonJS package: its module.exports arrives as the default import, and the hook is its `default`.
const { default: reactUseWebSocket } = await import("react-use-websocket");
const useReactUseWebSocket = reactUseWebSocket.default;
const { useWebSocket: usePartySocketWebSocket } = await import("partysocket/react");
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
  return h(LastView, useWebSocketSelector(socket, selectLast, options));
}
function OwnStatus({ socket, options }) {
  return h(StatusView, useWebSocketSelector(socket, selectStatus, options));
}

// Both libraries report the browser's readyState numbers; shown as words so that "open" on screen means the same.
const READY_STATES = ["connecting", "open", "closing", "closed"];
const readyStateText = (readyState) => READY_STATES[readyState] ?? `readyState ${readyState}`;

// react-use-websocket: both readers pass share: true, so the second joins the first one's WebSocket. Every message
// goes to every subscriber's setLastMessage (in flushSync), unless that subscriber's filter returns false.
const RUW_SHARE = { share: true };
const RUW_SHARE_NO_MESSAGES = { share: true, filter: () => false };
function RuwLast({ url, onMessage }) {
  const { lastMessage } = useReactUseWebSocket(url, { ...RUW_SHARE, onMessage });
  return h(LastView, { lastMessage: lastMessage?.data ?? null });
}
function RuwStatus({ url, options }) {
  const { readyState } = useReactUseWebSocket(url, options);
  return h(StatusView, { status: readyStateText(readyState) });
}

// partysocket: the hook owns the socket and gives back only the socket. The consumer keeps the last message in state
// from onMessage and hands the socket to the status reader, which reads socket.readyState as it renders.
function PartyRoom({ url, onMessage, onOpen, profiled }) {
  const [lastMessage, setLastMessage] = React.useState(null);
  const socket = usePartySocketWebSocket(url, undefined, {
    onOpen,
    onMessage: (event) => {
      onMessage(event.data);
      setLastMessage(event.data);
    },
  });
  // The status reader's element is kept while the socket is the same: a new element on every message would re-run
  // it, and fire its Profiler, although nothing it shows has changed. An app that cares about renders does the same.
  const status = React.useMemo(() => profiled("status", h(PartyStatus, { socket })), [socket, profiled]);
  return h(React.Fragment, null, h(LastView, { lastMessage }), status);
}
function PartyStatus({ socket }) {
  return h(StatusView, { status: readyStateText(socket.readyState) });
}

// Both readers over one connection, each in its own Profiler so that each count is that reader's commits alone.
// A wiring gives the element to render and, when the bench owns it, the socket to close; `batching` says whether it
// takes Lifeline's batch option, and `isOpen`, when given, replaces looking for "open" on screen.
const wirings = {
  provider: {
    library: "Lifeline",
    batching: true,
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
    library: "Lifeline",
    batching: true,
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
  share: {
    library: "react-use-websocket",
    tree: (url, { onMessage }, profiled) => ({
      element: h(
        React.Fragment,
        null,
        profiled("last", h(RuwLast, { url, onMessage })),
        profiled("status", h(RuwStatus, { url, options: RUW_SHARE })),
      ),
    }),
  },
  "share, status filter": {
    library: "react-use-websocket",
    tree: (url, { onMessage }, profiled) => ({
      element: h(
        React.Fragment,
        null,
        profiled("last", h(RuwLast, { url, onMessage })),
        profiled("status", h(RuwStatus, { url, options: RUW_SHARE_NO_MESSAGES })),
      ),
    }),
  },
  "hook + useState": {
    library: "partysocket",
    // The consumer holds the hook, so its Profiler wraps the status reader's too; that one never renders after mounting,
    // so it adds nothing to the count, and "open" never reaches the screen: wait for the open event instead.
    tree: (url, { onMessage }, profiled) => {
      let opened = false;
      const onOpen = () => {
        opened = true;
      };
      return {
        isOpen: () => opened,
        element: profiled("last", h(PartyRoom, { url, onMessage, onOpen, profiled })),
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

  globalThis.WebSocket = scenario.WebSocket; // what react-use-websocket and partysocket will construct
  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  const { element, socket, isOpen } = wiring.tree(server.url, options, profiled);
  root.render(element);
  const peer = await server.nextConnection();
  const text = (id) => container.querySelector(`#${id}`)?.textContent;
  await until(isOpen ?? (() => text("status") === "open"), "the open status on screen");
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
    statusText: text("status"),
  };

  const closed = new Promise((resolve) => (peer.readyState === peer.CLOSED ? resolve() : peer.once("close", resolve)));
  root.unmount();
  socket?.close(1000); // the provider, react-use-websocket and partysocket close their own on unmount
  container.remove();
  await closed;
  return result;
}

// The most renders each mode may give for a run: one per message, or one per 16 ms batch window.
function limit(batch, result) {
  if (batch === undefined) return result.received;
  return Math.ceil(result.spanMs / 16) + 1;
}

// Side by side: every library under each delivery, Lifeline in both batching modes, the others without (they have
// no such option).
const rows = [];
for (const [scenarioName, scenario] of Object.entries(scenarios)) {
  for (const [wiringName, wiring] of Object.entries(wirings)) {
    const wiringModes = wiring.batching ? Object.entries(modes) : [["no batch", undefined]];
    for (const [modeName, batch] of wiringModes) {
      rows.push({ scenarioName, scenario, wiringName, wiring, modeName, batch, results: [] });
    }
  }
}
for (let run = 0; run < RUNS; run++) {
  for (const row of rows) row.results.push(await measure(row.scenario, row.wiring, row.batch));
}

const reactVersion = `React ${React.version} (${process.env.NODE_ENV === "production" ? "production" : "development"})`;
const metRun = (row, result) =>
  result.ok && result.received === MESSAGES && result.status === 0 && result.last <= limit(row.batch, result);
let lifelineMet = true;
let folded = true;
const tableRows = rows.map((row) => {
  const pick = (key) => median(row.results.map((result) => result[key]));
  const met = row.results.filter((result) => metRun(row, result)).length;
  if (row.wiring.library === "Lifeline") {
    lifelineMet &&= met === RUNS;
    if (row.scenarioName.startsWith("burst") && row.batch !== undefined) folded &&= pick("last") <= HANDFUL;
  }
  const statusTexts = [...new Set(row.results.map((result) => result.statusText))].join(" / ");
  return [
    `${row.wiring.library}: ${row.wiringName}`,
    row.scenarioName,
    row.wiring.batching ? row.modeName : "n/a",
    pick("received"),
    pick("tasks"),
    pick("last"),
    pick("status"),
    median(row.results.map((result) => limit(row.batch, result))),
    statusTexts,
    row.results.every((result) => result.ok) ? "ok" : "MISMATCH",
    `${met}/${RUNS}`,
  ];
});

report("renders", {
  title: `Renders per message: ${MESSAGES} messages, paced every ${PACE_MS} ms, median of ${RUNS} runs (Node ${process.version}, ${reactVersion}, react-use-websocket 4.13.0, partysocket 1.3.0, happy-dom)`,
  method:
    `Two React components share one connection to a loopback ws server: one shows the last message, one only the status. ` +
    `Each sits in its own <Profiler>, whose onRender calls are counted from once the connection is open until ${SETTLE_MS} ms after the ${MESSAGES}th message; ` +
    `each row is the median of ${RUNS} runs over fresh connections, all libraries in the same process and run.`,
  columns: [
    "library / wiring",
    "delivery",
    "batching",
    "received",
    "tasks",
    "consumer renders",
    "status-only renders",
    "limit",
    "status on screen",
    "last on screen",
    "targets met",
  ],
  rows: tableRows,
  notes: [
    `Deliveries: "burst" is every frame in one TCP write, emitted by ws in one task; "burst, task per msg" is the same bytes with each message in a task of its own, as browsers deliver them; "paced" is one message every ${PACE_MS} ms. "tasks" counts the synchronous runs the messages arrived in.`,
    `Targets (Lifeline's, checked for every row): the status reader renders 0 times, the consumer at most "limit" times (1 per message; with batching 1 per 16 ms window), and the last message is on screen. "targets met" counts runs.`,
    `Lifeline met them in every run: ${lifelineMet ? "yes" : "NO"}. Batching folds a burst into a handful (<= ${HANDFUL} renders): ${folded ? "yes" : "NO"}.`,
    'react-use-websocket: both readers call useWebSocket(url, { share: true }), as its README says for components sharing one WebSocket; "share, status filter" adds filter: () => false to the status reader only. It sets lastMessage on every subscriber inside flushSync, so each message renders the consumer synchronously, batching nothing, and renders the status-only reader too unless that one passes filter: () => false (the README\'s way to skip renders).',
    'partysocket: "hook + useState" is useWebSocket from partysocket/react, which returns the socket and no React state, so the consumer keeps the last message in useState from its onMessage option; React batches those updates, so a burst in one task costs one render. The status reader shows socket.readyState when it renders, and nothing makes it render again: its 0 renders mean a stale status ("status on screen" is what it showed at mount, while the connection was open). Its element is memoised on the socket; without that it would re-render with every message, as a child of the consumer.',
    "react-use-websocket and partysocket construct globalThis.WebSocket, set to ws's WebSocket (or the task-per-message subclass) before each run; Lifeline gets the same class through its environment option.",
  ],
});

await server.stop();
await window.happyDOM.close();
