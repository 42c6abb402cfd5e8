import { expect, type Page, test } from "@playwright/test";
import { attemptsSince, banner, bannerTitle, expectStatus, fault, openChat, serverStats } from "./support.js";

// Issue 13: offline is a signal, not a gate. The browser itself goes offline here (`context.setOffline`, what
// DevTools → Network → Offline does): no fault on the server, nothing simulated in the page. Chromium then holds
// back the frames of an open WebSocket without closing it, so only the socket's own check can tell it is dead.
// Each test runs twice: with the demo's NetworkSwitch injected as `environment.online`, and with `?platform=default`,
// where nothing is injected and core's `defaultEnvironment()` listens to the window itself.

test.beforeEach(async () => {
  await fault("reset");
});

declare global {
  interface Window {
    /** The window's `online`/`offline` events and each value `data-status` took, with the time of each. */
    __timed: { network: { event: string; at: number }[]; status: { status: string; at: number }[] };
  }
}

/** Records, from the first script on, when the window heard online/offline and when the status line changed. */
async function recordTimes(page: Page) {
  await page.addInitScript(() => {
    window.__timed = { network: [], status: [] };
    for (const event of ["online", "offline"]) {
      window.addEventListener(event, () => window.__timed.network.push({ event, at: Date.now() }));
    }
    new MutationObserver(() => {
      const status = document.querySelector('[data-testid="status"]')?.getAttribute("data-status");
      if (status && window.__timed.status.at(-1)?.status !== status)
        window.__timed.status.push({ status, at: Date.now() });
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

/** Milliseconds from the window's `event` to the status line first saying `status` after it. */
async function delayUntil(page: Page, event: "online" | "offline", status: string) {
  const timed = await page.evaluate(() => window.__timed);
  const heard = timed.network.filter((entry) => entry.event === event).at(-1)?.at;
  const shown = timed.status.find((entry) => heard !== undefined && entry.at >= heard && entry.status === status)?.at;
  if (heard === undefined || shown === undefined) throw new Error(`No ${event} event followed by "${status}".`);
  return shown - heard;
}

for (const platform of ["demo", "default"] as const) {
  const params: Record<string, string> = platform === "default" ? { platform } : {};

  test(`with the ${platform} online signal, the browser going offline is confirmed by a 1 s ping, then shown, and back online reconnects at once`, async ({
    page,
    context,
  }) => {
    await recordTimes(page);
    // random=0.99: a backoff would wait about 1 s, so a reconnect well before that is the "online" event's doing.
    await openChat(page, { random: "0.99", ...params });
    await context.setOffline(true);
    await expectStatus(page, "offline");
    await expect(banner(page)).toHaveAttribute("data-state", "offline");
    await expect(bannerTitle(page, "status")).toHaveText("You're offline.");
    // The heartbeat's interval is 5 s, yet the answer comes in about 1 s: offline asks at once, with a 1 s deadline.
    // The ping goes unanswered because Chromium holds the frames back; the connection stayed "open" until then.
    const confirmedMs = await delayUntil(page, "offline", "offline");
    test.info().annotations.push({ type: "offline event → status offline", description: `${confirmedMs} ms` });
    expect(confirmedMs).toBeGreaterThanOrEqual(950);
    expect(confirmedMs).toBeLessThan(2000);
    expect((await page.evaluate(() => window.__timed.status.map((entry) => entry.status))).slice(-2)).toEqual([
      "open",
      "offline",
    ]);
    await expect(page.locator(".ll-timeline")).toContainText("Went offline");
    await expect(page.locator(".ll-timeline")).toContainText("Heartbeat missed");
    // While offline the socket only probes every 30 s: nothing reaches the server in the meantime.
    const offlineSince = Date.now();
    await page.waitForTimeout(2000);
    expect(await attemptsSince(offlineSince)).toEqual([]);

    const back = Date.now();
    await context.setOffline(false);
    await expectStatus(page, "open");
    const attempts = await attemptsSince(back);
    expect(attempts).toHaveLength(1);
    // At once, not at the 30 s offline probe; the bound leaves room for a loaded CI machine.
    expect(attempts[0]! - back).toBeLessThan(2000);
    const reconnectMs = await delayUntil(page, "online", "open");
    test.info().annotations.push({ type: "online event → status open", description: `${reconnectMs} ms` });
    // Once the connection has held for the socket's minimum uptime (5 s), not at the open (issue 14).
    await expect(bannerTitle(page, "status")).toHaveText("Reconnected.", { timeout: 15_000 });
    await expect(banner(page)).toHaveAttribute("data-state", "hidden", { timeout: 5000 });
    // The connection given up while offline leaves the server too, once its close can get out: one is left.
    await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  });

  test(`with the ${platform} online signal and no heartbeat, the browser going offline lets the socket go at once`, async ({
    page,
    context,
  }) => {
    await recordTimes(page);
    await openChat(page, { heartbeat: "off", ...params });
    await context.setOffline(true);
    await expectStatus(page, "offline");
    await expect(banner(page)).toHaveAttribute("data-state", "offline");
    // With no ping to ask, there is nothing to wait for.
    const droppedMs = await delayUntil(page, "offline", "offline");
    test.info().annotations.push({ type: "offline event → status offline", description: `${droppedMs} ms` });
    expect(droppedMs).toBeLessThan(1500);
    await expect(page.locator(".ll-timeline")).not.toContainText("Heartbeat missed");

    const back = Date.now();
    await context.setOffline(false);
    await expectStatus(page, "open");
    const attempts = await attemptsSince(back);
    expect(attempts).toHaveLength(1);
    // At once, not at the 30 s offline probe; the bound leaves room for a loaded CI machine.
    expect(attempts[0]! - back).toBeLessThan(2000);
  });
}

test("the fault panel shows the browser's own network next to the simulated switch, which does not move it", async ({
  page,
  context,
}) => {
  await openChat(page);
  const reading = page.getByTestId("browser-network");
  await expect(reading).toHaveAttribute("data-online", "true");
  await expect(reading).toContainText("Browser network: online");
  await expect(reading).toContainText("DevTools → Network → Offline");

  // The simulated switch takes the socket offline, not the browser.
  await page.getByRole("button", { name: "Go offline" }).click();
  await expectStatus(page, "offline");
  await expect(reading).toContainText("Browser network: online");
  await page.getByRole("button", { name: "Back online" }).click();
  await expectStatus(page, "open");

  // Only the browser can: then the reading follows, and so does the socket.
  await context.setOffline(true);
  await expect(reading).toHaveAttribute("data-online", "false");
  await expect(reading).toContainText("Browser network: offline");
  await expectStatus(page, "offline");
  await context.setOffline(false);
  await expect(reading).toContainText("Browser network: online");
  await expectStatus(page, "open");
});

test("with ?platform=default the panel offers no simulated switch, since the socket would not hear it", async ({
  page,
}) => {
  await openChat(page, { platform: "default" });
  await expect(page.locator('[data-fault="offline"]')).toHaveCount(0);
  await expect(page.locator(".faults")).toContainText("?platform=default: the socket reads the browser's own online");
  await expect(page.getByTestId("browser-network")).toContainText("Browser network: online");
});

test("the browser network reading is in Chinese too", async ({ page, context }) => {
  await openChat(page, { lang: "zh-CN" });
  const reading = page.getByTestId("browser-network");
  await expect(reading).toContainText("浏览器网络：在线");
  await context.setOffline(true);
  await expect(reading).toContainText("浏览器网络：离线");
  await context.setOffline(false);
  await expect(reading).toContainText("浏览器网络：在线");
});
