import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { expect, type Page, test } from "@playwright/test";
import { build } from "esbuild";

// Issue 20: the banner fits the page around it. Under an OS dark mode a light app with data-theme="light" on <html> or
// on a wrapper still got a dark banner, and the banner pushed the page down by about 65 px when it appeared. Here a
// page as a fresh app writes it imports only @lifeline/ui/banner.css, a real socket in Chromium talks to a real `ws`
// server, and a 4403 from the server (a rejection, shown at once) brings the banner up.

const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const ENTRY = `
import "@lifeline/ui/banner.css";
import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { ConnectionBanner } from "@lifeline/ui";
import { createRoot } from "react-dom/client";
import { jsx, jsxs } from "react/jsx-runtime";

const params = new URLSearchParams(location.search);
const socket = (window.socket = createSocket(params.get("ws"), { use: [browser()] }));
if (params.has("htmlTheme")) document.documentElement.dataset.theme = params.get("htmlTheme");
if (params.has("scheme")) document.documentElement.style.colorScheme = params.get("scheme");
const placement = params.get("placement");
const wrapper = params.has("wrapperTheme") ? { "data-theme": params.get("wrapperTheme") } : {};
createRoot(document.getElementById("root")).render(
  jsxs("div", {
    ...wrapper,
    children: [
      jsx(ConnectionBanner, { source: socket, ...(placement ? { placement } : {}) }),
      jsx("main", { id: "content", children: jsx("h1", { children: "The app" }) }),
    ],
  }),
);
`;

let page: Server;
let origin: string;
let ws: FaultyServer;
let css: string;

test.beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: DEMO, loader: "js" },
    bundle: true,
    format: "esm",
    outdir: "out",
    write: false,
    conditions: ["production"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles.find((file) => file.path.endsWith(".js"))!.text;
  css = bundle.outputFiles.find((file) => file.path.endsWith(".css"))!.text;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Banner</title>
<link rel="stylesheet" href="/app.css"></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;
  page = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/") return void response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    if (path === "/app.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    if (path === "/app.css") return void response.writeHead(200, { "Content-Type": "text/css" }).end(css);
    response.writeHead(path === "/favicon.ico" ? 204 : 404).end();
  });
  await new Promise<void>((done) => page.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  ws = await startFaultyServer({ echo: false });
});

test.afterAll(async () => {
  await ws.stop();
  await new Promise((done) => page.close(done));
});

/** Opens the page, waits for the socket to be open, and returns once the banner is hidden and has its styles. */
async function open(tab: Page, query: Record<string, string> = {}) {
  const search = new URLSearchParams({ ws: ws.url, ...query });
  await tab.goto(`${origin}/?${search}`);
  await tab.waitForFunction(
    () =>
      (window as unknown as { socket: { getSnapshot(): { status: string } } }).socket.getSnapshot().status === "open",
    undefined,
    { timeout: 10_000 },
  );
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", "hidden");
}

/** The server rejects the connection with 4403: the banner shows "forbidden" at once, in the danger colours. */
async function reject(tab: Page) {
  expect(ws.closeAll(4403, "")).toBeGreaterThanOrEqual(1);
  await expect(tab.locator(".ll-banner")).toHaveAttribute("data-state", "forbidden", { timeout: 10_000 });
  await expect(tab.getByRole("alert")).toHaveText("Rejected: access denied.");
}

const background = (tab: Page) =>
  tab.locator(".ll-banner").evaluate((element) => getComputedStyle(element).backgroundColor);
// The danger tone's two backgrounds, #ffebe9 and #4c0014; polled, as the banner fades its colour in.
const LIGHT = "rgb(255, 235, 233)";
const DARK = "rgb(76, 0, 20)";

test.describe("under an OS dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("a light app's data-theme on <html> makes the banner light", async ({ page: tab }) => {
    await open(tab, { htmlTheme: "light" });
    await reject(tab);
    await expect.poll(() => background(tab)).toBe(LIGHT);
  });

  test("a light wrapper's data-theme makes the banner light, the nearest data-theme winning", async ({ page: tab }) => {
    await open(tab, { htmlTheme: "dark", wrapperTheme: "light" });
    await reject(tab);
    await expect.poll(() => background(tab)).toBe(LIGHT);
  });

  test("a page whose color-scheme is light gets a light banner", async ({ page: tab }) => {
    await open(tab, { scheme: "light" });
    await reject(tab);
    await expect.poll(() => background(tab)).toBe(LIGHT);
  });

  test("a page that offers both schemes follows the OS and gets a dark banner", async ({ page: tab }) => {
    await open(tab, { scheme: "light dark" });
    await reject(tab);
    await expect.poll(() => background(tab)).toBe(DARK);
  });
});

test("under an OS light mode, a dark wrapper's data-theme makes the banner dark", async ({ page: tab }) => {
  await tab.emulateMedia({ colorScheme: "light" });
  await open(tab, { wrapperTheme: "dark" });
  await reject(tab);
  await expect.poll(() => background(tab)).toBe(DARK);
});

test("by default the banner floats at the top and the page does not move when it appears", async ({ page: tab }) => {
  await open(tab);
  const content = tab.locator("#content");
  const before = await content.boundingBox();
  await reject(tab);
  const banner = await tab.locator(".ll-banner").boundingBox();
  expect(await content.boundingBox()).toEqual(before);
  // Over the page, near the top of the viewport, with room to read it.
  expect(banner!.y).toBeGreaterThanOrEqual(0);
  expect(banner!.y).toBeLessThan(24);
  expect(banner!.height).toBeGreaterThan(30);
  await expect(tab.locator(".ll-banner")).toHaveCSS("position", "fixed");
});

test('placement="bottom" floats at the bottom, and the page does not move either', async ({ page: tab }) => {
  await open(tab, { placement: "bottom" });
  const content = tab.locator("#content");
  const before = await content.boundingBox();
  await reject(tab);
  const banner = await tab.locator(".ll-banner").boundingBox();
  const viewport = tab.viewportSize()!;
  expect(await content.boundingBox()).toEqual(before);
  expect(viewport.height - (banner!.y + banner!.height)).toBeGreaterThanOrEqual(0);
  expect(viewport.height - (banner!.y + banner!.height)).toBeLessThan(24);
});

test('placement="inline" sits in the flow and pushes the page down, as asked', async ({ page: tab }) => {
  await open(tab, { placement: "inline" });
  const content = tab.locator("#content");
  const before = await content.boundingBox();
  await reject(tab);
  const banner = await tab.locator(".ll-banner").boundingBox();
  const after = await content.boundingBox();
  expect(after!.y - before!.y).toBeCloseTo(banner!.height, 0);
});

test("@lifeline/ui/banner.css carries the banner's styles and nothing else", () => {
  expect(css).toContain(".ll-banner");
  expect(css).not.toMatch(/\.ll-(timeline|close)/);
});
