// server.mjs again, from CommonJS, as a Node project without "type": "module" (or a tool that compiles to CommonJS)
// loads Lifeline: require() of every entry point of every package, then a fault-injecting server and a socket that
// hears its rate-limit close. Prints one JSON line; exits 1 if the socket did not see the hint.
"use strict";
const { classifyClose, createSocket } = require("@lifeline/core");
const { closeReasons } = require("@lifeline/core/classify");
const { startFaultyServer } = require("@lifeline/testing");
const { WebSocket } = require("ws");

/**
 * For every entry point: whether require() got the CommonJS build, and how many names it exports.
 * @type {Record<string, { cjs: boolean; names: number }>}
 */
const entries = {};
for (const name of ["core", "react", "ui", "react-query", "react-use-websocket", "testing", "devtools"]) {
  const { exports } = require(`@lifeline/${name}/package.json`);
  for (const entry of Object.keys(exports)) {
    // A stylesheet is for a bundler, not for require().
    if (entry === "./package.json" || entry.endsWith(".css")) continue;
    const id = `@lifeline/${name}${entry.slice(1)}`;
    entries[id] = { cjs: require.resolve(id).endsWith(".cjs"), names: Object.keys(require(id)).length };
  }
}

async function main() {
  const server = await startFaultyServer();
  const socket = createSocket(server.url, { environment: { WebSocket }, use: [closeReasons()] });
  await server.nextConnection();
  server.closeAll(1008, "rate limit exceeded; retry-after=30");
  const deadline = Date.now() + 5_000;
  while (!socket.getSnapshot().lastClose && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seen = socket.getSnapshot().lastClose?.retry;
  socket.close();
  await server.stop();
  const direct = classifyClose({ code: 1008, reason: "rate limit exceeded; retry-after=30" }).retry;
  console.log(JSON.stringify({ entries, seen, direct }));
  // exitCode, not exit(): a server or socket left open keeps the process alive, and the test times that out.
  process.exitCode = seen?.action === "after-hint" ? 0 : 1;
}

main();
