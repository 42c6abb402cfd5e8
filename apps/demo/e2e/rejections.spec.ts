import { expect, test } from "@playwright/test";
import { attemptsSince, banner, bannerTitle, expectStatus, fault, openChat, screenshot, seen } from "./support.js";

// Closes the server means: a rate limit, an expired token, a revoked sign-in, an overload. Each has its own answer,
// and none of them is "try again at once".

test.beforeEach(async () => {
  await fault("reset");
});

test("a rate limit (1008) is waited out: no attempt before the hint, one after, and the user is told why", async ({
  page,
}) => {
  await openChat(page);
  const start = Date.now();
  // The panel turns the limit on and floods the server with typing events.
  await page.getByRole("button", { name: "Rate limit (1008)" }).click();
  await expect(banner(page)).toHaveAttribute("data-state", "rate-limited");
  await expect(bannerTitle(page, "status")).toHaveText("Rejected: rate limited.");
  const message = banner(page).locator(".ll-banner__message");
  await expect(message).toHaveText(/^Trying again in [1-6] seconds?\.$/);
  await expect(page.getByTestId("last-close").locator("code")).toHaveText("1008");
  await screenshot(page, "rate-limited");

  await expectStatus(page, "open", 15_000);
  const attempts = await attemptsSince(start);
  expect(attempts).toHaveLength(1);
  // The close came after `start`; the hint said 5 s.
  expect(attempts[0]! - start).toBeGreaterThanOrEqual(5000);
  await page.waitForTimeout(1500);
  expect(await attemptsSince(start)).toHaveLength(1);
});

test("an expired token (4401) is refreshed and the connection comes back without alarming the user", async ({
  page,
}) => {
  await openChat(page);
  const start = Date.now();
  await page.getByRole("button", { name: "Expire the token (4401)" }).click();
  await expect.poll(async () => (await seen(page)).status).toContain("reconnecting");
  await expectStatus(page, "open");
  expect(await attemptsSince(start)).toHaveLength(1);
  expect((await seen(page)).banner).not.toContain("auth");
  await expect(page.locator(".ll-timeline")).toContainText("Credentials refreshed");
});

test("a revoked sign-in stops the client, asks the user to sign in, and Sign in reconnects", async ({ page }) => {
  await openChat(page);
  const start = Date.now();
  await page.getByRole("button", { name: "Revoke the sign-in (4401)" }).click();
  await expect(banner(page)).toHaveAttribute("data-state", "auth");
  await expect(bannerTitle(page, "alert")).toHaveText("Rejected: your session has expired.");
  await expect(bannerTitle(page, "status")).toHaveText("");
  await expectStatus(page, "closed");
  await screenshot(page, "session-expired");
  // No loop: the refresh was refused, so not a single new handshake.
  await page.waitForTimeout(3000);
  expect(await attemptsSince(start)).toEqual([]);

  const signedIn = Date.now();
  await banner(page).getByRole("button", { name: "Sign in" }).click();
  await expectStatus(page, "open");
  expect(await attemptsSince(signedIn)).toHaveLength(1);
});

test("an overload (1013) with a hint waits at least the hint and says the server is busy", async ({ page }) => {
  await openChat(page);
  const start = Date.now();
  await page.getByRole("button", { name: "Overload (1013)" }).click();
  await expect(banner(page)).toHaveAttribute("data-state", "busy");
  await expect(bannerTitle(page, "status")).toHaveText("The server is busy.");
  await expectStatus(page, "open", 15_000);
  const attempts = await attemptsSince(start);
  expect(attempts).toHaveLength(1);
  expect(attempts[0]! - start).toBeGreaterThanOrEqual(5000);
});
