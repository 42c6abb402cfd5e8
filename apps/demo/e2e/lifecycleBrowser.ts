// A Chromium for the page-lifecycle tests, started by hand and driven over CDP, because the one Playwright launches
// cannot show the lifecycle at all:
// - Playwright passes --disable-back-forward-cache, so `goBack()` reloads the page (the navigation's type is
//   "back_forward", `pageshow` is not `persisted`, and CDP's Page.backForwardCacheNotUsed says
//   "BackForwardCacheDisabledByCommandLine"). `ignoreDefaultArgs: ["--disable-back-forward-cache"]` brings the
//   cache back, but not the next point.
// - Playwright turns on focus emulation for every page, which keeps `document.visibilityState` "visible" whatever is
//   in front: another tab, a minimised window. Page.setWebLifecycleState("frozen") is accepted and changes nothing.
// `connectOverCDP(…, { noDefaults: true })` leaves the browser's own default context as it is, so a tab in front of
// another hides it for real. The binary and flags are still Debian's Chromium and scripts/chromium.mjs.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, test as base, chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../../../scripts/chromium.mjs";

/** The DevTools address Chromium prints on stderr once it listens; rejects if it exits first. */
function devtoolsEndpoint(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/DevTools listening on (ws:\/\/\S+)/);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) =>
      reject(new Error(`[@lifeline/demo] Chromium exited (${code}) before listening:\n${output}`)),
    );
  });
}

export const test = base.extend<{ tab: Page }, { lifecycleBrowser: Browser }>({
  lifecycleBrowser: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from its first parameter.
    async ({}, use) => {
      const profile = mkdtempSync(join(tmpdir(), "lifeline-e2e-"));
      const child = spawn(
        chromiumLaunchOptions.executablePath,
        [...chromiumLaunchOptions.args, `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"],
        { stdio: "pipe" },
      );
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        const browser = await chromium.connectOverCDP(await devtoolsEndpoint(child), { noDefaults: true });
        await use(browser);
        // The browser itself, not only the connection: its helper processes let go of the profile as it exits.
        await (await browser.newBrowserCDPSession()).send("Browser.close").catch(() => {});
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill();
        await exited;
        // Its helpers may write into the profile for a moment after the browser process is gone: try again then.
        await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    },
    { scope: "worker" },
  ],
  /** A tab in the browser's own default context, in the same window as any other tab a test opens. */
  tab: async ({ lifecycleBrowser }, use) => {
    const page = await lifecycleBrowser.contexts()[0]!.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await use(page);
    await page.close();
  },
});
