// Plain Node against the installed packages, as the README's @lifeline/testing quick start: a fault-injecting
// server, a reconnecting socket that hears a rate-limit close, then both stopped. Prints one JSON line; exits 1 if
// the socket did not see the hint.
import { classifyClose, createSocket } from "@lifeline/core";
import { closeReasons } from "@lifeline/core/classify";
import { startFaultyServer } from "@lifeline/testing";
import { createFakeWebSocket } from "@lifeline/testing/fake";
import { WebSocket } from "ws";

const server = await startFaultyServer();
const socket = createSocket(server.url, { environment: { WebSocket }, use: [closeReasons()] });
await server.nextConnection();
server.closeAll(1008, "rate limit exceeded; retry-after=30");

const deadline = Date.now() + 5_000;
while (!socket.getSnapshot().lastClose && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 20));
const seen = socket.getSnapshot().lastClose?.retry;
socket.close();
await server.stop();

const direct = classifyClose({ code: 1008, reason: "rate limit exceeded; retry-after=30" }).retry;
console.log(JSON.stringify({ seen, direct, fake: typeof createFakeWebSocket }));
// exitCode, not exit(): a server or socket left open keeps the process alive, and the test times that out.
process.exitCode = seen?.action === "after-hint" ? 0 : 1;
