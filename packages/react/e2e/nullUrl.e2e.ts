import { expect, test } from "@playwright/test";
import { bundle, type ReactVersion } from "./bundle.js";
import { startServer } from "./server.js";

// Issue 20: `useWebSocket(null)` then `reconnect()` (a banner's "Retry now") opened a WebSocket to the page's own
// URL. The documented answer: with a null URL or `enabled: false` there is nowhere to connect, so connect() and
// reconnect() do nothing until the hook has a URL. The server accepts upgrades on any path and records each one,
// so a connection to the page itself would show up as the path "/".

for (const react of ["19", "18"] as const satisfies ReactVersion[]) {
  test(`React ${react}: reconnect() with a null URL or enabled: false connects nowhere`, async ({ page }) => {
    const script = await bundle("nullUrl/main.tsx", { react, platform: "browser" });
    const server = await startServer({
      "/": () => ({
        type: "text/html",
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No URL</title></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`,
      }),
      "/app.js": () => ({ type: "text/javascript", body: script }),
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    try {
      await page.goto(server.origin);
      await expect(page.locator("html")).toHaveAttribute("data-react", new RegExp(`^${react}\\.`));
      const status = page.getByTestId("status");
      const retry = page.getByRole("button", { name: "Retry now" });
      await expect(status).toHaveText("idle");

      // The status changes in the click's own task if reconnect() starts an attempt: read it after each click.
      for (let click = 0; click < 3; click++) {
        await retry.click();
        await expect(status).toHaveText("idle");
      }

      // A URL arrives: the hook connects, and the first connection the server ever saw is that one.
      await page.getByRole("button", { name: "Connect" }).click();
      await expect(status).toHaveText("open");
      await expect.poll(() => server.connections.map((connection) => connection.path)).toEqual(["/live"]);

      // Back to no URL: closed with 1000, and "Retry now" stays closed.
      await page.getByRole("button", { name: "No URL" }).click();
      await expect(status).toHaveText("closed");
      await retry.click();
      await expect(status).toHaveText("closed");

      // With a URL again but enabled: false, the same.
      await page.getByRole("button", { name: "Toggle enabled" }).click();
      await page.getByRole("button", { name: "Connect" }).click();
      await retry.click();
      await expect(status).toHaveText("closed");
      // Enabled again: it connects, to the URL it was given.
      await page.getByRole("button", { name: "Toggle enabled" }).click();
      await expect(status).toHaveText("open");
      await expect.poll(() => server.connections.map((connection) => connection.path)).toEqual(["/live", "/live"]);
      expect(server.connections[0]?.closeCode).toBe(1000);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
}
