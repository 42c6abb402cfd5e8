import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
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

test("the banner is styled under a strict CSP, and the browser reports no violation", async ({ page }) => {
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
