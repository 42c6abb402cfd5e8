import { type BrowserContext, expect } from "@playwright/test";
import { test } from "./lifecycleBrowser.js";
import { fault, serverStats } from "./support.js";
import { openTabs, roleOf, untilShared } from "./tabsSupport.js";

// Issue 22: the tab that holds the shared connection is frozen, or goes into the back/forward cache. Chromium is
// started by hand here (lifecycleBrowser.ts): Playwright's own launch has neither the cache nor real freezing. Its
// default context is one browser profile, so its pages share Web Locks and BroadcastChannel as a user's tabs do.

test.beforeEach(async () => {
  await fault("reset");
});

/**
 * Samples the server's open connections every 50 ms until stopped; says the longest stretch during which there were
 * two or more.
 */
function sampleConnections() {
  let running = true;
  let longest = 0;
  let since: number | null = null;
  const done = (async () => {
    while (running) {
      const { openConnections } = await serverStats();
      const now = Date.now();
      if (openConnections >= 2) since ??= now;
      else since = null;
      if (since !== null) longest = Math.max(longest, now - since);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    running = false;
    await done;
    return longest;
  };
}

// The closing handshake's bound: closeTimeoutMs is 3 s, and a clean close on loopback takes milliseconds.
const CLOSE_HANDSHAKE_MS = 1500;

test("the leader tab is frozen: it lets go, a follower takes over, and unfrozen it follows", async ({
  lifecycleBrowser,
}) => {
  const context = lifecycleBrowser.contexts()[0] as BrowserContext;
  const pages = await openTabs(context, 3);
  const { leader, followers } = await untilShared(pages);
  const stop = sampleConnections();
  const cdp = await context.newCDPSession(leader);
  await cdp.send("Page.setWebLifecycleState", { state: "frozen" });
  await untilShared(followers);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  await cdp.send("Page.setWebLifecycleState", { state: "active" });
  await untilShared(pages);
  expect(await roleOf(leader)).toBe("follower");
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  expect(await stop()).toBeLessThan(CLOSE_HANDSHAKE_MS);
  for (const page of pages) await page.close();
});

test("the leader tab goes into the back/forward cache: a follower takes over, and restored it follows", async ({
  lifecycleBrowser,
}) => {
  const context = lifecycleBrowser.contexts()[0] as BrowserContext;
  await context.addInitScript(() => {
    window.addEventListener("pageshow", (event) => {
      (window as { __restored?: boolean }).__restored = event.persisted;
    });
    // As in lifecycle.spec.ts: with the page's WebSocket a subclass defined by a page script, as instrumentation
    // makes it, Chromium caches the page even though the dev server's HMR socket is open ("SupportPending:
    // WebSocket" otherwise). A production build has no HMR socket. The lock and the channel are the tabs' own.
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {};
  });
  const pages = await openTabs(context, 3);
  const { leader, followers } = await untilShared(pages);
  const refusals: string[] = [];
  const session = await context.newCDPSession(leader);
  session.on("Page.backForwardCacheNotUsed", (event) => {
    for (const explanation of event.notRestoredExplanations) refusals.push(explanation.reason);
  });
  await session.send("Page.enable");
  const stop = sampleConnections();
  await leader.goto("about:blank");
  await untilShared(followers);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  await leader.goBack({ waitUntil: "commit" });
  // Restored from the cache, not loaded again: the same page, which takes part again.
  await expect.poll(() => leader.evaluate(() => (window as { __restored?: boolean }).__restored)).toBe(true);
  expect(refusals).toEqual([]);
  await untilShared(pages);
  expect(await roleOf(leader)).toBe("follower");
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  expect(await stop()).toBeLessThan(CLOSE_HANDSHAKE_MS);
  for (const page of pages) await page.close();
});
