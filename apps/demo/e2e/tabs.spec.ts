import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { attemptsSince, broadcast, fault, history, openChat, postsReceived, send, serverStats } from "./support.js";

// Issue 22: one connection for all the tabs of a browser profile (`?tabs=on`, the demo's `tabs()`). Several pages of
// one browser context share Web Locks and BroadcastChannel as a user's tabs do. The server counts connections,
// upgrade attempts and every post it receives, a resent one again; each page counts what reached it through its transport (the
// leader's WebSocket, a follower's channel), with no de-duplication in between: the chat itself merges by id.

test.beforeEach(async () => {
  await fault("reset");
});

declare global {
  interface Window {
    /** Each text message this page's WebSockets and the tabs' channel delivered to it, in order. */
    __delivered: string[];
  }
}

/** Counts deliveries as they reach the page, before Lifeline or the chat see them. */
function countDeliveries(context: BrowserContext) {
  return context.addInitScript(() => {
    window.__delivered = [];
    const PageSocket = window.WebSocket;
    window.WebSocket = class extends PageSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("message", (event) => window.__delivered.push(`socket:${String(event.data)}`));
      }
    };
    const PageChannel = window.BroadcastChannel;
    window.BroadcastChannel = class extends PageChannel {
      constructor(name: string) {
        super(name);
        this.addEventListener("message", (event) => {
          const note = event.data as { t?: string; d?: unknown };
          if (note?.t === "msg") window.__delivered.push(`channel:${String(note.d)}`);
        });
      }
    };
  });
}

/** Opens `count` tabs of the demo, one after the other, each waiting until its socket is open. */
async function openTabs(context: BrowserContext, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let index = 0; index < count; index++) {
    const page = await context.newPage();
    await openChat(page, { tabs: "on", heartbeat: "off" });
    pages.push(page);
  }
  return pages;
}

const roleOf = (page: Page) => page.getByTestId("tab-role").getAttribute("data-role");
const roles = async (pages: Page[]) => (await Promise.all(pages.map(roleOf))).sort();

/** Waits until one page leads and the others follow, all of them knowing how many share. */
async function untilShared(pages: Page[]): Promise<{ leader: Page; followers: Page[] }> {
  const expected = ["leader", ...Array(pages.length - 1).fill("follower")].sort();
  await expect.poll(() => roles(pages), { timeout: 15_000 }).toEqual(expected);
  for (const page of pages) {
    await expect(page.getByTestId("tab-role")).toHaveAttribute("data-tabs", String(pages.length), { timeout: 10_000 });
  }
  const leaderIndex = (await Promise.all(pages.map(roleOf))).indexOf("leader");
  return { leader: pages[leaderIndex] as Page, followers: pages.filter((_, index) => index !== leaderIndex) };
}

const deliveredTo = (page: Page, text: string) =>
  page.evaluate((wanted) => window.__delivered.filter((entry) => entry.endsWith(`:${wanted}`)), text);

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
