import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { build } from "esbuild";

// Issue 14: the claim that @lifeline/ui's plain CSS works under a strict Content-Security-Policy, tested. A page
// served with `default-src 'self'; style-src 'self'` (no inline styles, no inline scripts, no eval) renders the
// banner from a production bundle and the package's own styles.css. The banner must be styled, and the browser
// must report no violation at all.

const CSP = "default-src 'self'; style-src 'self'";
const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// What an app does: the banner over a socket, here on a fake WebSocket the page closes with a rate limit, so the
// banner shows without any network.
const ENTRY = `
import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { createFakeWebSocket } from "@lifeline/testing/fake";
import { ConnectionBanner } from "@lifeline/ui";
import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";

const fake = createFakeWebSocket();
const socket = createSocket("wss://example.test/live", { use: [browser()], environment: { WebSocket: fake.WebSocket } });
createRoot(document.getElementById("root")).render(jsx(ConnectionBanner, { source: socket, details: true }));
fake.last().open();
setTimeout(() => fake.last().serverClose(1008, "rate limit: <b>slow down</b>"), 50);
`;

// Issue 23: the devtools' panel, from a production bundle of @lifeline/devtools/production with the panel in its own
// chunk (code splitting, as an app's bundler does), over a socket that asks to be listed (inspectable()), broken on
// purpose from the panel itself.
const DEVTOOLS_ENTRY = `
import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { inspectable } from "@lifeline/core/devtools";
import { createFakeWebSocket } from "@lifeline/testing/fake";
import { LifelineDevtools } from "@lifeline/devtools/production";
import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";

const fake = createFakeWebSocket();
createSocket("wss://example.test/live?token=s3cret", { use: [browser(), inspectable()], environment: { WebSocket: fake.WebSocket } });
fake.last().open();
createRoot(document.getElementById("root")).render(jsx(LifelineDevtools, { initialIsOpen: true, locale: "en" }));
setTimeout(() => fake.last().serverClose(1008, "rate limit: <b>slow down</b>"), 50);
`;

let server: Server;
let origin: string;

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
  const css = readFileSync(resolve(DEMO, "node_modules/@lifeline/ui/dist/styles.css"), "utf8");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title>
<link rel="stylesheet" href="/styles.css"></head><body><div id="root"></div>
<script type="module" src="/app.js"></script></body></html>`;
  const files: Record<string, [string, string]> = {
    "/": ["text/html", html],
    "/app.js": ["text/javascript", script],
    "/styles.css": ["text/css", css],
  };
  const devtools = await build({
    stdin: { contents: DEVTOOLS_ENTRY, resolveDir: DEMO, loader: "js" },
    bundle: true,
    splitting: true,
    format: "esm",
    outdir: "/dt",
    write: false,
    conditions: ["production"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  for (const file of devtools.outputFiles) files[file.path] = ["text/javascript", file.text];
  files["/dt/styles.css"] = [
    "text/css",
    readFileSync(resolve(DEMO, "node_modules/@lifeline/devtools/dist/styles.css"), "utf8"),
  ];
  files["/devtools"] = [
    "text/html",
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP devtools</title>
<link rel="stylesheet" href="/dt/styles.css"></head><body><div id="root"></div>
<script type="module" src="/dt/stdin.js"></script></body></html>`,
  ];
  server = createServer((request, response) => {
    const file = files[request.url ?? "/"];
    // The browser asks for a favicon by itself; a 404 would show up as an error below.
    if (!file) return void response.writeHead(request.url === "/favicon.ico" ? 204 : 404).end();
    response.writeHead(200, { "Content-Type": file[0], "Content-Security-Policy": CSP }).end(file[1]);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((done) => server.close(done));
});

/** Collects the page's errors and every CSP violation the browser reports. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return problems;
}

test("the banner is styled under a strict CSP, and the browser reports no violation", async ({ page }) => {
  const problems = await watchProblems(page);
  const response = await page.goto(origin);
  expect(response?.headers()["content-security-policy"]).toBe(CSP);

  const banner = page.locator(".ll-banner");
  await expect(banner).toHaveAttribute("data-state", "rate-limited");
  await expect(banner).toContainText("Rejected: rate limited.");
  // Styled by styles.css: the stylesheet loaded, and its rules apply (not the browser's defaults).
  const look = await banner.evaluate((element) => {
    const style = getComputedStyle(element);
    return { background: style.backgroundColor, radius: style.borderTopLeftRadius, padding: style.paddingTop };
  });
  expect(look.background).not.toBe("rgba(0, 0, 0, 0)");
  expect(look.padding).not.toBe("0px");
  // The reason, opted in under Details, is text: its tag is shown, never made into an element.
  await banner.locator("summary").click();
  await expect(banner).toContainText("rate limit: <b>slow down</b>");
  await expect(banner.locator("b")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("the devtools' panel is styled under a strict CSP, its faults work, and the browser reports no violation", async ({
  page,
}) => {
  const problems = await watchProblems(page);
  const response = await page.goto(`${origin}/devtools`);
  expect(response?.headers()["content-security-policy"]).toBe(CSP);
  const region = page.getByRole("region", { name: "Lifeline sockets" });
  const card = region.locator("section").first();
  await expect(card).toContainText("wss://example.test/live");
  await expect(card).not.toContainText("s3cret");
  await expect(card).toContainText("1008");
  // The server's reason is text: its tag is shown, never made into an element.
  await expect(card).toContainText("<b>slow down</b>");
  await expect(card.locator("b")).toHaveCount(0);
  const look = await region.evaluate((element) => {
    const style = getComputedStyle(element);
    return { background: style.backgroundColor, position: style.position };
  });
  expect(look.background).not.toBe("rgba(0, 0, 0, 0)");
  // A fault from the panel, under the same policy: the socket hears of it.
  await card.getByRole("button", { name: "4403 forbidden" }).click();
  await expect(card).toContainText("4403");
  expect(problems).toEqual([]);
});
