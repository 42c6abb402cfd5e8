import { expect, test } from "@playwright/test";
import { WebSocket } from "ws";
import { API, fault, openChat } from "./support.js";

// Issue 13 §5: the chaos API answers the demo's page, in a real browser, and no other page. A no-cors POST is the
// request CORS cannot stop, so it is the one to try.

test.beforeEach(async () => {
  await fault("reset");
});

test("the demo's page reaches the chaos API from the browser, and reads the answer", async ({ page }) => {
  await openChat(page);
  const answer = await page.evaluate(async (api) => {
    const response = await fetch(`${api}/__chaos/stats`);
    return { status: response.status, body: await response.json() };
  }, API);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true, openConnections: expect.any(Number) });
});

test("a page on another origin cannot broadcast into the chat, even with a no-cors POST", async ({ page }) => {
  // A listener of the room's socket outside the browser, to count what the server really sends.
  const { token } = (await (await fetch(`${API}/api/token`, { method: "POST" })).json()) as { token: string };
  const listener = new WebSocket(`${API.replace(/^http/, "ws")}/chat?token=${token}`);
  const received: string[] = [];
  listener.on("message", (data) => received.push(data.toString()));
  await new Promise((resolve, reject) => {
    listener.once("open", resolve);
    listener.once("error", reject);
  });
  try {
    // The socket path's own 426 page: an origin (the server's) that is not the app's.
    await page.goto(`${API}/chat`);
    await page.evaluate(async (api) => {
      await fetch(`${api}/__chaos/broadcast`, { method: "POST", mode: "no-cors", body: "from another origin" });
    }, API);
    const allowed = await fetch(`${API}/__chaos/broadcast`, { method: "POST", body: "from the test" });
    expect(await allowed.json()).toMatchObject({ ok: true });
    // One connection delivers in order: once the allowed message is in, a refused one would be in before it.
    await expect.poll(() => received).toContain("from the test");
    expect(received).toEqual(["from the test"]);
  } finally {
    listener.close();
  }
});
