import { EventEmitter } from "node:events";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type RunningCli, runCli } from "./cli.js";
import { FaultArgumentError } from "./errors.js";

// runCli starts the real server on a real port; a plain EventEmitter stands in for the process's signals, so a
// test can send SIGINT without stopping the test runner.

let running: RunningCli | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

function start(argv: string[]) {
  const output: string[] = [];
  const signals = new EventEmitter();
  const started = runCli(argv, { stdout: (text) => output.push(text), signals });
  return { started, output, signals };
}

/**
 * Sends one message once open, and answers the echo or, `waitMs` after the send, null. The wait starts at the
 * send, not at the dial: on a loaded machine "no echo" must not be just "not connected yet".
 */
// Sends one message, then a ping. The server handles frames in order, so an echo arrives before the pong: a pong
// first means no echo is coming (null), with no timer to guess how long an answer may take on a loaded machine.
function echoOnce(url: string, message: string): Promise<string | null> {
  const client = new WebSocket(url);
  client.on("error", () => {});
  return new Promise((resolve, reject) => {
    client.once("close", () => reject(new Error("the connection closed before an answer")));
    client.once("open", () => {
      client.send(message);
      client.ping();
    });
    const answer = (value: string | null) => {
      resolve(value);
      client.close();
    };
    client.once("message", (data) => answer(data.toString()));
    client.once("pong", () => answer(null));
  });
}

describe("lifeline-chaos", () => {
  it("starts, prints the WebSocket URL and the control endpoints, and answers a control request", async () => {
    const { started, output } = start(["--port", "0"]);
    running = await started;
    const { server } = running!;
    const text = output.join("");
    expect(text).toContain(`WebSocket:   ws://127.0.0.1:${server.port}`);
    expect(text).toContain(`POST http://127.0.0.1:${server.port}/__chaos/drop`);
    expect(text).toContain(`GET  http://127.0.0.1:${server.port}/__chaos/stats`);
    expect(await echoOnce(server.url, "hello")).toBe("hello");
    const response = await fetch(`http://127.0.0.1:${server.port}/__chaos/stats`, {
      headers: { Authorization: `Bearer ${running!.token}` },
    });
    expect(await response.json()).toMatchObject({ ok: true, acceptedConnections: 1, receivedMessages: 1 });
  });

  it("makes up a token, prints it, and refuses control requests without it", async () => {
    const { started, output } = start(["--port", "0"]);
    running = await started;
    const { server, token } = running!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const text = output.join("");
    expect(text).toContain(`  Token:     ${token}  (send Authorization: Bearer <token>, or add ?token=<token>)`);
    expect(text).toContain(
      `  Example:   curl -X POST -H 'Authorization: Bearer ${token}' 'http://127.0.0.1:${server.port}/__chaos/drop'`,
    );
    expect(text).toContain("  Origins:   http://127.0.0.1:5173, http://localhost:5173");
    const base = `http://127.0.0.1:${server.port}/__chaos/stats`;
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}?token=${token}`)).status).toBe(200);
    // Each start makes up its own.
    const other = await start(["--port", "0"]).started;
    try {
      expect(other!.token).not.toBe(token);
    } finally {
      await other!.stop();
    }
  });

  it("takes the token from --token, or needs none with --no-token", async () => {
    running = await start(["--port", "0", "--token", "fixed-token"]).started;
    const base = `http://127.0.0.1:${running!.server.port}/__chaos/stats`;
    expect((await fetch(base, { headers: { Authorization: "Bearer fixed-token" } })).status).toBe(200);
    expect((await fetch(base)).status).toBe(401);
    await running!.stop();

    const { started, output } = start(["--port", "0", "--no-token"]);
    running = await started;
    expect(running!.token).toBeNull();
    expect(output.join("")).toContain("  Token:     none (--no-token)");
    expect((await fetch(`http://127.0.0.1:${running!.server.port}/__chaos/stats`)).status).toBe(200);
  });

  it("serves the origins of --allow-origin instead of the default ones", async () => {
    const { started, output } = start([
      "--port",
      "0",
      "--no-token",
      "--allow-origin",
      "http://localhost:6006",
      "--allow-origin",
      "http://127.0.0.1:3000",
    ]);
    running = await started;
    expect(output.join("")).toContain("  Origins:   http://localhost:6006, http://127.0.0.1:3000");
    const stats = (origin: string) =>
      fetch(`http://127.0.0.1:${running!.server.port}/__chaos/stats`, { headers: { Origin: origin } });
    const storybook = await stats("http://localhost:6006");
    expect([storybook.status, storybook.headers.get("access-control-allow-origin")]).toEqual([
      200,
      "http://localhost:6006",
    ]);
    expect((await stats("http://127.0.0.1:3000")).status).toBe(200);
    expect((await stats("http://127.0.0.1:5173")).status).toBe(403);
  });

  it("echoes nothing with --no-echo", async () => {
    running = await start(["--port", "0", "--no-echo"]).started;
    expect(await echoOnce(running!.server.url, "hello")).toBeNull();
  });

  it("limits the message size with --max-payload, and says so", async () => {
    const { started, output } = start(["--port", "0", "--max-payload", "4"]);
    running = await started;
    expect(output.join("")).toContain("(echo on, max payload 4 bytes)");
    expect(await echoOnce(running!.server.url, "1234")).toBe("1234");
    await expect(echoOnce(running!.server.url, "12345")).rejects.toThrow(/closed before an answer/);
    expect(running!.server.stats().oversizedMessages).toBe(1);
  });

  it.each(["SIGINT", "SIGTERM"])("stops cleanly on %s and releases the port", async (signal) => {
    const { started, output, signals } = start(["--port", "0", "--host", "127.0.0.1"]);
    const cli = await started;
    const { port } = cli!.server;
    signals.emit(signal);
    await cli!.stopped;
    expect(output.at(-1)).toBe("lifeline-chaos: stopped.\n");
    expect(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM")).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/__chaos/stats`)).rejects.toThrow();
  });

  it("prints the usage on --help and starts nothing", async () => {
    const { started, output } = start(["--help"]);
    expect(await started).toBeNull();
    expect(output.join("")).toMatch(/^Usage: lifeline-chaos \[--port 8787\] \[--host 127\.0\.0\.1\] \[--no-echo\]/);
  });

  it.each([
    [["--port", "eighty"], /--port is "eighty"\. Use a whole number from 0 to 65535/],
    [["--port", "70000"], /--port is 70000/],
    [["--max-payload", "0"], /--max-payload is 0\. Use a whole number from 1 to 104857600/],
    [["--verbose"], /lifeline-chaos: .*--verbose.* Run lifeline-chaos --help for the options\./],
    [["--token", "a", "--no-token"], /--token and --no-token contradict each other\. Pass one of them\./],
    [["--token", "has space"], /lifeline-chaos: --token is "has space"\. Use a non-empty string/],
    [
      ["--allow-origin", "http://localhost:6006/"],
      /lifeline-chaos: --allow-origin has "http:\/\/localhost:6006\/", which is not an origin/,
    ],
  ])("refuses %j with a message that says what to do", async (argv, message) => {
    const attempt = start(argv).started;
    await expect(attempt).rejects.toThrow(FaultArgumentError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("says so when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(start(["--port", String(port)]).started).rejects.toThrow(
        `[@lifeline/testing] lifeline-chaos: port ${port} on 127.0.0.1 is in use. Pick another with --port <n>, or --port 0 for any free one.`,
      );
    } finally {
      blocker.close();
    }
  });
});
