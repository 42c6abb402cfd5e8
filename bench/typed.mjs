// Typed, validated messages (issue 24), from a real `ws` server on loopback, in two parts of one run.
//
// 1. Throughput: messages per second through validation against none. The same stream of MESSAGES messages of three
//    types (a ticker, a chat line, a presence change) reaches, side by side in each round: the socket's onMessage with
//    JSON.parse and a lookup on `type` (no validation), createTypedMessages with Zod schemas, and with Valibot schemas,
//    with one listener per type; and, to tell the validator's cost from Lifeline's, JSON.parse with the Zod schema
//    called by hand, and createTypedMessages with schemas that accept anything. The server writes every frame in one pre-built buffer, so the client is the
//    bottleneck. Prints the median time of each over ROUNDS rounds and the median of the per-round ratios to "none".
// 2. Renders: a component reading one type, useMessage(socket, definitions, "ticker"), while RENDER_MESSAGES chat
//    messages arrive over the same socket (target: 0 renders), beside a reader of the chat messages and a component
//    that uses plain useWebSocket(socket). React renders in Node on happy-dom, counted with <Profiler>, as
//    renders.mjs does; each delivery as renders.mjs's: one task for the whole burst, or one task per message as a
//    browser delivers them. Median of RUNS runs.
//
// Needs the dist of the workspace packages: npx turbo run build --filter=@lifeline/bench^... --output-logs=errors-only.
// Run with node --expose-gc for steadier throughput figures.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createSocket } from "@lifeline/core";
import { createTypedMessages, defineMessages } from "@lifeline/core/typed";
import * as v from "valibot";
import { WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { median, report } from "./report.mjs";

const MESSAGES = Number(process.env.MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const RENDER_MESSAGES = Number(process.env.RENDER_MESSAGES ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const SETTLE_MS = 50; // after the last message, so that every render React scheduled for the burst has committed
const TIMEOUT_MS = 60_000;

// The messages, as a chat app with a live ticker receives them. Zod and Valibot check the same things, including
// what costs a validator most in practice: enums, a nested object, string lengths and an ISO timestamp.
const zodMessages = defineMessages({
  server: {
    ticker: z.object({
      type: z.literal("ticker"),
      symbol: z.string(),
      price: z.number(),
      size: z.number().positive(),
      side: z.enum(["buy", "sell"]),
      ts: z.number().int(),
    }),
    chat: z.object({
      type: z.literal("chat"),
      id: z.string(),
      room: z.string(),
      user: z.object({ id: z.string(), name: z.string().min(1) }),
      text: z.string().min(1).max(2000),
      sentAt: z.iso.datetime(),
    }),
    presence: z.object({
      type: z.literal("presence"),
      user: z.string(),
      status: z.enum(["online", "away", "offline"]),
    }),
  },
});
const valibotMessages = defineMessages({
  server: {
    ticker: v.object({
      type: v.literal("ticker"),
      symbol: v.string(),
      price: v.number(),
      size: v.pipe(v.number(), v.minValue(Number.MIN_VALUE)),
      side: v.picklist(["buy", "sell"]),
      ts: v.pipe(v.number(), v.integer()),
    }),
    chat: v.object({
      type: v.literal("chat"),
      id: v.string(),
      room: v.string(),
      user: v.object({ id: v.string(), name: v.pipe(v.string(), v.minLength(1)) }),
      text: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
      sentAt: v.pipe(v.string(), v.isoTimestamp()),
    }),
    presence: v.object({
      type: v.literal("presence"),
      user: v.string(),
      status: v.picklist(["online", "away", "offline"]),
    }),
  },
});
const TYPES = ["ticker", "chat", "presence"];
// A Standard Schema that checks nothing and returns what it is given: createTypedMessages with it costs what
// Lifeline's own layer costs (parse once, dispatch by type, arrival order), without a validator's work.
const passThrough = { "~standard": { version: 1, vendor: "bench", validate: (value) => ({ value }) } };
const passThroughMessages = defineMessages({
  server: Object.fromEntries(TYPES.map((type) => [type, passThrough])),
});
const version = (name) =>
  JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), "utf8")).version;

// Deterministic variety, so that every run parses and checks the same bytes, and no two messages are alike.
let seed = 24;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const SYMBOLS = ["BTC-USD", "ETH-USD", "SOL-USD", "EUR-USD", "AAPL", "MSFT"];
const NAMES = ["Ada", "Grace", "Linus", "Margaret", "Barbara", "Ken"];
const WORDS = [
  "ship",
  "it",
  "the",
  "build",
  "is",
  "green",
  "again",
  "who",
  "broke",
  "main",
  "looks",
  "good",
  "to",
  "me",
];
const EPOCH = Date.UTC(2026, 11, 7);
const ticker = (index) => ({
  type: "ticker",
  symbol: pick(SYMBOLS),
  price: Math.round(random() * 5_000_000) / 100,
  size: Math.round(random() * 10_000 + 1) / 1000,
  side: random() < 0.5 ? "buy" : "sell",
  ts: EPOCH + index,
});
const chat = (index) => {
  const user = Math.floor(random() * NAMES.length);
  return {
    type: "chat",
    id: `m_${index}`,
    room: pick(["general", "random", "deploys"]),
    user: { id: `u_${user}`, name: NAMES[user] },
    text: Array.from({ length: 3 + Math.floor(random() * 12) }, () => pick(WORDS)).join(" "),
    sentAt: new Date(EPOCH + index * 1000).toISOString(),
  };
};
const presence = () => ({
  type: "presence",
  user: `u_${Math.floor(random() * NAMES.length)}`,
  status: pick(["online", "away", "offline"]),
});
// Six tickers, three chat lines and one presence change in every ten messages.
const mixed = (index) => {
  const slot = index % 10;
  return slot < 6 ? ticker(index) : slot < 9 ? chat(index) : presence();
};

// Unmasked text frames (server to client), all in one buffer: FIN + opcode 1, the length (7 bits, or 126 and
// 16 bits), the payload.
function frames(messages) {
  return Buffer.concat(
    messages.flatMap((message) => {
      const payload = Buffer.from(JSON.stringify(message));
      if (payload.length > 0xffff)
        throw new Error("[@lifeline/bench] A message is above 64 KiB. Keep them smaller, or write the 64-bit length.");
      const header =
        payload.length < 126
          ? Buffer.from([0x81, payload.length])
          : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
      return [header, payload];
    }),
  );
}
const stream = frames(Array.from({ length: MESSAGES }, (_, index) => mixed(index)));
const chatBurst = Array.from({ length: RENDER_MESSAGES }, (_, index) => chat(index));
const lastChatText = chatBurst.at(-1).text;
// The server writes the buffer a client names ("go stream", "go chat") in one TCP write: a loopback server that costs
// nothing per message.
const BUFFERS = { stream, chat: frames(chatBurst) };

const http = createServer();
const wss = new WebSocketServer({ server: http });
wss.on("connection", (peer) =>
  peer.on("message", (data) => {
    const name = String(data).replace(/^go /, "");
    if (BUFFERS[name]) peer._socket.write(BUFFERS[name]);
  }),
);
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const url = `ws://127.0.0.1:${http.address().port}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(predicate, what, timeoutMs = TIMEOUT_MS) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`[@lifeline/bench] Timed out waiting for ${what}.`);
    await sleep(1);
  }
}
// Every message of the stream is valid under both libraries: one that is not would never be counted, and the bench
// would wait for it. Stop at once instead, saying which.
const failOnInvalid = (library) => (invalid) => {
  console.error(
    `[@lifeline/bench] ${library} refused a message of the stream (${invalid.reason}). Make the generated messages and the schemas agree:`,
    invalid.issues ?? invalid.data,
  );
  process.exit(1);
};

// ── Part 1: throughput

// Each receiver counts into `count`, which the bench reads until the whole stream is in. Each subscribes every type.
const receivers = {
  "none (onMessage + JSON.parse)": (socket, count) => {
    const byType = Object.fromEntries(TYPES.map((type) => [type, () => count()]));
    const stop = socket.onMessage((data) => {
      const message = JSON.parse(data);
      byType[message.type]?.(message);
    });
    return stop;
  },
  // What an app writes without @lifeline/core/typed: JSON.parse, then the type's Zod schema, by hand.
  "by hand: JSON.parse + Zod": (socket, count) => {
    const schemas = zodMessages.server;
    const stop = socket.onMessage((data) => {
      const message = JSON.parse(data);
      const result = schemas[message.type]?.["~standard"].validate(message);
      if (result?.issues) failOnInvalid("Zod")({ reason: "invalid", issues: result.issues });
      else if (result) count(result.value);
    });
    return stop;
  },
  "createTypedMessages, pass-through": (socket, count) => {
    const typed = createTypedMessages(socket, passThroughMessages, { onInvalid: failOnInvalid("pass-through") });
    for (const type of TYPES) typed.on(type, () => count());
    return () => typed.close();
  },
  "createTypedMessages + Zod": (socket, count) => {
    const typed = createTypedMessages(socket, zodMessages, { onInvalid: failOnInvalid("Zod") });
    for (const type of TYPES) typed.on(type, () => count());
    return () => typed.close();
  },
  "createTypedMessages + Valibot": (socket, count) => {
    const typed = createTypedMessages(socket, valibotMessages, { onInvalid: failOnInvalid("Valibot") });
    for (const type of TYPES) typed.on(type, () => count());
    return () => typed.close();
  },
};

async function openSocket(WebSocketClass = WebSocket) {
  const socket = createSocket(url, { environment: { WebSocket: WebSocketClass } });
  await until(() => socket.getSnapshot().status === "open", "the socket to open");
  return socket;
}

async function measureThroughput(receive) {
  const socket = await openSocket();
  let received = 0;
  let ended = 0;
  const stop = receive(socket, () => {
    if (++received === MESSAGES) ended = performance.now();
  });
  const started = performance.now();
  socket.send("go stream");
  await until(() => received === MESSAGES, `${MESSAGES} messages`);
  stop();
  socket.close(1000);
  return ended - started;
}

// As throughput.mjs: each round runs every receiver once, on a fresh connection, in an order that rotates, after a
// full GC when node --expose-gc gives one; round 0 warms the JIT up and is not counted. Ratios are taken within a
// round, and their median across rounds is reported.
const names = Object.keys(receivers);
const times = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const name of names.map((_, index) => names[(index + round) % names.length])) {
    globalThis.gc?.();
    const ms = await measureThroughput(receivers[name]);
    if (round > 0) times[name].push(ms);
  }
}
const noneName = names[0];
const averageBytes = Math.round(stream.length / MESSAGES);
report("typed", {
  title: `Typed messages: ${MESSAGES.toLocaleString("en")} messages of 3 types (about ${averageBytes} bytes each) through validation, median of ${ROUNDS} rounds`,
  method:
    "A loopback ws server writes the whole stream (6 tickers, 3 chat lines and 1 presence change in every 10 messages, all different, all valid) in one pre-built buffer, so the client is the bottleneck. Each round gives it to every receiver once, on a fresh createSocket connection, in a rotating order, after a full GC; the ratio to none is taken within each round, and the median of those ratios is reported. Every receiver hands each message to a listener of its type.",
  columns: ["receiver", "median ms", "msg/s", "vs none", "per-round ratios"],
  rows: names.map((name) => {
    const ms = median(times[name]);
    const ratios = times[name].map((value, index) => times[noneName][index] / value);
    return [
      name,
      ms.toFixed(1),
      Math.round(MESSAGES / (ms / 1000)).toLocaleString("en"),
      median(ratios).toFixed(3),
      ratios.map((ratio) => ratio.toFixed(2)).join(" "),
    ];
  }),
  notes: [
    `zod ${version("zod")}, valibot ${version("valibot")}, with the same checks in both (literal type, enums, a nested object, string lengths, an ISO timestamp, an integer, a positive number).`,
    'createTypedMessages parses each message once, reads its type, validates it with that type\'s schema and delivers it in arrival order; "none" is JSON.parse and a lookup on type, over the same socket. "by hand" adds the Zod schema of the type, as an app would call it without @lifeline/core/typed; "pass-through" is createTypedMessages with schemas that accept anything, the cost of its own layer.',
  ],
});

// ── Part 2: renders

// A DOM for react-dom, installed before react-dom loads, as renders.mjs does; the throughput above ran without it.
const { Window } = await import("happy-dom");
const window = new Window({ url: "http://localhost/" });
for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator })) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
const { default: React } = await import("react");
const { createRoot } = await import("react-dom/client");
const { useMessage, useWebSocket } = await import("@lifeline/react");
const h = React.createElement;

// The client as a browser delivers: each message event in a task of its own.
class TaskPerMessageWebSocket extends WebSocket {
  constructor(url, protocols, options) {
    super(url, protocols, { ...options, allowSynchronousEvents: false });
  }
}
const deliveries = { burst: WebSocket, "burst, task per msg": TaskPerMessageWebSocket };
const libraries = { Zod: zodMessages, Valibot: valibotMessages };

function TickerReader({ socket, definitions }) {
  const ticker = useMessage(socket, definitions, "ticker");
  return h("output", { id: "ticker" }, ticker === null ? "none" : ticker.price);
}
function ChatReader({ socket, definitions }) {
  const chat = useMessage(socket, definitions, "chat");
  return h("output", { id: "chat" }, chat === null ? "none" : chat.text);
}
function PlainReader({ socket }) {
  const { status, lastJsonMessage } = useWebSocket(socket);
  return h("output", { id: "plain" }, `${status} ${lastJsonMessage?.text ?? "none"}`);
}

async function measureRenders(WebSocketClass, definitions) {
  const renders = { ticker: 0, chat: 0, plain: 0 };
  const onRender = (id) => void renders[id]++;
  const profiled = (id, child) => h(React.Profiler, { id, onRender }, child);
  const socket = await openSocket(WebSocketClass);
  // Counts the messages and the synchronous runs they arrive in: a microtask runs between two tasks, so a message
  // that finds the flag still set shares the previous one's task.
  const arrivals = { count: 0, tasks: 0 };
  let inTask = false;
  const stopCounting = socket.onMessage(() => {
    arrivals.count++;
    if (!inTask) {
      inTask = true;
      arrivals.tasks++;
      queueMicrotask(() => {
        inTask = false;
      });
    }
  });
  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  root.render(
    h(
      React.Fragment,
      null,
      profiled("ticker", h(TickerReader, { socket, definitions })),
      profiled("chat", h(ChatReader, { socket, definitions })),
      profiled("plain", h(PlainReader, { socket })),
    ),
  );
  const text = (id) => container.querySelector(`#${id}`)?.textContent;
  await until(() => text("plain") === "open none", "the mounted readers");
  await sleep(5);
  renders.ticker = 0;
  renders.chat = 0;
  renders.plain = 0;

  socket.send("go chat");
  await until(() => arrivals.count >= RENDER_MESSAGES, `${RENDER_MESSAGES} chat messages`);
  await sleep(SETTLE_MS);
  const result = {
    ...renders,
    received: arrivals.count,
    tasks: arrivals.tasks,
    ok: text("ticker") === "none" && text("chat") === lastChatText && text("plain") === `open ${lastChatText}`,
  };
  root.unmount();
  container.remove();
  stopCounting();
  socket.close(1000);
  return result;
}

const cases = [];
for (const [deliveryName, WebSocketClass] of Object.entries(deliveries)) {
  for (const [library, definitions] of Object.entries(libraries)) {
    cases.push({ deliveryName, WebSocketClass, library, definitions, results: [] });
  }
}
for (let run = 0; run < RUNS; run++) {
  for (const item of cases) item.results.push(await measureRenders(item.WebSocketClass, item.definitions));
}
let targetMet = true;
const reactVersion = `React ${React.version} (${process.env.NODE_ENV === "production" ? "production" : "development"})`;
report("typed-renders", {
  title: `Typed messages: renders of a "ticker" reader while ${RENDER_MESSAGES.toLocaleString("en")} chat messages arrive, median of ${RUNS} runs (Node ${process.version}, ${reactVersion}, happy-dom)`,
  method:
    `Three components share one createSocket connection to a loopback ws server: useMessage(socket, definitions, "ticker"), useMessage(socket, definitions, "chat") and plain useWebSocket(socket), each in its own <Profiler>. ` +
    `The server writes ${RENDER_MESSAGES} chat messages in one TCP write; renders are counted from once all three are on screen with the connection open until ${SETTLE_MS} ms after the last message. Each row is the median of ${RUNS} runs over fresh connections.`,
  columns: [
    "schemas",
    "delivery",
    "received",
    "tasks",
    'useMessage "ticker" renders (target 0)',
    'useMessage "chat" renders',
    "useWebSocket renders",
    "screens",
    "target met",
  ],
  rows: cases.map((item) => {
    const pickMedian = (key) => median(item.results.map((result) => result[key]));
    const met = item.results.filter(
      (result) => result.ticker === 0 && result.received === RENDER_MESSAGES && result.ok,
    ).length;
    targetMet &&= met === RUNS;
    return [
      item.library,
      item.deliveryName,
      pickMedian("received"),
      pickMedian("tasks"),
      pickMedian("ticker"),
      pickMedian("chat"),
      pickMedian("plain"),
      item.results.every((result) => result.ok) ? "ok" : "MISMATCH",
      `${met}/${RUNS}`,
    ];
  }),
  notes: [
    `Deliveries: "burst" is every frame in one TCP write, emitted by ws in one task; "burst, task per msg" is the same bytes with each message in a task of its own, as browsers deliver them. "tasks" counts the synchronous runs the messages arrived in.`,
    'The "ticker" reader rendered 0 times in every run: ' +
      `${targetMet ? "yes" : "NO"}. "screens" is ok when the ticker reader still shows none and the chat reader and useWebSocket show the last chat line.`,
    "useWebSocket renders for every message (React folds those of one task into one render); useMessage renders only for its own type, and only for valid messages.",
  ],
});

await window.happyDOM.close();
wss.close();
http.close();
