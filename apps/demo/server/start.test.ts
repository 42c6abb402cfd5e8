import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkPortFree, readPorts } from "./start.js";

const DEMO_DIR = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";

const servers: Server[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Listens on `port` (0: any) on 127.0.0.1 until the test ends. */
async function occupy(port = 0): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Ports that were free a moment ago: listened on together, so they differ, then closed. */
async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    probes.map(
      (probe) =>
        new Promise<number>((resolve, reject) => {
          probe.once("error", reject);
          probe.listen(0, HOST, () => resolve((probe.address() as AddressInfo).port));
        }),
    ),
  );
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

interface Demo {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startScript(args: readonly string[]): Demo {
  const env = { ...process.env };
  delete env.DEMO_PORT;
  delete env.DEMO_API_PORT;
  const child = spawn(process.execPath, ["dist-server/start.js", ...args], {
    cwd: DEMO_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, output, exit };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("readPorts", () => {
  it("refuses a flag with no value and numbers written any way but plain digits", () => {
    expect(() => readPorts(["--port"], {})).toThrow(/The app port \(--port, DEMO_PORT\) is ""\. Use a port number/);
    expect(() => readPorts(["--port", "0x1F90"], {})).toThrow(/is "0x1F90"/);
    expect(() => readPorts([], { DEMO_API_PORT: "1e3" })).toThrow(/The server port .* is "1e3"/);
  });

  it("defaults to 5173 for the app and 8787 for the server", () => {
    expect(readPorts([], {})).toEqual({ port: 5173, apiPort: 8787 });
    expect(readPorts(["--open"], { DEMO_PORT: "", DEMO_API_PORT: "" })).toEqual({ port: 5173, apiPort: 8787 });
  });

  it("reads --port and --api-port as two arguments or with =", () => {
    expect(readPorts(["--port", "1234"], {})).toEqual({ port: 1234, apiPort: 8787 });
    expect(readPorts(["--port=1234"], {})).toEqual({ port: 1234, apiPort: 8787 });
    expect(readPorts(["--api-port", "4321"], {})).toEqual({ port: 5173, apiPort: 4321 });
    expect(readPorts(["--api-port=4321", "--port", "1234"], {})).toEqual({ port: 1234, apiPort: 4321 });
  });

  it("reads DEMO_PORT and DEMO_API_PORT", () => {
    expect(readPorts([], { DEMO_PORT: "3000" })).toEqual({ port: 3000, apiPort: 8787 });
    expect(readPorts([], { DEMO_PORT: "3000", DEMO_API_PORT: "3001" })).toEqual({ port: 3000, apiPort: 3001 });
  });

  it("prefers the flags to the environment", () => {
    const env = { DEMO_PORT: "3000", DEMO_API_PORT: "3001" };
    expect(readPorts(["--port", "1234", "--api-port=4321"], env)).toEqual({ port: 1234, apiPort: 4321 });
    expect(readPorts(["--api-port", "4321"], env)).toEqual({ port: 3000, apiPort: 4321 });
  });

  it("accepts the ends of the port range", () => {
    expect(readPorts(["--port", "1", "--api-port", "65535"], {})).toEqual({ port: 1, apiPort: 65535 });
  });

  it.each(["abc", "0", "70000", "-1", "12.5"])('rejects --port "%s", naming the flag and what to use', (value) => {
    expect(() => readPorts(["--port", value], {})).toThrow(RangeError);
    expect(() => readPorts(["--port", value], {})).toThrow(
      `[@lifeline/demo] The app port (--port, DEMO_PORT) is "${value}". Use a port number from 1 to 65535.`,
    );
  });

  it.each(["abc", "0", "70000"])('rejects --api-port=%s and DEMO_API_PORT="%s" naming the server port', (value) => {
    const message = `[@lifeline/demo] The server port (--api-port, DEMO_API_PORT) is "${value}". Use a port number from 1 to 65535.`;
    expect(() => readPorts([`--api-port=${value}`], {})).toThrow(message);
    expect(() => readPorts([], { DEMO_API_PORT: value })).toThrow(message);
  });

  it("rejects junk from the environment too", () => {
    expect(() => readPorts([], { DEMO_PORT: "abc" })).toThrow(/DEMO_PORT\) is "abc"\. Use a port number from 1/);
  });

  it("rejects the same port for both", () => {
    const message = "[@lifeline/demo] The app and the server both asked for port 8787. Give them two ports.";
    expect(() => readPorts(["--port", "8787"], {})).toThrow(message);
    expect(() => readPorts(["--port=4000", "--api-port=4000"], {})).toThrow(/both asked for port 4000/);
    expect(() => readPorts([], { DEMO_PORT: "9000", DEMO_API_PORT: "9000" })).toThrow(RangeError);
  });
});

describe("checkPortFree", () => {
  it("resolves for a free port", async () => {
    const [port] = await freePorts(1);
    await expect(checkPortFree(port!, "DEMO_PORT")).resolves.toBeUndefined();
    // It let go of the port again.
    await expect(occupy(port!)).resolves.toBe(port);
  });

  it("rejects with how to pick another port when one listens on 127.0.0.1", async () => {
    const port = await occupy();
    const check = checkPortFree(port, "DEMO_API_PORT");
    await expect(check).rejects.toThrow(`[@lifeline/demo] Port ${port} on 127.0.0.1 is taken.`);
    await expect(check).rejects.toThrow(`DEMO_API_PORT=${port + 1} pnpm dev`);

    await expect(checkPortFree(port, "DEMO_PORT")).rejects.toThrow(/is taken.*DEMO_PORT=/);
  });
});

describe("the start script (dist-server/start.js)", () => {
  it("serves the app and the API, and stops both on SIGINT with exit code 0", { timeout: 40_000 }, async () => {
    const [port, apiPort] = (await freePorts(2)) as [number, number];
    const demo = startScript(["--port", String(port), "--api-port", String(apiPort)]);
    const appUrl = `http://127.0.0.1:${port}/`;

    await vi.waitFor(
      () => {
        if (demo.child.exitCode !== null) {
          throw new Error(`start.js exited with ${demo.child.exitCode}: ${demo.output.stderr}`);
        }
        expect(demo.output.stdout).toContain(appUrl);
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(demo.output.stdout).toContain(`http://127.0.0.1:${apiPort}/api/`);

    const app = await fetch(appUrl);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain("<html");
    const messages = await fetch(`http://127.0.0.1:${apiPort}/api/messages`);
    expect(messages.status).toBe(200);
    expect(await messages.json()).toEqual({ messages: [] });

    expect(demo.child.kill("SIGINT")).toBe(true);
    expect(await within(demo.exit, 10_000, "Stopping after SIGINT")).toEqual({ code: 0, signal: null });
    expect(demo.output.stdout).toContain("SIGINT: stopping the demo");

    await expect(checkPortFree(port, "DEMO_PORT")).resolves.toBeUndefined();
    await expect(checkPortFree(apiPort, "DEMO_API_PORT")).resolves.toBeUndefined();
  });

  it("exits with 1 and says so when the app port is taken", async () => {
    const port = await occupy();
    const [apiPort] = (await freePorts(1)) as [number];
    const demo = startScript(["--port", String(port), "--api-port", String(apiPort)]);

    expect(await within(demo.exit, 10_000, "Exiting")).toEqual({ code: 1, signal: null });
    expect(demo.output.stderr).toContain(`Port ${port} on 127.0.0.1 is taken`);
    expect(demo.output.stderr).toContain(`DEMO_PORT=${port + 1}`);
    // Nothing was started: the API port is still free.
    await expect(checkPortFree(apiPort, "DEMO_API_PORT")).resolves.toBeUndefined();
  });

  it("exits with 1 and names DEMO_API_PORT when the server port is taken", async () => {
    const apiPort = await occupy();
    const [port] = (await freePorts(1)) as [number];
    const demo = startScript([`--port=${port}`, `--api-port=${apiPort}`]);

    expect(await within(demo.exit, 10_000, "Exiting")).toEqual({ code: 1, signal: null });
    expect(demo.output.stderr).toContain("is taken");
    expect(demo.output.stderr).toContain(`DEMO_API_PORT=${apiPort + 1}`);
  });

  it("exits with 1 and the message for a junk port", async () => {
    const demo = startScript(["--port", "abc"]);
    expect(await within(demo.exit, 10_000, "Exiting")).toEqual({ code: 1, signal: null });
    expect(demo.output.stderr).toContain('The app port (--port, DEMO_PORT) is "abc"');
  });
});
