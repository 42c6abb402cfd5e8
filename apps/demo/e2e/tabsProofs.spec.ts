import { expect, type Page, test } from "@playwright/test";
import {
  attemptsSince,
  banner,
  bannerTitle,
  broadcast,
  changesSince,
  chaos,
  expectStatus,
  fault,
  postsReceived,
  send,
  serverStats,
} from "./support.js";
import { countDeliveries, deliveredTo, openTabs, roleOf, untilShared } from "./tabsSupport.js";

// Issue 22, what the server does to a connection that several tabs share, and the two cases where tabs must not
// share one: two people signed in to one browser profile, and a browser without Web Locks. Several pages of one
// browser context share Web Locks and BroadcastChannel as a user's tabs do; the server counts every upgrade attempt
// with its time, and each page records when its banner and status line changed (support.ts), on the same clock.

test.beforeEach(async () => {
  await fault("reset");
});

// How far apart the tabs may show one change. A follower hears it from the leader's note over BroadcastChannel within
// milliseconds, then draws it: spreads of 30 to 220 ms were measured with four tabs on two busy cores (the JSON
// report's annotations keep each run's). The banners checked last a second or more, so a tab that showed one on a
// schedule of its own, or never, misses by more.
const TOGETHER_MS = 1000;

/** When each page first showed `value` after `since`; fails if one of them never did. */
async function whenEach(pages: Page[], kind: "banner" | "status", value: string, since: number): Promise<number[]> {
  return Promise.all(
    pages.map(async (page, index) => {
      const change = (await changesSince(page, kind, since)).find((entry) => entry.value === value);
      expect(change, `tab ${index} never showed ${kind} "${value}"`).toBeDefined();
      return change?.at ?? Number.NaN;
    }),
  );
}

const spread = (times: number[]) => Math.max(...times) - Math.min(...times);

/** Keeps a measured figure with the test's results (the JSON report), for the record. */
function note(name: string, value: number) {
  test.info().annotations.push({ type: name, description: `${value} ms` });
}

test("the server drops the shared connection (1006): one reconnect for four tabs, and every tab goes through it at once", async ({
  context,
}) => {
  const pages = await openTabs(context, 4);
  await untilShared(pages);
  const dropped = Date.now();
  expect(await fault("drop")).toMatchObject({ dropped: 1 });

  for (const page of pages) {
    await expect
      .poll(async () => (await changesSince(page, "status", dropped)).map((change) => change.value), {
        timeout: 15_000,
      })
      .toEqual(expect.arrayContaining(["reconnecting", "open"]));
    await expectStatus(page, "open");
  }
  const lost = await whenEach(pages, "status", "reconnecting", dropped);
  const back = await whenEach(pages, "status", "open", dropped);
  note("reconnecting spread", spread(lost));
  note("open spread", spread(back));
  expect(spread(lost)).toBeLessThan(TOGETHER_MS);
  expect(spread(back)).toBeLessThan(TOGETHER_MS);
  // Too short to alarm anyone (connection.spec.ts): no tab's banner showed anything.
  for (const page of pages) expect(await changesSince(page, "banner", dropped)).toEqual([]);

  // One tab reconnected for all; the others followed it and stay followers of one connection.
  await untilShared(pages);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  expect(await attemptsSince(dropped)).toHaveLength(1);
  // Nothing more follows, not even from a follower that takes a while to decide to connect by itself.
  await pages[0]?.waitForTimeout(2000);
  expect(await attemptsSince(dropped)).toHaveLength(1);
});

test("a longer outage: every tab shows the same banner at the same moment, and the server sees one tab's backoff, not four", async ({
  context,
}) => {
  // Without the probe, so the refused handshakes read "can't reach the server" (as in connection.spec.ts). With
  // random=0.3 the attempts come about 0.3 s, 0.9 s and 2.1 s after the drop, and the banner's 1.5 s grace period
  // ends between two of them, not at the moment of one, where each tab's own timer could fall either side.
  const pages = await openTabs(context, 4, { probe: "off", random: "0.3" });
  await untilShared(pages);
  await chaos("reject?status=503&count=20");
  const dropped = Date.now();
  await fault("drop");

  // Three refusals in a row make it "unreachable".
  for (const page of pages) {
    await expect(banner(page)).toHaveAttribute("data-state", "unreachable", { timeout: 15_000 });
    await expect(bannerTitle(page, "status")).toHaveText("Can't reach the server.");
  }
  const lost = await whenEach(pages, "banner", "lost", dropped);
  const unreachable = await whenEach(pages, "banner", "unreachable", dropped);
  note("lost spread", spread(lost));
  note("unreachable spread", spread(unreachable));
  expect(spread(lost)).toBeLessThan(TOGETHER_MS);
  expect(spread(unreachable)).toBeLessThan(TOGETHER_MS);

  // One schedule: each attempt about twice as far from the one before (0.6 s, then 1.2 s). Four tabs trying on their
  // own would make four attempts within milliseconds at each step.
  const refused = await attemptsSince(dropped);
  expect(refused.length).toBeGreaterThanOrEqual(3);
  expect(refused.length).toBeLessThanOrEqual(4);
  const gaps = refused.slice(1).map((at, index) => at - (refused[index] as number));
  for (const gap of gaps) expect(gap).toBeGreaterThan(400);

  await fault("reset");
  const healed = Date.now();
  for (const page of pages) await expectStatus(page, "open", 15_000);
  const open = await whenEach(pages, "status", "open", healed);
  note("open again spread", spread(open));
  expect(spread(open)).toBeLessThan(TOGETHER_MS);
  expect(await attemptsSince(healed)).toHaveLength(1);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  // Back to quiet after "Reconnected.", every tab through the same banners from the drop on. Left out: "reconnecting",
  // which the banner shows only while an attempt is under way, and a refused one takes milliseconds, which a page
  // that is busy drawing may never show.
  for (const page of pages) await expect(banner(page)).toHaveAttribute("data-state", "hidden", { timeout: 15_000 });
  const banners = await Promise.all(
    pages.map(async (page) =>
      (await changesSince(page, "banner", dropped))
        .map((change) => change.value)
        .filter((value) => value !== "reconnecting")
        .filter((value, index, values) => value !== values[index - 1]),
    ),
  );
  test.info().annotations.push({ type: "banners", description: JSON.stringify(banners[0]) });
  for (const seenByTab of banners) expect(seenByTab).toEqual(banners[0]);
  await untilShared(pages);
});

test("a rate limit (1008, retry-after=5) closes the shared connection: every tab says so, none connects before 5 s, and one connection comes back", async ({
  context,
}) => {
  const pages = await openTabs(context, 4);
  const { followers } = await untilShared(pages);
  const start = Date.now();
  // The panel turns the limit on and floods; from a follower, the flood goes out through the leader's connection,
  // which the server closes with 1008 "rate limit exceeded; retry-after=5".
  await (followers[0] as Page).getByRole("button", { name: "Rate limit (1008)" }).click();

  for (const page of pages) {
    await expect(banner(page)).toHaveAttribute("data-state", "rate-limited");
    await expect(bannerTitle(page, "status")).toHaveText("Rejected: rate limited.");
    await expect(banner(page).locator(".ll-banner__message")).toHaveText(/^Trying again in [1-6] seconds?\.$/);
    await expect(page.getByTestId("last-close").locator("code")).toHaveText("1008");
  }
  const limited = await whenEach(pages, "banner", "rate-limited", start);
  note("rate-limited spread", spread(limited));
  expect(spread(limited)).toBeLessThan(TOGETHER_MS);

  for (const page of pages) await expectStatus(page, "open", 20_000);
  // The server's own record of every upgrade attempt: the first one came 5 s or more after the close (which came
  // after `start`), and it was the only one, so no tab connected during the wait.
  const attempts = await attemptsSince(start);
  expect(attempts).toHaveLength(1);
  note("first attempt after the click", (attempts[0] as number) - start);
  expect((attempts[0] as number) - start).toBeGreaterThanOrEqual(5000);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  await untilShared(pages);
  await pages[0]?.waitForTimeout(1500);
  expect(await attemptsSince(start)).toHaveLength(1);
});

test("the leader tab closes during the rate limit's wait: the tab that takes over keeps the wait, and connects once, after 5 s", async ({
  context,
}) => {
  const pages = await openTabs(context, 3);
  const { leader, followers } = await untilShared(pages);
  const start = Date.now();
  await (followers[0] as Page).getByRole("button", { name: "Rate limit (1008)" }).click();
  for (const page of followers) await expect(banner(page)).toHaveAttribute("data-state", "rate-limited");
  await leader.close();
  await untilShared(followers);
  for (const page of followers) await expect(banner(page)).toHaveAttribute("data-state", "rate-limited");

  for (const page of followers) await expectStatus(page, "open", 20_000);
  const attempts = await attemptsSince(start);
  note("first attempt after the click", (attempts[0] as number) - start);
  expect(attempts).toHaveLength(1);
  expect((attempts[0] as number) - start).toBeGreaterThanOrEqual(5000);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
});

// Two people signed in to one browser profile (`?user=`, which the demo puts in the tabs' key as an app puts its
// user's id). The room itself is shared: the server sends every post to every connection, so alice seeing bob's post
// proves nothing either way. What must not cross is the connection: each identity's tabs follow their own leader
// and hear only its messages. Three things would show a crossing, and this test checks all three:
// - one key for both: one connection, one leader for four tabs (the connection count, the roles and tab counts);
// - one channel for both: each follower would hear both leaders, so a message the server sends to both connections
//   would arrive twice in it (each page must get it exactly once, a leader from its socket, a follower from the
//   channel);
// - the server's answer to one connection alone (its error reply to a message it does not know, sent over
//   alice's leader's own socket) must reach alice's tabs and no tab of bob's.
test("two identities in one browser profile: two connections, and nothing of one reaches the other's tabs", async ({
  context,
}) => {
  await countDeliveries(context);
  const start = Date.now();
  // Interleaved, so that a key without the user would make one group of four.
  const [alice1, bob1, alice2, bob2] = [
    ...(await openTabs(context, 1, { user: "alice" })),
    ...(await openTabs(context, 1, { user: "bob" })),
    ...(await openTabs(context, 1, { user: "alice" })),
    ...(await openTabs(context, 1, { user: "bob" })),
  ] as Page[];
  const alice = await untilShared([alice1 as Page, alice2 as Page]);
  const bob = await untilShared([bob1 as Page, bob2 as Page]);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(2);
  expect(await attemptsSince(start)).toHaveLength(2);

  expect((await broadcast("to-every-connection")).sent).toBe(2);
  for (const group of [alice, bob]) {
    await expect.poll(() => deliveredTo(group.leader, "to-every-connection")).toEqual(["socket:to-every-connection"]);
    await expect
      .poll(() => deliveredTo(group.followers[0] as Page, "to-every-connection"))
      .toEqual(["channel:to-every-connection"]);
  }

  // The demo's server answers a message type it does not know with an error to that connection only.
  await alice.leader.evaluate(() => {
    const chat = window.__sockets.find((socket) => socket.url.includes("/chat") && socket.readyState === 1);
    chat?.send(JSON.stringify({ type: "only-for-alice" }));
  });
  await expect.poll(() => deliveredTo(alice.leader, "only-for-alice", true)).toHaveLength(1);
  await expect.poll(() => deliveredTo(alice.followers[0] as Page, "only-for-alice", true)).toHaveLength(1);
  expect((await deliveredTo(alice.followers[0] as Page, "only-for-alice", true))[0]).toMatch(/^channel:/);
  // The channel delivers to every listener at once: had bob's tabs been on alice's channel, they would have it by now.
  await alice.leader.waitForTimeout(500);
  expect(await deliveredTo(bob.leader, "only-for-alice", true)).toEqual([]);
  expect(await deliveredTo(bob.followers[0] as Page, "only-for-alice", true)).toEqual([]);

  // Each one's post goes out once, through that identity's own leader.
  const before = await postsReceived();
  await send(alice.followers[0] as Page, "posted as alice");
  await send(bob.followers[0] as Page, "posted as bob");
  await expect.poll(async () => (await postsReceived()) - before).toBe(2);
  for (const page of [alice1, alice2, bob1, bob2] as Page[]) {
    for (const text of ["posted as alice", "posted as bob"]) {
      await expect(page.locator(".chat__text", { hasText: text })).toHaveCount(1);
    }
  }
  // Still two groups of two, on two connections.
  for (const group of [alice, bob]) {
    for (const page of [group.leader, ...group.followers]) {
      await expect(page.getByTestId("tab-role")).toHaveAttribute("data-tabs", "2");
    }
  }
  expect(await attemptsSince(start)).toHaveLength(2);
});

test("without Web Locks each tab keeps its own connection and says it can't share", async ({ context }) => {
  await context.addInitScript(() => {
    // As in a browser that has no Web Locks: the API is simply not there.
    delete (Navigator.prototype as { locks?: unknown }).locks;
  });
  await countDeliveries(context);
  const start = Date.now();
  const pages = await openTabs(context, 3);
  for (const page of pages) {
    expect(await page.evaluate(() => "locks" in navigator)).toBe(false);
    const indicator = page.getByTestId("tab-role");
    await expect(indicator).toHaveAttribute("data-role", "alone");
    await expect(indicator).toHaveAttribute("data-tabs", "1");
    await expect(indicator).toHaveText("This browser can't share a connection between tabs");
  }
  await expect.poll(async () => (await serverStats()).openConnections).toBe(3);
  expect(await attemptsSince(start)).toHaveLength(3);

  // Each tab hears the server on its own socket, and nothing over a channel.
  expect((await broadcast("to-each-alone")).sent).toBe(3);
  for (const page of pages) {
    await expect.poll(() => deliveredTo(page, "to-each-alone")).toEqual(["socket:to-each-alone"]);
  }
  expect(await Promise.all(pages.map(roleOf))).toEqual(["alone", "alone", "alone"]);
});
