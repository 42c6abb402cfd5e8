#!/usr/bin/env node
/**
 * `lifeline-chaos`: the fault-injecting server as a command, for a demo page, a manual check or a benchmark in
 * another process. `runCli` holds all of it, so tests start it without spawning a process.
 *
 *   lifeline-chaos [--port 8787] [--host 127.0.0.1] [--no-echo] [--max-payload <bytes>]
 *                  [--allow-origin <origin>]... [--token <token> | --no-token]
 *
 * Unlike `startFaultyServer`, it requires a token by default: a command runs for a long time beside whatever the
 * developer browses, and any local process may call it. It makes one up and prints it.
 */
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createChaosAccess, DEFAULT_ALLOWED_ORIGINS } from "./chaosAccess.js";
import { CHAOS_ENDPOINTS } from "./chaosApi.js";
import { FaultArgumentError } from "./errors.js";
import { parseNumber, WS_MAX_PAYLOAD_BYTES, wholeNumber } from "./faultArguments.js";
import { type FaultyServer, startFaultyServer } from "./faultyServer.js";

const USAGE = `Usage: lifeline-chaos [--port 8787] [--host 127.0.0.1] [--no-echo] [--max-payload <bytes>]
                      [--allow-origin <origin>]... [--token <token> | --no-token]

Starts a WebSocket server that misbehaves on command, with an HTTP control API on the same port.
  --port <n>     Port to listen on; 0 picks a free one. Default 8787.
  --host <addr>  Address to listen on. Default 127.0.0.1; anything else exposes the faults to the network.
  --no-echo      Do not send messages back to the client that sent them.
  --max-payload <bytes>
                 Close with 1009 any connection that sends a larger message, as ws's maxPayload does.
  --allow-origin <origin>
                 A page origin allowed to call the control API, as browsers send it (http://127.0.0.1:5173).
                 Repeat for more; they replace the default, ${DEFAULT_ALLOWED_ORIGINS.join(" and ")}.
                 A page on any other origin is refused with 403.
  --token <token>
                 The token every control request must carry (Authorization: Bearer <token>, or ?token=).
                 Default: a random one, printed at start.
  --no-token     No token: any process on this machine may call the control API. For local scripting.
  --help         Show this text.`;

/** Where the CLI writes and which process signals stop it; the real process unless a test passes its own. */
export interface CliIo {
  /** @default writes to process.stdout */
  readonly stdout?: (text: string) => void;
  /** @default process */
  readonly signals?: {
    once(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
    off(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  };
}

/** A running `lifeline-chaos`. */
export interface RunningCli {
  readonly server: FaultyServer;
  /** The token control requests must carry, as printed; `null` after `--no-token`. */
  readonly token: string | null;
  /** Resolves once the server has stopped, after SIGINT, SIGTERM or `stop()`. */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string" },
        "no-echo": { type: "boolean" },
        "max-payload": { type: "string" },
        "allow-origin": { type: "string", multiple: true },
        token: { type: "string" },
        "no-token": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, ".");
    throw new FaultArgumentError(
      `[@lifeline/testing] lifeline-chaos: ${message} Run lifeline-chaos --help for the options.`,
    );
  }
}

interface Settings {
  readonly host: string;
  readonly echo: boolean;
  readonly maxPayload: number | null;
  readonly allowedOrigins: readonly string[];
  readonly token: string | null;
}

function describe(server: FaultyServer, settings: Settings): string {
  const { host, echo, maxPayload, allowedOrigins, token } = settings;
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  const targets = CHAOS_ENDPOINTS.map(
    (endpoint) => `${endpoint.method.padEnd(4)} ${base}${endpoint.path}${endpoint.query ? `?${endpoint.query}` : ""}`,
  );
  const width = Math.max(...targets.map((target) => target.length));
  const rows = CHAOS_ENDPOINTS.map((endpoint, index) => `  ${targets[index]?.padEnd(width)}  ${endpoint.description}`);
  const authorization = token === null ? "" : ` -H 'Authorization: Bearer ${token}'`;
  return [
    `lifeline-chaos: a fault-injecting WebSocket server (echo ${echo ? "on" : "off"}${maxPayload === null ? "" : `, max payload ${maxPayload} bytes`})`,
    `WebSocket:   ${server.url}`,
    `Control API: ${base}/__chaos (JSON)`,
    token === null
      ? "  Token:     none (--no-token): any process on this machine may call it"
      : `  Token:     ${token}  (send Authorization: Bearer <token>, or add ?token=<token>)`,
    `  Origins:   ${allowedOrigins.join(", ")}  (pages on any other origin are refused; add --allow-origin <origin>)`,
    `  Example:   curl -X POST${authorization} '${base}/__chaos/drop'`,
    ...rows,
    "Stop with Ctrl+C.",
    "",
  ].join("\n");
}

function chooseToken(values: { token?: string | undefined; "no-token"?: boolean | undefined }): string | null {
  if (values["no-token"] && values.token !== undefined) {
    throw new FaultArgumentError(
      "[@lifeline/testing] lifeline-chaos: --token and --no-token contradict each other. Pass one of them.",
    );
  }
  if (values["no-token"]) return null;
  // 144 bits, in characters that need no escaping in a header or a query string.
  return values.token ?? randomBytes(18).toString("base64url");
}

/**
 * Runs `lifeline-chaos` with the given arguments (without `node` and the script): starts the server, prints its URL
 * and control endpoints, and stops on SIGINT or SIGTERM. Returns `null` after `--help`.
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<RunningCli | null> {
  const write = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const signals = io.signals ?? process;
  const values = parse(argv);
  if (values.help) {
    write(`${USAGE}\n`);
    return null;
  }
  const port = wholeNumber(
    "lifeline-chaos",
    "--port",
    values.port === undefined ? 8787 : parseNumber(values.port),
    0,
    65_535,
  );
  const host = values.host ?? "127.0.0.1";
  const echo = !values["no-echo"];
  const maxPayload =
    values["max-payload"] === undefined
      ? null
      : wholeNumber("lifeline-chaos", "--max-payload", parseNumber(values["max-payload"]), 1, WS_MAX_PAYLOAD_BYTES);
  const allowedOrigins = values["allow-origin"] ?? DEFAULT_ALLOWED_ORIGINS;
  const token = chooseToken(values);
  // Checked here too, so that a bad flag is reported by its name rather than as an option of startFaultyServer.
  createChaosAccess(
    { allowedOrigins, token },
    { allowedOrigins: "lifeline-chaos: --allow-origin", token: "lifeline-chaos: --token" },
  );
  let server: FaultyServer;
  try {
    server = await startFaultyServer({ port, host, echo, maxPayload, chaosApi: { allowedOrigins, token } });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new FaultArgumentError(
        `[@lifeline/testing] lifeline-chaos: port ${port} on ${host} is in use. Pick another with --port <n>, or --port 0 for any free one.`,
      );
    }
    throw error;
  }
  write(describe(server, { host, echo, maxPayload, allowedOrigins, token }));

  let markStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    signals.off("SIGINT", stop);
    signals.off("SIGTERM", stop);
    // Nothing else holds the event loop: once the server has stopped, the process exits by itself.
    stopping ??= server.stop().then(() => {
      write("lifeline-chaos: stopped.\n");
      markStopped();
    });
    return stopping;
  };
  signals.once("SIGINT", stop);
  signals.once("SIGTERM", stop);
  return { server, token, stopped, stop };
}

// Run only when executed as the command; importing the module (from the package's index, or a test) starts nothing.
// argv[1] may be the symlink in node_modules/.bin, hence realpath.
function isCommand(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isCommand()) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
