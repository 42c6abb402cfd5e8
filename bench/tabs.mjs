// One connection for the tabs of a browser profile (issue 22), in Chromium: 10 pages of one browser context (so they
// share Web Locks and BroadcastChannel, as a user's tabs do) each make a socket to one `ws` server, first with
// createSocket(url) alone, then with tabs({ key }). The server counts connections and sends numbered, timestamped
// messages; every page notes when each one reached its socket's onMessage listener. Prints the connections the server
// holds and how much later a message reaches a follower (through the leader's BroadcastChannel) than the leader
// itself, median and p99. Needs Debian's Chromium (scripts/chromium.mjs); without one it says so and skips.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { WebSocketServer } from "ws";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";
import { median, report } from "./report.mjs";

const TABS = Number(process.env.TABS ?? 10);
const MESSAGES = Number(process.env.MESSAGES ?? 200);
const SPACING_MS = Number(process.env.SPACING_MS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
// Sent before the measured ones and left out: the first messages also pay for the pages' code warming up.
const WARMUP = 20;

const TITLE = `Tabs: ${TABS} tabs of one browser profile, one server, median of ${ROUNDS} rounds`;
const METHOD = `Chromium (headless, Debian's), ${TABS} pages of one browser context on one origin, opened one after another; each page's script is a production esbuild bundle of createSocket (+ tabs() from @lifeline/core/tabs). Once every page's snapshot is open (and, with tabs(), one leads and ${TABS - 1} follow), the server counts its connections, then sends ${WARMUP} warm-up and ${MESSAGES} measured messages ${SPACING_MS} ms apart, each carrying its number and the time it was sent. Each page notes the arrival of each message at its socket's onMessage listener. "Added for a follower" is, per message and follower, its arrival at the follower minus its arrival at the leader; median and p99 are taken over all follower deliveries of a round, then the median of the rounds is shown.`;

const { executablePath } = chromiumLaunchOptions;
if (!existsSync(executablePath)) {
  const why = `skipped: no Chromium at ${executablePath} (install Debian's chromium, or set CHROMIUM_PATH to one)`;
  console.log(`[bench] tabs.mjs ${why}.`);
  // Still a section in BENCHMARKS.md, so that a missing table says why instead of vanishing.
  report("tabs", { title: TITLE, method: METHOD, columns: ["10 tabs, each with", "result"], rows: [["—", why]] });
  process.exit(0);
}

const benchDir = fileURLToPath(new URL(".", import.meta.url));
if (!existsSync(`${benchDir}node_modules/@lifeline/core/dist/tabs/index.js`)) {
  throw new Error(
    "[@lifeline/bench] @lifeline/core is not built. Run `pnpm turbo run build` first (`pnpm bench` does).",
  );
}

// What each tab runs. The arrival time is taken before anything else, on the clock the server's timestamps are on
// too (both are wall-clock time origins plus a monotonic offset, on one machine).
const PAGE_SCRIPT = `
import { createSocket } from "@lifeline/core";
import { tabs } from "@lifeline/core/tabs";
const shared = new URLSearchParams(location.search).get("tabs") === "on";
const socket = createSocket(\`ws://\${location.host}/\`, shared ? { use: [tabs({ key: "bench" })] } : {});
const arrivals = [];
socket.onMessage((data) => {
  arrivals.push(performance.timeOrigin + performance.now(), data);
});
window.bench = {
  state() {
    const snapshot = socket.getSnapshot();
    return { status: snapshot.status, role: snapshot.tab?.role ?? null, tabs: snapshot.tab?.tabs ?? 1 };
  },
  arrivals() {
    const out = [];
    for (let index = 0; index < arrivals.length; index += 2) {
      const message = JSON.parse(arrivals[index + 1]);
      out.push([message.seq, arrivals[index], message.sentAt]);
    }
    return out;
  },
};
`;

// As size.mjs bundles for an app's production build.
const bundled = await build({
  stdin: { contents: PAGE_SCRIPT, resolveDir: benchDir, loader: "js" },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  define: { "process.env.NODE_ENV": '"production"' },
  conditions: ["production"],
  write: false,
  logLevel: "silent",
});
const pageCode = bundled.outputFiles[0].text;

// The page and the WebSocket on one HTTP server: every page has the same origin, so they share locks and channels.
const http = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
  if (pathname === "/bench.js") {
    response.writeHead(200, { "content-type": "text/javascript" });
    response.end(pageCode);
  } else if (pathname === "/") {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(
      '<!doctype html><meta charset="utf-8"><title>tabs</title><script type="module" src="/bench.js"></script>',
    );
  } else {
    response.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server: http });
let opened = 0;
wss.on("connection", () => {
  opened++;
});
// Port 0: the system picks a free one, so a run never collides with a dev server or another run.
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${http.address().port}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

/** Nearest-rank percentile. */
function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * fraction) - 1)];
}

/** Polls every page until `done(states)` holds; a slow, loaded machine gets a generous deadline. */
async function until(pages, done, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(pages.map((page) => page.evaluate(() => window.bench?.state() ?? null)));
    if (states.every(Boolean) && done(states)) return states;
    if (Date.now() > deadline) {
      throw new Error(
        `[@lifeline/bench] ${what} did not happen within ${timeoutMs} ms (the tabs' states: ${JSON.stringify(states)}). Build the packages from this tree (\`pnpm bench\` does) and rerun on a less busy machine.`,
      );
    }
    await sleep(50);
  }
}

async function sendNumbered(from, count) {
  for (let seq = from; seq < from + count; seq++) {
    for (const client of wss.clients) client.send(JSON.stringify({ seq, sentAt: now() }));
    await sleep(SPACING_MS);
  }
}

/** One setup in a fresh browser context: opens the tabs, counts connections, times the messages. */
async function measure(browser, shared) {
  const context = await browser.newContext();
  const problems = [];
  try {
    opened = 0;
    const pages = [];
    for (let index = 0; index < TABS; index++) {
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(String(error)));
      await page.goto(`${origin}/?tabs=${shared ? "on" : "off"}`);
      pages.push(page);
    }
    const expectedRoles = shared ? ["leader", ...Array(TABS - 1).fill("follower")].sort() : Array(TABS).fill(null);
    const states = await until(
      pages,
      (all) =>
        all.every((state) => state.status === "open" && state.tabs === (shared ? TABS : 1)) &&
        JSON.stringify(all.map((state) => state.role).sort()) === JSON.stringify(expectedRoles),
      shared ? `1 leader and ${TABS - 1} followers, all open` : `${TABS} open sockets`,
    );
    const connections = { open: wss.clients.size, opened };

    await sendNumbered(-WARMUP, WARMUP + MESSAGES);
    const arrivals = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const all = await Promise.all(pages.map((page) => page.evaluate(() => window.bench.arrivals())));
        if (all.every((list) => list.length >= WARMUP + MESSAGES)) return all;
        if (Date.now() > deadline) {
          throw new Error(
            `[@lifeline/bench] Not every tab received the ${WARMUP + MESSAGES} messages within 60 s (they got ${all.map((list) => list.length).join(", ")}). ${problems.join(" ")} Rerun on a less busy machine, or with fewer MESSAGES.`,
          );
        }
        await sleep(100);
      }
    })();
    if (problems.length)
      throw new Error(`[@lifeline/bench] A tab's script threw: ${problems.join(" ")}. Fix it and rerun.`);
    const measured = arrivals.map(
      (list) => new Map(list.filter(([seq]) => seq >= 0).map(([seq, at, sent]) => [seq, { at, sent }])),
    );

    const leaderIndex = shared ? states.findIndex((state) => state.role === "leader") : -1;
    const own = [];
    const added = [];
    const viaFollower = [];
    for (const [index, byNumber] of measured.entries()) {
      for (const [seq, { at, sent }] of byNumber) {
        if (!shared || index === leaderIndex) own.push(at - sent);
        else {
          added.push(at - measured[leaderIndex].get(seq).at);
          viaFollower.push(at - sent);
        }
      }
    }
    const spread = (values) => (values.length ? { median: median(values), p99: percentile(values, 0.99) } : null);
    return { connections, own: spread(own), added: spread(added), viaFollower: spread(viaFollower) };
  } finally {
    await context.close();
    // The server forgets the round's sockets before the next one counts.
    const deadline = Date.now() + 10_000;
    while (wss.clients.size > 0 && Date.now() < deadline) await sleep(20);
  }
}

// Other work on the machine shows in the tail figures first, so the table says how busy it was.
const loadAtStart = loadavg()[0].toFixed(2);
const browser = await chromium.launch(chromiumLaunchOptions);
const chromiumVersion = browser.version();
const rounds = { alone: [], shared: [] };
try {
  for (let index = 0; index < ROUNDS; index++) {
    rounds.alone.push(await measure(browser, false));
    rounds.shared.push(await measure(browser, true));
  }
} finally {
  await browser.close();
  await new Promise((resolve) => http.close(resolve));
  wss.close();
}

const ms = (value) => (value === undefined ? "—" : value.toFixed(2));
const pair = (results, key) =>
  results[0][key]
    ? `${ms(median(results.map((r) => r[key].median)))} / ${ms(median(results.map((r) => r[key].p99)))}`
    : "—";
const perRound = (results, key) => results.map((r) => `${ms(r[key].median)}/${ms(r[key].p99)}`).join(" ");
const connectionsOf = (results) => median(results.map((r) => r.connections.open));
const openedOf = (results) => median(results.map((r) => r.connections.opened));

report("tabs", {
  title: TITLE,
  method: METHOD,
  columns: [
    `${TABS} tabs, each with`,
    "server connections",
    "opened",
    "server → leader (own socket) ms, median / p99",
    "added for a follower ms, median / p99",
    "server → follower ms, median / p99",
    "rounds (added median/p99)",
  ],
  rows: [
    [
      "createSocket(url)",
      connectionsOf(rounds.alone),
      openedOf(rounds.alone),
      pair(rounds.alone, "own"),
      "—",
      "—",
      perRound(rounds.alone, "own"),
    ],
    [
      'createSocket(url, { use: [tabs({ key: "bench" })] })',
      connectionsOf(rounds.shared),
      openedOf(rounds.shared),
      pair(rounds.shared, "own"),
      pair(rounds.shared, "added"),
      pair(rounds.shared, "viaFollower"),
      perRound(rounds.shared, "added"),
    ],
  ],
  notes: [
    `Chromium ${chromiumVersion}, headless, with scripts/chromium.mjs's flags; server, browser and this script share the machine's cores, so a follower's delivery competes for CPU with ${TABS - 1} other renderers. The p99 columns follow the machine's load (1-minute load average ${loadAtStart} at the start, over ${cpus().length} cores); compare the medians between runs.`,
    '"server connections" is what the server held once every tab was settled; "opened" counts every connection it accepted from the first tab\'s load on (a tab that connected and then stepped aside would show here).',
    "Server → tab times compare the page's performance.timeOrigin + performance.now() with the server's (Node's) same sum: both are the wall clock at a time origin plus a monotonic offset, so on one machine they agree to well under a millisecond, and Chromium coarsens performance.now() to 0.1 ms. The added latency compares two pages of one browser, the more direct figure.",
    "Playwright shows every page as visible and focused; in a user's browser the followers are mostly background tabs, whose timers Chromium throttles but whose channel messages it delivers as they come.",
    'Without tabs() each tab is its own leader: the "server → leader" column is then every tab\'s own socket, and the per-round column shows that latency, as there are no followers.',
  ],
});
