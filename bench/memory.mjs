// Memory and handles after 10,000 connect/drop cycles of one socket against a server in another process, for
// Lifeline and the incumbents that reconnect by themselves outside React. Each library runs in a child process of
// its own, so one library's garbage or JIT state never counts against another.
// Prints heap growth (after forced GC) and the handles left once the socket is closed.
// Target for Lifeline: heap growth < 1 MB, nothing left behind. Run with: node --expose-gc memory.mjs
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { report } from "./report.mjs";

const CYCLES = Number(process.env.CYCLES ?? 10_000);
// Cycles run before the first measurement, so JIT-compiled code and the pools of `ws` are not counted as growth.
const WARMUP = 1000;
const LIBRARIES = ["Lifeline createSocket", "partysocket 1.3.0", "reconnecting-websocket 4.4.0", "sockette 2.0.6"];

/** Opens one socket of `library` that reconnects at once; calls onOpen at every open. Returns close(). */
async function openSocket(library, url, onOpen, platform) {
  const { WebSocket } = await import("ws");
  globalThis.WebSocket = WebSocket;
  if (library.startsWith("Lifeline")) {
    const { createSocket } = await import("@lifeline/core");
    const { browser } = await import("@lifeline/core/browser");
    const socket = createSocket(url, {
      // The platform's listeners are part of what must be released: on, as in every React app.
      use: [browser()],
      environment: { WebSocket, online: platform, visible: platform },
      // Reconnect at once: the loop measures bookkeeping, not waiting.
      reconnect: { backoff: { baseMs: 0 }, minUptimeMs: 0 },
    });
    // Only the change to open counts: the socket also notifies while open (the uptime mark, the queue).
    let wasOpen = false;
    socket.subscribe(() => {
      const isOpen = socket.getSnapshot().status === "open";
      if (isOpen && !wasOpen) onOpen();
      wasOpen = isOpen;
    });
    return { close: () => socket.close(), released: () => socket.webSocket === null };
  }
  if (library.startsWith("partysocket")) {
    const { WebSocket: PartySocket } = await import("partysocket");
    const socket = new PartySocket(url, [], { WebSocket, minReconnectionDelay: 1, maxReconnectionDelay: 1 });
    socket.addEventListener("open", onOpen);
    return { close: () => socket.close(), released: () => null };
  }
  if (library.startsWith("reconnecting-websocket")) {
    const { default: ReconnectingWebSocket } = await import("reconnecting-websocket");
    const socket = new ReconnectingWebSocket(url, [], { WebSocket, minReconnectionDelay: 1, maxReconnectionDelay: 1 });
    socket.addEventListener("open", onOpen);
    return { close: () => socket.close(), released: () => null };
  }
  const { default: Sockette } = await import("sockette");
  // 1 ms: sockette reads timeout with `||`, so 0 would mean its default 1 s.
  const socket = new Sockette(url, { timeout: 1, maxAttempts: Number.POSITIVE_INFINITY, onopen: onOpen });
  return { close: () => socket.close(), released: () => null };
}

async function child(library, url) {
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const resources = () => process.getActiveResourcesInfo().filter((type) => type !== "TTYWrap");
  const baseline = resources();
  // Stand-ins for the page's online and visibility events, counting who listens, as a browser's would be.
  let platformListeners = 0;
  const platform = {
    get: () => true,
    subscribe: () => {
      platformListeners++;
      return () => platformListeners--;
    },
  };
  let before = 0;
  let opens = 0;
  let lastOpen = Date.now();
  let stalled = false;
  const started = performance.now();
  let socket;
  await new Promise((resolve) => {
    // A library that stops reconnecting would hang the run; after 5 s without an open, report how far it got.
    const watchdog = setInterval(() => {
      if (Date.now() - lastOpen < 5000) return;
      stalled = true;
      clearInterval(watchdog);
      resolve();
    }, 1000);
    openSocket(
      library,
      url,
      () => {
        opens++;
        lastOpen = Date.now();
        if (opens === CYCLES + WARMUP) clearInterval(watchdog);
        if (opens === WARMUP) before = heap();
        if (opens % 500 === 0) process.send({ progress: `  ${opens} opens` });
        if (opens === CYCLES + WARMUP) return resolve();
        process.send({ drop: true });
      },
      platform,
    ).then((opened) => {
      socket = opened;
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const during = heap();
  socket.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = heap();
  const left = resources();
  const extra = [...new Set(left)].filter(
    (type) => left.filter((t) => t === type).length > baseline.filter((t) => t === type).length,
  );
  process.send({
    result: { seconds, growth: during - before, afterClose: after - before, extra, platformListeners, stalled, opens },
  });
  process.disconnect();
}

async function parent() {
  if (typeof globalThis.gc !== "function") {
    console.error("[memory] Run with node --expose-gc so the heap can be measured after a full collection.");
    process.exit(1);
  }
  const { startServerProcess } = await import("./serverControl.mjs");
  const server = await startServerProcess();
  const rows = [];
  for (const library of LIBRARIES) {
    console.error(`[memory] ${library}…`);
    const worker = fork(fileURLToPath(import.meta.url), [library, server.url], { execArgv: ["--expose-gc"] });
    const result = await new Promise((resolve, reject) => {
      worker.on("message", (message) => {
        if (message.drop) server.drop();
        if (message.result) resolve(message.result);
        if (message.progress) console.error(message.progress);
      });
      worker.on("exit", (code) => code !== 0 && reject(new Error(`${library} exited with ${code}`)));
    });
    if (result.stalled) {
      rows.push([library, `stopped reconnecting after ${result.opens} opens`, "", "", "", ""]);
      continue;
    }
    rows.push([
      library,
      result.seconds.toFixed(1),
      (result.growth / 1e6).toFixed(2),
      (result.afterClose / 1e6).toFixed(2),
      result.extra.length === 0 ? "none" : result.extra.join(", "),
      library.startsWith("Lifeline") ? String(result.platformListeners) : "n/a",
    ]);
  }
  await server.stop();
  report("memory", {
    title: `Memory: ${CYCLES.toLocaleString("en")} connect/drop cycles of one socket`,
    method: `Each library runs in its own Node process with reconnect delays set to 0; a server in another process drops the TCP connection at every open. The heap is read after two forced GCs once ${WARMUP} warm-up cycles are done, again after the cycles, and again 300 ms after close().`,
    columns: ["client", "seconds", "heap growth MB", "after close() MB", "handles left", "platform listeners left"],
    rows,
    notes: ["Growth that stays flat with more cycles is caches and JIT, not a leak: compare CYCLES=3000 with 10000."],
  });
}

if (process.argv[2]) await child(process.argv[2], process.argv[3]);
else await parent();
