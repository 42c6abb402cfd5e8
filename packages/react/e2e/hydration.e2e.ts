import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { bundle, type ReactVersion } from "./bundle.js";
import { startServer } from "./server.js";

// Issue 14: "`renderToString`, then `hydrateRoot` in Chromium, gives no hydration warning". The server side runs
// here, in the test's own Node 20 process, which has no global WebSocket; nothing is stubbed. The page is the
// server's HTML plus a client bundle that hydrates it. React's development builds on both sides, so every
// hydration warning it has is printed.

const build = mkdtempSync(join(tmpdir(), "lifeline-react-ssr-"));
test.afterAll(() => rmSync(build, { recursive: true, force: true }));

for (const react of ["19", "18"] as const satisfies ReactVersion[]) {
  test(`React ${react}: the server's HTML hydrates with no warning, then the socket connects once`, async ({
    page,
  }) => {
    // The premise: a plain Node 20 process, where constructing a WebSocket would throw.
    expect(typeof (globalThis as { WebSocket?: unknown }).WebSocket).toBe("undefined");
    const serverFile = join(build, `render-${react}.cjs`);
    writeFileSync(serverFile, await bundle("ssr/render.tsx", { react, platform: "node" }));
    const { render, reactVersion } = createRequire(import.meta.url)(serverFile) as typeof import("./ssr/render.js");
    const client = await bundle("ssr/hydrate.tsx", { react, platform: "browser" });
    expect(reactVersion.split(".")[0]).toBe(react);

    const rendered: string[] = [];
    const server = await startServer({
      "/": (origin) => {
        const html = render(new URL(origin).host);
        rendered.push(html);
        // The inline script keeps the server's <output>, so the test can tell a hydrated node from a replaced one.
        return {
          type: "text/html",
          body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed</title></head>
<body><div id="root">${html}</div>
<script>window.serverOutput = document.querySelector("output");</script>
<script type="module" src="/hydrate.js"></script></body></html>`,
        };
      },
      "/hydrate.js": () => ({ type: "text/javascript", body: client }),
    });
    try {
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));

      await page.goto(server.origin);
      // The server rendered the socket as it is before any connection, and rendering made none.
      expect(rendered).toHaveLength(1);
      expect(rendered[0]).toContain(">idle</output>");
      await expect(page.getByTestId("status")).toHaveText("open");
      await expect.poll(() => server.connections.length).toBe(1);
      expect(server.connections[0]).toMatchObject({ path: "/live", closeCode: null });

      const hydration = await page.evaluate(() => ({
        ...window.hydration,
        kept: (window as unknown as { serverOutput: Element }).serverOutput === document.querySelector("output"),
      }));
      expect(hydration).toEqual({ react: expect.stringMatching(`^${react}\\.`), recoverable: [], kept: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
}
