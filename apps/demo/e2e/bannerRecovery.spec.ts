import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { expect, type Page, test } from "@playwright/test";
import { build } from "esbuild";

// Issue 14: recovery is a connection that held, not a bare `open`. Against a server that accepts each upgrade and
// cuts it at once, every 1 ms open hid "Connection lost", flashed "Reconnected." and started the grace period over
// (`1781 lost > 1973 reconnecting > 1977 hidden > 1979 recovered > 1979 hidden`), and between "Reconnecting…" and
// "Reconnected." the banner went blank for 7-50 ms. Issue 20: "held" then meant the socket's 5 s minUptimeMs, so
// "Reconnecting…" stayed for five seconds of a working connection, a renewed token showed a banner, and the page's
// first connection had no grace period. Here a real socket in Chromium talks to a real `ws` server
// (@lifeline/testing's faulty server), and the page logs every change of the banner's words with its time, from a
// MutationObserver, and the banner's state in every animation frame.

const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The socket's default `reconnect.minUptimeMs`: the test leaves it alone, as an app would. */
const MIN_UPTIME_MS = 5000;
/** The banner's defaults: `timing.heldMs`, `timing.graceMs` and `timing.recoveredMs`. */
const HELD_MS = 1000;
const GRACE_MS = 1500;
const RECOVERED_MS = 3000;

// What an app does: a socket and the banner over it. A short, fixed backoff gives many opens in a few seconds. The
// credential hook works at once, as a token refresh against a healthy auth server does.
const ENTRY = `
import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { ConnectionBanner } from "@lifeline/ui";
import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";

const params = new URLSearchParams(location.search);
const url = params.get("ws");
const backoff = Number(params.get("backoff") ?? 300);
const random = params.get("random");
const socket = createSocket(url, {
  use: [browser()],
  reconnect: { backoff: { baseMs: backoff, maxMs: backoff } },
  environment: random === null ? {} : { random: () => Number(random) },
  refreshCredentials: async () => {},
});
const log = (window.bannerLog = []);
const frames = (window.bannerFrames = []);
const statuses = (window.socketLog = []);
socket.subscribe(() => {
  const { status, stableAt, lastClose } = socket.getSnapshot();
  statuses.push({ at: performance.now(), status, held: stableAt !== null, code: lastClose?.code ?? null });
});
const root = document.getElementById("root");
const read = () => {
  const banner = root.querySelector(".ll-banner");
  const title = [...root.querySelectorAll(".ll-banner__title")].map((node) => node.textContent).join("");
  const message = root.querySelector(".ll-banner__message")?.textContent ?? "";
  return { state: banner?.dataset.state ?? "none", text: [title, message].filter(Boolean).join(" ") };
};
// Every DOM change, as it is committed: a state that lasts a single commit shows up here too.
new MutationObserver(() => {
  const now = read();
  const last = log.at(-1);
  if (!last || last.state !== now.state || last.text !== now.text) log.push({ at: performance.now(), ...now });
}).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
// What each painted frame showed.
const sample = () => {
  const { state } = read();
  if (frames.at(-1)?.state !== state) frames.push({ at: performance.now(), state });
  requestAnimationFrame(sample);
};
requestAnimationFrame(sample);
createRoot(root).render(jsx(ConnectionBanner, { source: socket }));
`;

type Entry = { at: number; state: string; text: string };
type Frame = { at: number; state: string };
type Status = { at: number; status: string; held: boolean; code: number | null };

let page: Server;
let origin: string;
let ws: FaultyServer;
// What the server does with each upgrade it accepts: cut it at once (no Close frame, the client sees 1006) or keep it.
let mode: "cut" | "hold" = "cut";

test.beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: DEMO, loader: "js" },
    bundle: true,
    format: "esm",
    write: false,
    conditions: ["production"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Recovery</title></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;
  page = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/") return void response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    if (path === "/app.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    response.writeHead(path === "/favicon.ico" ? 204 : 404).end();
  });
  await new Promise<void>((done) => page.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  ws = await startFaultyServer({
    echo: false,
    onConnection: (socket) => {
      if (mode === "cut") socket.terminate();
    },
  });
});

test.afterAll(async () => {
  await ws.stop();
  await new Promise((done) => page.close(done));
});

async function logs(tab: Page) {
  return tab.evaluate(() => {
    const w = window as unknown as { bannerLog: Entry[]; bannerFrames: Frame[]; socketLog: Status[] };
    return { banner: w.bannerLog, frames: w.bannerFrames, statuses: w.socketLog };
  });
}

const show = (banner: readonly Entry[]) => banner.map((entry) => `${Math.round(entry.at)} ${entry.state}`).join(" > ");

test("a server that cuts every connection at once: the banner stays on the loss, never says Reconnected, never blanks", async ({
  page: tab,
}) => {
  mode = "cut";
  const before = ws.acceptedConnections;
  await tab.goto(`${origin}/?ws=${encodeURIComponent(ws.url)}`);
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", /^(lost|reconnecting)$/);
  // Counted on the server: a dozen upgrades accepted and cut after the banner first showed.
  const shownAt = ws.acceptedConnections;
  await expect.poll(() => ws.acceptedConnections, { timeout: 30_000 }).toBeGreaterThanOrEqual(shownAt + 12);
  const { banner, frames, statuses } = await logs(tab);
  expect(ws.acceptedConnections - before).toBeGreaterThanOrEqual(12);

  // The page really opened each time: the socket went to `open`, and none of those held.
  const opens = statuses.filter((entry) => entry.status === "open");
  expect(opens.length).toBeGreaterThanOrEqual(12);
  expect(statuses.some((entry) => entry.held)).toBe(false);

  const states = banner.map((entry) => entry.state);
  expect(states, show(banner)).not.toContain("recovered");
  expect(banner.map((entry) => entry.text).join("\n")).not.toContain("Reconnected.");
  // Hidden only at first (the grace period); once the banner showed, never empty again, in any commit or frame.
  const first = banner.findIndex((entry) => entry.state !== "hidden");
  expect(first, show(banner)).toBeGreaterThan(0);
  const after = banner.slice(first);
  expect(
    after.filter((entry) => entry.state === "hidden" || entry.text === ""),
    show(banner),
  ).toEqual([]);
  expect(new Set(after.map((entry) => entry.state))).toEqual(new Set(["lost", "reconnecting"]));
  const firstFrame = frames.findIndex((frame) => frame.state !== "hidden" && frame.state !== "none");
  expect(frames.slice(firstFrame).filter((frame) => frame.state === "hidden")).toEqual([]);
  // The grace period ran once, from the first attempt: the short opens did not start it over.
  expect(after.length).toBeGreaterThanOrEqual(4);
});

test("a server that then holds the connection: Reconnected. about a second after the open, not after the socket's minimum uptime", async ({
  page: tab,
}) => {
  mode = "cut";
  await tab.goto(`${origin}/?ws=${encodeURIComponent(ws.url)}`);
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", /^(lost|reconnecting)$/);
  mode = "hold";
  await expect(tab.getByRole("status")).toHaveText("Reconnected.", { timeout: 15_000 });
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", "hidden", { timeout: 10_000 });
  const { banner, frames, statuses } = await logs(tab);
  // Counted on the server: the one connection that was kept is still open.
  expect(ws.openConnections).toBe(1);

  const keptOpen = statuses.filter((entry) => entry.status === "open").at(-1);
  expect(keptOpen).toBeTruthy();
  const recovered = banner.filter((entry) => entry.state === "recovered");
  // Said once, once the connection held for the banner's heldMs: not at the open, and well before the socket's 5 s
  // minimum uptime (it came 5 s after the open before issue 20). The upper bound leaves a loaded machine 1.5 s.
  expect(recovered.map((entry) => entry.text)).toEqual(["Reconnected."]);
  const afterOpen = recovered[0]!.at - keptOpen!.at;
  expect(afterOpen, show(banner)).toBeGreaterThanOrEqual(HELD_MS - 20);
  expect(afterOpen, show(banner)).toBeLessThan(HELD_MS + 1500);
  expect(afterOpen).toBeLessThan(MIN_UPTIME_MS);
  // And gone a few seconds later.
  const hidden = banner.at(-1)!;
  expect(hidden.state).toBe("hidden");
  expect(hidden.at - recovered[0]!.at).toBeGreaterThanOrEqual(RECOVERED_MS - 20);
  expect(hidden.at - recovered[0]!.at).toBeLessThan(RECOVERED_MS + 1500);

  // From the first shown state to "Reconnected.", nothing empty; while the kept connection was new, "Reconnecting…".
  const first = banner.findIndex((entry) => entry.state !== "hidden");
  const end = banner.indexOf(recovered[0]!);
  const trouble = banner.slice(first, end);
  expect(
    trouble.filter((entry) => entry.state === "hidden" || entry.text === ""),
    show(banner),
  ).toEqual([]);
  expect(banner[end - 1]).toMatchObject({ state: "reconnecting", text: "Reconnecting…" });
  // Then hidden, the only empty state after the first shown one.
  expect(banner.slice(end + 1).map((entry) => entry.state)).toEqual(["hidden"]);
  const firstFrame = frames.findIndex((frame) => frame.state !== "hidden" && frame.state !== "none");
  const recoveredFrame = frames.findIndex((frame) => frame.state === "recovered");
  expect(frames.slice(firstFrame, recoveredFrame).filter((frame) => frame.state === "hidden")).toEqual([]);
  console.log(`banner: ${show(banner)}`);
});

test("an expired token that refreshCredentials renews shows no banner at all", async ({ page: tab }) => {
  mode = "hold";
  await tab.goto(`${origin}/?ws=${encodeURIComponent(ws.url)}`);
  // Settled, as a page is long before its token expires: open, and held by the socket's own measure.
  await expect.poll(async () => (await logs(tab)).statuses.some((entry) => entry.held), { timeout: 15_000 }).toBe(true);
  const before = (await logs(tab)).statuses.length;
  expect(ws.closeAll(4401, "token expired")).toBe(1);
  // The socket refreshes, tries once more, is back, and this time holds by the socket's measure too: 5 s, longer than
  // the grace period, heldMs and "Reconnected." together, so anything the banner was going to say, it has said.
  await expect
    .poll(async () => (await logs(tab)).statuses.slice(before).some((entry) => entry.held), { timeout: 20_000 })
    .toBe(true);
  const { banner, frames, statuses } = await logs(tab);
  const after = statuses.slice(before);
  // One refresh, one attempt, back open.
  expect(after[0]).toMatchObject({ status: "reconnecting", code: 4401 });
  expect(after.filter((entry) => entry.status === "connecting")).toHaveLength(1);
  expect(after.at(-1)).toMatchObject({ status: "open", held: true });
  expect(ws.openConnections).toBe(1);
  const reopened = after.find((entry) => entry.status === "open")!;
  console.log(`4401 to open again: ${Math.round(reopened.at - after[0]!.at)} ms; banner: ${show(banner)}`);
  // Nothing in any commit or frame: the recovery was inside the grace period.
  expect(
    banner.filter((entry) => entry.state !== "hidden"),
    show(banner),
  ).toEqual([]);
  expect(frames.filter((frame) => frame.state !== "hidden" && frame.state !== "none")).toEqual([]);
});

test("the page's first connection gets the grace period and the restart's words", async ({ page: tab }) => {
  mode = "hold";
  // Pinned jitter and a 5 s backoff: the restart's first retry comes 0.6 s after its close and fails, the next ones
  // come a second apart, so the grace period ends between failed handshakes, before the third ("Can't reach the
  // server.").
  await tab.goto(`${origin}/?ws=${encodeURIComponent(ws.url)}&random=0.2&backoff=5000`);
  await expect.poll(async () => (await logs(tab)).statuses.some((entry) => entry.status === "open")).toBe(true);
  // A restart while the first connection is two seconds old: past the banner's heldMs, short of the socket's 5 s.
  await tab.waitForFunction(
    (held) => {
      const log = (window as unknown as { socketLog: Status[] }).socketLog;
      const open = log.find((entry) => entry.status === "open");
      return open !== undefined && performance.now() - open.at > held;
    },
    HELD_MS + 1000,
    { timeout: 10_000 },
  );
  // 1012 to everyone, then every handshake refused at the TCP level while the server is down.
  ws.restart({ refuseMs: 4000 });
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", "restarting", { timeout: 10_000 });
  await expect(tab.getByRole("status")).toHaveText("The server is restarting.");
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", "hidden", { timeout: 20_000 });
  const { banner, statuses } = await logs(tab);
  const closedAt = statuses.find((entry) => entry.code === 1012)!.at;
  const shown = banner.filter((entry) => entry.state !== "hidden");
  // Quiet for the grace period after the close, as after any later connection (it said "Connection lost." 200 ms
  // after the drop before issue 20); then the restart, never "lost", while the handshakes after it fail.
  expect(shown[0]!.at - closedAt, show(banner)).toBeGreaterThanOrEqual(GRACE_MS - 20);
  expect(shown[0]!.state, show(banner)).toMatch(/^(restarting|reconnecting)$/);
  expect(
    shown.map((entry) => entry.state),
    show(banner),
  ).not.toContain("lost");
  console.log(`1012 at ${Math.round(closedAt)}`);
  expect(banner.map((entry) => entry.text).join("\n")).not.toContain("Connection lost.");
  console.log(`banner: ${show(banner)}`);
});
