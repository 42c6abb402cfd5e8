import { expect, test } from "@playwright/test";
import { fault, listedTexts, openChat, postAs } from "./support.js";

// Issue 24: the demo defines its messages with Valibot (src/messages.ts), and the react-query bridge updates the
// chat's cache from valid messages only. Here the live server sends what a buggy server could, in real Chromium.

test.beforeEach(async () => {
  await fault("reset");
});

test("a malformed message reaches neither the chat nor its cache; the timeline says each was ignored, and why", async ({
  page,
}) => {
  await openChat(page);
  const chat = page.getByTestId("messages");
  const timeline = page.locator(".ll-timeline");
  // The fault panel's button ("Malformed messages"): the server sends a chat message whose fields have the wrong types, a type the page
  // does not define, and text that is not JSON.
  await page.getByRole("button", { name: "Malformed messages" }).click();
  await expect(page.getByText("Malformed messages: done.")).toBeVisible();
  // One connection keeps order: once a valid message sent after them shows, the three ahead of it have arrived.
  const text = `valid after the malformed ones ${Date.now()}`;
  await postAs("grace", text, `typed-${Date.now()}`);
  await expect(chat).toContainText(text, { timeout: 10_000 });

  expect(await listedTexts(page, "mallory")).toEqual([]);
  await expect(chat).not.toContainText("psst");
  await expect(timeline).toContainText('Ignored an invalid "message" message: message.id');
  await expect(timeline).toContainText('Ignored a message of an undefined type: "gossip"');
  await expect(timeline).toContainText("Ignored a message that is not JSON");
  // The socket went on as if nothing happened.
  await expect(page.getByTestId("status")).toHaveAttribute("data-status", "open");
});
