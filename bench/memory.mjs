// Memory and handles after 10,000 connect/drop cycles of one Lifeline socket against a server in another process.
// Prints heap growth (after forced GC) and the timers, sockets and listeners left once the socket is closed.
// Target: heap growth < 1 MB, nothing left behind. Run with: node --expose-gc bench/memory.mjs
import { createSocket } from "@lifeline/core";
import { WebSocket } from "ws";
import { startServerProcess } from "./serverControl.mjs";

const CYCLES = Number(process.env.CYCLES ?? 10_000);
// Cycles run before the first measurement, so JIT-compiled code and the pools of `ws` are not counted as growth.
const WARMUP = 1000;
if (typeof globalThis.gc !== "function") {
  console.error("[memory] Run with node --expose-gc so the heap can be measured after a full collection.");
  process.exit(1);
}
const server = await startServerProcess();
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const resources = () => process.getActiveResourcesInfo().filter((type) => type !== "TTYWrap");

// Node opens the handles of stdout and stderr lazily; open them now so they are not counted as left behind.
void process.stdout;
void process.stderr;
const baselineResources = resources();
let before = 0;
let opens = 0;
// Stand-ins for the page's online and visibility events, counting who listens, as a browser's would be.
let platformListeners = 0;
const signal = {
  get: () => true,
  subscribe: () => {
    platformListeners++;
    return () => platformListeners--;
  },
};
const socket = createSocket(server.url, {
  environment: { WebSocket, online: signal, visible: signal },
  // Reconnect at once: the loop measures bookkeeping, not waiting.
  reconnect: { baseDelayMs: 0, minUptimeMs: 0 },
});
const started = performance.now();
await new Promise((resolve) => {
  socket.subscribe(() => {
    if (socket.getSnapshot().status !== "open") return;
    opens++;
    if (opens === WARMUP) before = heap();
    if (opens === CYCLES + WARMUP) return resolve();
    server.drop();
  });
});
const elapsed = performance.now() - started;
const during = heap();
socket.close();
await new Promise((resolve) => setTimeout(resolve, 200));
const after = heap();
const left = resources();
const extra = left.filter(
  (type, index) =>
    left.indexOf(type) === index &&
    left.filter((t) => t === type).length > baselineResources.filter((t) => t === type).length,
);

console.log(
  `memory: ${CYCLES} connect/drop cycles of one socket in ${(elapsed / 1000).toFixed(1)} s (Node ${process.version})`,
);
console.log(`heap before cycles     ${(before / 1e6).toFixed(2)} MB`);
console.log(
  `heap after cycles      ${(during / 1e6).toFixed(2)} MB   growth ${((during - before) / 1e6).toFixed(3)} MB`,
);
console.log(`heap after close()     ${(after / 1e6).toFixed(2)} MB   growth ${((after - before) / 1e6).toFixed(3)} MB`);
console.log(
  `socket after close()   status ${socket.getSnapshot().status}, webSocket ${socket.webSocket === null ? "released" : "still held"}`,
);
console.log(`platform listeners     ${platformListeners} attached after close()`);
console.log(
  `handles left           ${extra.length === 0 ? "none beyond the start" : extra.join(", ")} (start: ${baselineResources.join(" ")}; end: ${left.join(" ")})`,
);
await server.stop();
