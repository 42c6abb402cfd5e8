// What the tabs specs share (issue 22): several pages of one browser context, which share Web Locks and
// BroadcastChannel as a user's tabs do, each opened on the demo with `?tabs=on`, and a count of what reached each page
// through its own transport (the leader's WebSocket, a follower's channel), with no de-duplication in between.
import { type BrowserContext, expect, type Page } from "@playwright/test";
import { openChat } from "./support.js";

declare global {
  interface Window {
    /** Each text message this page's WebSockets and the tabs' channel delivered to it, in order. */
    __delivered: string[];
    /** Every WebSocket this page made, so a test can read its URL or have the server answer that connection alone. */
    __sockets: WebSocket[];
  }
}

/** Counts deliveries as they reach each page of `context`, before Lifeline or the chat see them. */
export function countDeliveries(context: BrowserContext) {
  return context.addInitScript(() => {
    window.__delivered = [];
    window.__sockets = [];
    const PageSocket = window.WebSocket;
    window.WebSocket = class extends PageSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        window.__sockets.push(this);
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

/** What reached `page` that ends with `text` (or contains it, with `anywhere`), each entry naming its transport. */
export const deliveredTo = (page: Page, text: string, anywhere = false) =>
  page.evaluate(
    ([wanted, inside]) =>
      window.__delivered.filter((entry) => (inside ? entry.includes(wanted) : entry.endsWith(`:${wanted}`))),
    [text, anywhere] as const,
  );

/**
 * Opens `count` tabs of the demo, one after the other, each waiting until its socket is open. `params` are added to
 * the query string (`user`, `random`…).
 */
export async function openTabs(
  context: BrowserContext,
  count: number,
  params: Record<string, string> = {},
): Promise<Page[]> {
  const pages: Page[] = [];
  for (let index = 0; index < count; index++) {
    const page = await context.newPage();
    // The config's viewport, also in a browser started by hand (lifecycleBrowser.ts), whose pages have none set.
    await page.setViewportSize({ width: 1280, height: 900 });
    await openChat(page, { tabs: "on", heartbeat: "off", ...params });
    pages.push(page);
  }
  return pages;
}

export const roleOf = (page: Page) => page.getByTestId("tab-role").getAttribute("data-role");

/** Waits until one of `pages` leads and the others follow, all of them counting `pages.length` tabs. */
export async function untilShared(pages: Page[]): Promise<{ leader: Page; followers: Page[] }> {
  const expected = ["leader", ...Array(pages.length - 1).fill("follower")].sort();
  await expect.poll(async () => (await Promise.all(pages.map(roleOf))).sort(), { timeout: 15_000 }).toEqual(expected);
  for (const page of pages) {
    await expect(page.getByTestId("tab-role")).toHaveAttribute("data-tabs", String(pages.length), { timeout: 10_000 });
  }
  const roles = await Promise.all(pages.map(roleOf));
  return {
    leader: pages[roles.indexOf("leader")] as Page,
    followers: pages.filter((_, index) => roles[index] !== "leader"),
  };
}
