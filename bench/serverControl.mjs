// Starts bench/serverProcess.mjs and gives a promise-based handle on it.
import { fork } from "node:child_process";

export async function startServerProcess() {
  const child = fork(new URL("./serverProcess.mjs", import.meta.url), {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map();
  child.on("message", (message) => {
    const resolve = waiting.get(message.reply);
    waiting.delete(message.reply);
    resolve?.(message);
  });
  const ask = (reply, command) =>
    new Promise((resolve) => {
      waiting.set(reply, resolve);
      if (command) child.send(command);
    });
  const { url } = await ask("ready");
  return {
    url,
    drop: () => ask("drop", { command: "drop" }).then((message) => message.at),
    attempts: (since) => ask("attempts", { command: "attempts", since }).then((message) => message.attempts),
    openConnections: () => ask("open", { command: "open" }).then((message) => message.open),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.send({ command: "stop" });
      }),
  };
}
