// The fault-injecting server in its own process, so that benchmark clients and the server do not share an event
// loop: timestamps of upgrade attempts are taken where a real server would see them. Driven over IPC.
import { startFaultyServer } from "@lifeline/testing";

const server = await startFaultyServer({ echo: false });
process.on("message", (message) => {
  switch (message.command) {
    case "drop":
      server.dropAll();
      process.send({ reply: "drop", at: Date.now() });
      break;
    case "attempts":
      process.send({ reply: "attempts", attempts: server.upgradeAttempts.filter((at) => at >= message.since) });
      break;
    case "open":
      process.send({ reply: "open", open: server.openConnections });
      break;
    case "stop":
      server.stop().then(() => process.exit(0));
      break;
  }
});
process.send({ reply: "ready", url: server.url });
