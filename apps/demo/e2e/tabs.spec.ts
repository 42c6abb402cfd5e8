import { expect, type Page, test } from "@playwright/test";
import { attemptsSince, broadcast, fault, history, postsReceived, send, serverStats } from "./support.js";
import { countDeliveries, deliveredTo, openTabs, untilShared } from "./tabsSupport.js";

// Issue 22: one connection for all the tabs of a browser profile (`?tabs=on`, the demo's `tabs()`). Several pages of
// one browser context share Web Locks and BroadcastChannel as a user's tabs do. The server counts connections,
// upgrade attempts and every post it receives, a resent one again; each page counts what reached it through its transport (the
// leader's WebSocket, a follower's channel), with no de-duplication in between: the chat itself merges by id.

test.beforeEach(async () => {
  await fault("reset");
});

test("five tabs hold one connection; a server message reaches each once; each follower's send arrives once", async ({
  context,
}) => {
  await countDeliveries(context);
  const start = Date.now();
  const pages = await openTabs(context, 5);
  const { leader, followers } = await untilShared(pages);
  expect(await attemptsSince(start)).toHaveLength(1);
  expect((await serverStats()).openConnections).toBe(1);

  expect((await broadcast("hello-every-tab")).sent).toBe(1);
  await expect.poll(() => deliveredTo(leader, "hello-every-tab")).toEqual(["socket:hello-every-tab"]);
  for (const page of followers) {
    await expect.poll(() => deliveredTo(page, "hello-every-tab")).toEqual(["channel:hello-every-tab"]);
  }

  const before = await postsReceived();
  for (const [index, page] of followers.entries()) await send(page, `from follower ${index}`);
  await expect.poll(async () => (await postsReceived()) - before).toBe(followers.length);
  // Nothing more follows: each send reached the server once.
  await leader.waitForTimeout(500);
  expect((await postsReceived()) - before).toBe(followers.length);
  const texts = (await history()).map((message) => message.text);
  for (const index of followers.keys())
    expect(texts.filter((text) => text === `from follower ${index}`)).toHaveLength(1);
  // And the chat of every tab shows them, the leader's too.
  for (const page of pages) {
    for (const index of followers.keys()) {
      await expect(page.locator(".chat__text", { hasText: `from follower ${index}` })).toHaveCount(1);
    }
  }
  expect(await attemptsSince(start)).toHaveLength(1);
});

test("the leader tab closes: another takes over with one new connection within 2 s, and a send made meanwhile arrives once", async ({
  context,
}) => {
  const pages = await openTabs(context, 3);
  const { leader, followers } = await untilShared(pages);
  const closed = Date.now();
  await leader.close();
  const before = await postsReceived();
  await send(followers[0] as Page, "sent during the handoff");
  await untilShared(followers);
  const attempts = await attemptsSince(closed);
  expect(attempts).toHaveLength(1);
  expect((attempts[0] as number) - closed).toBeLessThan(2000);
  await expect.poll(async () => (await serverStats()).openConnections).toBe(1);
  await expect.poll(async () => (await postsReceived()) - before).toBe(1);
  await followers[0]?.waitForTimeout(500);
  expect((await postsReceived()) - before).toBe(1);
  expect((await history()).filter((message) => message.text === "sent during the handoff")).toHaveLength(1);
});
