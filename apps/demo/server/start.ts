// `pnpm dev`: the backend (chat + fault-injecting server) and the Vite app in one process, so Ctrl-C stops both
// and nothing is left running. Ports come from --port/--api-port or DEMO_PORT/DEMO_API_PORT.
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createServer as createViteServer } from "vite";
import { startBackend } from "./backend.js";

const HOST = "127.0.0.1";

export interface DemoPorts {
  readonly port: number;
  readonly apiPort: number;
}

/** Reads the ports from the arguments, then the environment, then the defaults; throws a clear error for junk. */
export function readPorts(argv: readonly string[], env: NodeJS.ProcessEnv): DemoPorts {
  const flag = (name: string) => {
    const index = argv.indexOf(name);
    // A flag with nothing after it is a mistake to report, not a reason to fall back to the default quietly.
    if (index >= 0) return argv[index + 1] ?? "";
    return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const pick = (value: string | undefined, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError(`[@lifeline/demo] ${name} is "${value}". Use a port number from 1 to 65535.`);
    }
    return port;
  };
  const port = pick(flag("--port") ?? (env.DEMO_PORT || undefined), "The app port (--port, DEMO_PORT)", 5173);
  const apiPort = pick(
    flag("--api-port") ?? (env.DEMO_API_PORT || undefined),
    "The server port (--api-port, DEMO_API_PORT)",
    8787,
  );
  if (port === apiPort) {
    throw new RangeError(`[@lifeline/demo] The app and the server both asked for port ${port}. Give them two ports.`);
  }
  return { port, apiPort };
}

/** Resolves if the port is free on HOST, or rejects with a message that says how to pick another. */
export function checkPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const taken = error.code === "EADDRINUSE";
      reject(
        new Error(
          taken
            ? `[@lifeline/demo] Port ${port} on ${HOST} is taken. Stop what uses it, or pick another: ${variable}=${port + 1} pnpm dev`
            : `[@lifeline/demo] Cannot listen on ${HOST}:${port}: ${error.message}`,
        ),
      );
    });
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

export async function startDemo({ port, apiPort }: DemoPorts) {
  await checkPortFree(port, "DEMO_PORT");
  await checkPortFree(apiPort, "DEMO_API_PORT");
  // The page's own origin, on whichever port it got: the backend refuses every other page (issue 13 §5).
  const allowedOrigins = [`http://${HOST}:${port}`, `http://localhost:${port}`];
  const backend = await startBackend({ host: HOST, port: apiPort, allowedOrigins });
  try {
    const vite = await createViteServer({
      root: fileURLToPath(new URL("..", import.meta.url)),
      server: { host: HOST, port, strictPort: true },
      define: { "import.meta.env.VITE_LIFELINE_API": JSON.stringify(backend.httpUrl) },
      clearScreen: false,
    });
    await vite.listen();
    return {
      appUrl: `http://${HOST}:${port}/`,
      backend,
      async stop() {
        await vite.close();
        await backend.stop();
      },
    };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}

async function main() {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo(readPorts(process.argv.slice(2), process.env));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(`
  Lifeline demo      ${demo.appUrl}
  Chat + chaos API   ${demo.backend.httpUrl}/api/  and  ${demo.backend.httpUrl}/__chaos/
  Press Ctrl-C to stop both.
`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the demo…`);
    // A second Ctrl-C or a hung close must still end the process.
    setTimeout(() => process.exit(1), 5000).unref();
    demo.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
