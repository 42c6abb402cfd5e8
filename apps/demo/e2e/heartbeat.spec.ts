import { expect, test } from "@playwright/test";
import { attemptsSince, expectStatus, fault, openChat, seen } from "./support.js";

// Dead connections that send no close at all: only a heartbeat tells them from a quiet one.

test.beforeEach(async () => {
  await fault("reset");
});

test("a half-open connection is found by the heartbeat within interval + timeout, and replaced", async ({
  browser,
}) => {
  const watched = await browser.newPage();
  const unwatched = await browser.newPage();
  // Ping after 1 s of silence, give up 1 s later.
  await openChat(watched, { heartbeat: "1000" });
  await openChat(unwatched, { heartbeat: "off" });
  const start = Date.now();
  await fault("half-open");

  await expect.poll(async () => (await seen(watched)).status, { timeout: 6000 }).toContain("reconnecting");
  await expectStatus(watched, "open");
  const attempts = await attemptsSince(start);
  expect(attempts).toHaveLength(1);
  // At most 1 s to the ping, 1 s for the pong, then the 0.5 s retry (2.5 s), with room for a loaded machine; the
  // default 5 s heartbeat would take 6.5 s.
  expect(attempts[0]! - start).toBeLessThan(5000);
  await expect(watched.locator(".ll-timeline")).toContainText("Heartbeat missed");

  // Without a heartbeat the same dead connection still looks open.
  await watched.waitForTimeout(1500);
  expect((await seen(unwatched)).status.filter((status) => status !== "idle")).toEqual(["connecting", "open"]);
  expect(await attemptsSince(start)).toHaveLength(1);
  await watched.close();
  await unwatched.close();
});

test("a proxy's idle timeout cuts a silent connection, and the heartbeat keeps one alive", async ({ browser }) => {
  const beating = await browser.newPage();
  const silent = await browser.newPage();
  await openChat(beating, { heartbeat: "500" });
  await openChat(silent, { heartbeat: "off" });
  await fault("idle-timeout", { ms: "1500" });
  const start = Date.now();
  await silent.waitForTimeout(4000);

  // The silent page was cut (1006, no close frame) and reconnected; the beating one never noticed a thing.
  expect((await seen(silent)).status).toContain("reconnecting");
  expect((await seen(beating)).status.filter((status) => status !== "idle")).toEqual(["connecting", "open"]);
  expect((await attemptsSince(start)).length).toBeGreaterThanOrEqual(1);
  await expect(silent.getByTestId("last-close").locator("code")).toHaveText("1006");
  await beating.close();
  await silent.close();
});
