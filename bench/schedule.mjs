// Default reconnect schedules: how long each library waits between attempts to reach a server that is down, with
// every option left at its default. Each library runs in a child process of its own (this file, forked with the
// library's name) against a loopback port nothing listens on, so every attempt fails with a real ECONNREFUSED
// delivered by a real `ws` socket.
// Waiting minutes of real time would make the run slow, so each child replaces setTimeout/clearTimeout, Date.now and
// performance.now with a virtual clock. Once the process is idle (every socket it opened has had its real close
// event, and nothing else has run for a few turns of the event loop), the clock jumps to the next timer that is due
// and fires it. The virtual time at which each WebSocket is constructed is one attempt.
// Each library runs twice, in two processes: if the two lists of delays differ, its schedule is randomized. Separate
// processes matter: reconnecting-websocket draws its random delay once, when the module loads.
// Prints the first 9 delays in seconds, whether they are randomized and after how many attempts the library stops.
import { fork } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { report } from "./report.mjs";

const RUNS = 2;
const SHOWN_DELAYS = 9;
// Followed past the 10 attempts that are shown, so a library that gives up after a finite number of retries is seen
// to do so: react-use-websocket's limit of 20 reconnects (21 attempts) is the only finite default here.
const ATTEMPT_LIMIT = 25;
const VIRTUAL_LIMIT_MS = 60 * 60 * 1000;
// Turns of the event loop with nothing happening (no socket opened or closed, no timer set) that count as idle:
// React runs renders and effects in setImmediate tasks, and the libraries chain promises before they connect.
const QUIET_TURNS = 10;
// Real time allowed for a failing connection's close event; refused connections on loopback take about a millisecond.
const CLOSE_TIMEOUT_MS = 10_000;
const CHILD_TIMEOUT_MS = 60_000;

// How each library is started with its defaults. `WebSocket` is `ws` with construction recorded; it is also the
// global WebSocket, for the libraries that read the global.
const LIBRARIES = {
  "Lifeline createSocket": async ({ url, WebSocket }) => {
    const { createSocket } = await import("@lifeline/core");
    createSocket(url, { environment: { WebSocket } });
  },
  "partysocket 1.3.0 WebSocket": async ({ url }) => {
    const { WebSocket: ReconnectingWebSocket } = await import("partysocket");
    new ReconnectingWebSocket(url);
  },
  "reconnecting-websocket 4.4.0": async ({ url, WebSocket }) => {
    const { default: ReconnectingWebSocket } = await import("reconnecting-websocket");
    new ReconnectingWebSocket(url, undefined, { WebSocket });
  },
  "websocket-ts 2.3.0": async ({ url }) => {
    const { WebsocketBuilder } = await import("websocket-ts");
    new WebsocketBuilder(url).build();
  },
  // Not a default: websocket-ts reconnects only with a backoff, and this is the one its README shows for
  // ExponentialBackoff ("1s, 2s, 4s, 8s, 16s, 32s, 64s"). It is also the configuration size.mjs measures.
  "websocket-ts 2.3.0 + ExponentialBackoff(1000, 6), not default": async ({ url }) => {
    const { ExponentialBackoff, WebsocketBuilder } = await import("websocket-ts");
    new WebsocketBuilder(url).withBackoff(new ExponentialBackoff(1000, 6)).build();
  },
  "sockette 2.0.6": async ({ url }) => {
    const { default: Sockette } = await import("sockette");
    new Sockette(url);
  },
  "react-use-websocket 4.13.0, defaults": async ({ url }) => renderUseWebSocket(url, {}),
  "react-use-websocket 4.13.0, shouldReconnect: () => true": async ({ url }) =>
    renderUseWebSocket(url, { shouldReconnect: () => true }),
};

/** react-use-websocket's hook, loaded only in its own child, once a DOM is in place. */
let useWebSocket = null;

/** The smallest component that uses the hook; react-use-websocket reconnects from inside it. */
function Client({ url, options }) {
  useWebSocket(url, options);
  return null;
}

/** react-use-websocket reconnects from inside its hook, so it is measured mounted in a React tree. */
async function renderUseWebSocket(url, options) {
  const [{ createRoot }, { createElement }, cjs] = await Promise.all([
    import("react-dom/client"),
    import("react"),
    import("react-use-websocket"),
  ]);
  // It ships CommonJS with `exports.default`; imported from ESM, Node's default is the whole `module.exports`.
  useWebSocket = cjs.default.default;
  // A render error would otherwise only be logged, and read as "never connects".
  const root = createRoot(document.createElement("div"), {
    onUncaughtError: (error) => uncaughtErrors.push(error),
  });
  // Rendered once, so `options` is the same object on every render, as an app's stable options would be.
  root.render(createElement(Client, { url, options }));
}

/** Errors React caught while rendering; the run fails on the first. */
const uncaughtErrors = [];

/** A port on loopback that nothing listens on: listened on once, then closed. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Replaces the global timers and clocks with a virtual clock that moves only when `advance` is called. Real I/O
 * still happens in real time; virtual time stands still meanwhile, as if it took no time at all.
 */
function installVirtualClock() {
  const real = { setTimeout, clearTimeout, setImmediate };
  const epoch = Date.now();
  const clock = { now: 0, activity: 0, timers: new Map() };
  let nextId = 0;
  // Numeric handles, as in a browser: these are browser libraries.
  const virtualSetTimeout = (callback, ms, ...args) => {
    const id = ++nextId;
    clock.timers.set(id, { id, at: clock.now + Math.max(0, Number(ms) || 0), callback, args });
    clock.activity++;
    return id;
  };
  const virtualClearTimeout = (id) => {
    if (clock.timers.delete(Number(id))) clock.activity++;
  };
  globalThis.setTimeout = virtualSetTimeout;
  globalThis.clearTimeout = virtualClearTimeout;
  // react-use-websocket calls window.setTimeout, which under happy-dom is the Window's own.
  if (globalThis.window && globalThis.window !== globalThis) {
    globalThis.window.setTimeout = virtualSetTimeout;
    globalThis.window.clearTimeout = virtualClearTimeout;
  }
  Date.now = () => epoch + clock.now;
  performance.now = () => clock.now;
  clock.real = real;
  /** The timer due first (ties in the order they were set), or undefined when none is pending. */
  clock.next = () => {
    let first;
    for (const timer of clock.timers.values()) if (!first || timer.at < first.at) first = timer;
    return first;
  };
  /** Moves virtual time to `timer` and runs it. */
  clock.fire = (timer) => {
    clock.now = Math.max(clock.now, timer.at);
    clock.timers.delete(timer.id);
    clock.activity++;
    timer.callback(...timer.args);
  };
  return clock;
}

/** `ws` with every construction recorded at the virtual time, and every socket tracked until its real close. */
function recordingWebSocket(WebSocket, clock, attempts, inFlight) {
  return class RecordingWebSocket extends WebSocket {
    constructor(...args) {
      attempts.push(clock.now);
      clock.activity++;
      super(...args);
      let closed;
      inFlight.set(
        this,
        new Promise((resolve) => {
          closed = resolve;
        }),
      );
      // In Node `ws` throws on an "error" nobody listens to, where a browser would not; some libraries detach their
      // handlers before the error arrives. A listener of our own keeps the process alive as a page would be.
      this.on("error", () => {});
      this.once("close", () => {
        inFlight.delete(this);
        clock.activity++;
        closed();
      });
    }
  };
}

/** Runs one library in this (child) process and returns the virtual times of its attempts. */
async function child(library) {
  // react-dom looks for a document once, when it loads, so the DOM goes in first (as in renders.mjs). Node 20 has no
  // navigator; later versions define it as a getter, hence defineProperty rather than assignment.
  if (library.startsWith("react-use-websocket")) {
    const { Window } = await import("happy-dom");
    const window = new Window({ url: "http://localhost/" });
    for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator })) {
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
    await import("react-dom/client");
  }
  const port = await closedPort();
  const { WebSocket } = await import("ws");
  const clock = installVirtualClock();
  const attempts = [];
  const inFlight = new Map();
  const RecordingWebSocket = recordingWebSocket(WebSocket, clock, attempts, inFlight);
  globalThis.WebSocket = RecordingWebSocket;

  const turn = () => new Promise((resolve) => clock.real.setImmediate(resolve));
  /** Waits until every socket has had its real close event and nothing has happened for QUIET_TURNS turns. */
  async function settle() {
    let quiet = 0;
    while (quiet < QUIET_TURNS) {
      const before = clock.activity;
      if (inFlight.size > 0) {
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = clock.real.setTimeout(
            () => reject(new Error("no close event from a refused connection")),
            CLOSE_TIMEOUT_MS,
          );
        });
        await Promise.race([Promise.all(inFlight.values()), timeout]);
        clock.real.clearTimeout(timer);
      }
      await turn();
      quiet = clock.activity === before && inFlight.size === 0 ? quiet + 1 : 0;
    }
  }

  let stoppedBecause;
  let error;
  try {
    await LIBRARIES[library]({ url: `ws://127.0.0.1:${port}/`, WebSocket: RecordingWebSocket });
    for (;;) {
      await settle();
      if (uncaughtErrors.length > 0) throw uncaughtErrors[0];
      if (attempts.length >= ATTEMPT_LIMIT) {
        stoppedBecause = "attempt-limit";
        break;
      }
      const next = clock.next();
      if (!next) {
        stoppedBecause = "no-timer";
        break;
      }
      if (next.at > VIRTUAL_LIMIT_MS) {
        stoppedBecause = "virtual-hour";
        break;
      }
      clock.fire(next);
    }
  } catch (caught) {
    stoppedBecause = "error";
    error = String(caught?.stack ?? caught);
  }
  process.send({ attempts, stoppedBecause, error }, () => process.exit(0));
}

/** Forks this file for one run of `library`; resolves with what the child measured. */
function runChild(library) {
  return new Promise((resolve, reject) => {
    // silent: the libraries' own console warnings (e.g. "Max reconnect attempts of 20 exceeded") would break up
    // the table; they are kept and shown only if the child fails.
    // execArgv: [] because the child needs no flags, and a parent's (say --input-type with -e) would break it.
    const worker = fork(fileURLToPath(import.meta.url), ["child", library], { silent: true, execArgv: [] });
    let output = "";
    worker.stdout.on("data", (chunk) => {
      output += chunk;
    });
    worker.stderr.on("data", (chunk) => {
      output += chunk;
    });
    let result;
    const timer = setTimeout(() => worker.kill(), CHILD_TIMEOUT_MS);
    worker.on("message", (message) => {
      result = message;
    });
    worker.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (result && !result.error) return resolve(result);
      reject(new Error(`${library}: ${result?.error ?? `exited with ${signal ?? code}`}\n${output}`));
    });
  });
}

const gaps = (times) => times.slice(1).map((time, index) => time - times[index]);

/**
 * Runs every library RUNS times, each in a process of its own.
 * @returns {Promise<{ name: string, runs: { attempts: number[], delays: number[], stoppedBecause: string }[],
 *   randomized: boolean, gaveUpAfter: number | null }[]>} times and delays in virtual milliseconds; gaveUpAfter is
 *   the number of attempts made before no retry was left pending, or null if it was still retrying at the limit.
 */
export async function measureSchedules() {
  const names = Object.keys(LIBRARIES);
  const results = await Promise.all(
    names.map((name) => Promise.all(Array.from({ length: RUNS }, () => runChild(name)))),
  );
  return names.map((name, index) => {
    const runs = results[index].map(({ attempts, stoppedBecause }) => ({
      attempts,
      delays: gaps(attempts),
      stoppedBecause,
    }));
    const [first] = runs;
    return {
      name,
      runs,
      randomized: runs.some((run) => run.delays.join() !== first.delays.join()),
      gaveUpAfter: first.stoppedBecause === "no-timer" ? first.attempts.length : null,
    };
  });
}

function describeStop(row) {
  if (row.gaveUpAfter === 1) return "1 (never reconnects)";
  if (row.gaveUpAfter !== null) return String(row.gaveUpAfter);
  const [run] = row.runs;
  if (run.stoppedBecause === "virtual-hour") return "none within 1 h";
  return `none in ${run.attempts.length}`;
}

if (process.argv[2] === "child") {
  await child(process.argv[3]);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await measureSchedules();
  report("schedule", {
    title: "Default reconnect schedule against a closed port",
    method: `Each library runs with its defaults in a Node process of its own, connecting with \`ws\` to a loopback port nothing listens on; setTimeout, Date.now and performance.now are a virtual clock that jumps to the next due timer once each refused connection's real close event has been delivered and the process is idle. A delay is the virtual time between two WebSocket constructions; each library runs twice, and differing delays mean randomized.`,
    columns: [
      "client",
      `delays between the first ${SHOWN_DELAYS + 1} attempts (s)`,
      "randomized",
      "attempts before giving up",
    ],
    rows: rows.map((row) => [
      row.name,
      row.runs[0].delays.length === 0
        ? "—"
        : row.runs[0].delays
            .slice(0, SHOWN_DELAYS)
            .map((delay) => (delay / 1000).toFixed(1))
            .join(", "),
      row.randomized ? "yes" : "no",
      describeStop(row),
    ]),
    notes: [
      "Randomized rows show the first run; every run draws other delays.",
      `Attempts are followed up to ${ATTEMPT_LIMIT} or a virtual hour, so a finite retry limit shows even though only the first ${SHOWN_DELAYS} delays are printed.`,
      "reconnecting-websocket draws its random minimum delay (1–5 s) once per page load, when the module is evaluated: every socket on the page shares that one schedule, and no retry draws anew. Two processes show it as randomized; two sockets in one page would not.",
      "A refused connection costs no virtual time: the delays are the libraries' waits alone. In a browser the time a failing attempt takes is added to each.",
    ],
  });
}
