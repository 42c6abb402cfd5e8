import { expect, type Page, test } from "@playwright/test";
import { attemptsSince, banner, bannerTitle, expectStatus, fault, openChat, seen } from "./support.js";

// Issue 13 §4: a refused handshake that says why. The browser reports every refused upgrade as a bare 1006, so
// without help the banner can only say "Can't reach the server". The demo passes `httpProbe()`: after 3 refusals in
// a row it GETs the socket's URL over HTTP, and the fault-injecting server answers that with the same status and
// Retry-After, with CORS for the app's origin. Everything here is real: Chromium's WebSocket and fetch, the
// server's refusals, and the upgrade attempts counted on the server.

test.beforeEach(async () => {
  await fault("reset");
});

/** Refuses every handshake with `status` from the fault panel, as a user would, and returns when it was done. */
async function refuseWith(page: Page, status: string): Promise<number> {
  await page.getByLabel("Refuse every handshake").selectOption(status);
  const start = Date.now();
  await page.getByRole("button", { name: "Refuse every handshake" }).click();
  await expect(page.getByTestId("fault-result")).toHaveText("Refuse every handshake: done.");
  await expect.poll(async () => (await seen(page)).status).toContain("reconnecting");
  return start;
}

const probed = (page: Page) => page.getByTestId("probed-status");
const timeline = (page: Page) => page.locator(".ll-timeline");

for (const [status, state, title] of [
  ["429", "rate-limited", "Rejected: rate limited."],
  ["503", "busy", "The server is busy."],
] as const) {
  test(`HTTP ${status} behind the refusals: the banner says "${title}" and the retries wait for Retry-After`, async ({
    page,
  }) => {
    await openChat(page);
    const start = await refuseWith(page, status);

    await expect(banner(page)).toHaveAttribute("data-state", state, { timeout: 15_000 });
    await expect(bannerTitle(page, "status")).toHaveText(title);
    await expect(probed(page)).toHaveText(
      `The browser reported only 1006. The handshake probe asked the server over HTTP and got HTTP ${status}.`,
    );
    await expect(page.getByTestId("last-close").locator("code")).toHaveText("1006");
    await expect(timeline(page)).toContainText(`Asked why the handshake fails: HTTP ${status}`);

    // Retry-After: 5 is honoured from the verdict on (plus a spread that grows with the attempt, so 9 s here), and
    // the verdict stands between probes: the 4th refusal is still "rate limited", never "can't reach", and the probe
    // asks again after it.
    await expect
      .poll(() => timeline(page).getByText(`Asked why the handshake fails: HTTP ${status}`).count(), {
        timeout: 25_000,
      })
      .toBe(2);
    const attempts = await attemptsSince(start);
    expect(attempts).toHaveLength(4);
    expect(attempts[3]! - attempts[2]!).toBeGreaterThanOrEqual(5000);
    const states = (await seen(page)).banner;
    expect(states.slice(states.indexOf(state))).not.toContain("unreachable");
    await expect(banner(page)).toHaveAttribute("data-state", state);

    // The server takes handshakes again: the next scheduled attempt gets in, and the probe's line goes with it.
    await fault("reset");
    await expectStatus(page, "open", 15_000);
    await expect(banner(page)).toHaveAttribute("data-state", "hidden", { timeout: 10_000 });
  });
}

test("HTTP 401 behind the refusals: one refresh, one more attempt, then the user is asked to sign in", async ({
  page,
}) => {
  await openChat(page);
  const start = await refuseWith(page, "401");

  await expect(banner(page)).toHaveAttribute("data-state", "auth", { timeout: 15_000 });
  await expect(bannerTitle(page, "alert")).toHaveText("Rejected: your session has expired.");
  await expectStatus(page, "closed");
  await expect(probed(page)).toContainText("HTTP 401");
  await expect(timeline(page)).toContainText("Credentials refreshed");
  // 3 refusals, the probe, a token refresh and one attempt with it, refused too: then a stop, not a loop.
  expect(await attemptsSince(start)).toHaveLength(4);
  await page.waitForTimeout(3000);
  expect(await attemptsSince(start)).toHaveLength(4);

  await fault("reset");
  const signedIn = Date.now();
  await banner(page).getByRole("button", { name: "Sign in" }).click();
  await expectStatus(page, "open");
  expect(await attemptsSince(signedIn)).toHaveLength(1);
});

test("HTTP 403 behind the refusals: access denied, and no attempt after it", async ({ page }) => {
  await openChat(page);
  const start = await refuseWith(page, "403");

  await expect(banner(page)).toHaveAttribute("data-state", "forbidden", { timeout: 15_000 });
  await expect(banner(page)).toContainText("Rejected: access denied.");
  await expectStatus(page, "closed");
  await expect(probed(page)).toContainText("HTTP 403");
  expect(await attemptsSince(start)).toHaveLength(3);
  await page.waitForTimeout(3000);
  expect(await attemptsSince(start)).toHaveLength(3);
});

test('any other status (404) says nothing about why: still "can\'t reach the server", on the usual backoff', async ({
  page,
}) => {
  await openChat(page, { random: "0.9" });
  const start = await refuseWith(page, "404");

  await expect(banner(page)).toHaveAttribute("data-state", "unreachable", { timeout: 15_000 });
  await expect(bannerTitle(page, "status")).toHaveText("Can't reach the server.");
  await expect(timeline(page)).toContainText("Asked why the handshake fails: no answer");
  await expect(probed(page)).toHaveCount(0);
  // The backoff goes on growing: the 4th wait (about 7 s at random=0.9) is longer than the 3rd.
  await expect.poll(async () => (await attemptsSince(start)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  const attempts = await attemptsSince(start);
  expect(attempts[3]! - attempts[2]!).toBeGreaterThan(attempts[2]! - attempts[1]!);

  await fault("reset");
  await banner(page).getByRole("button", { name: "Retry now" }).click();
  await expectStatus(page, "open");
});

test('without the probe (?probe=off) the same 429 is only "can\'t reach the server"', async ({ page }) => {
  await openChat(page, { probe: "off" });
  await refuseWith(page, "429");
  await expect(banner(page)).toHaveAttribute("data-state", "unreachable", { timeout: 15_000 });
  await expect(bannerTitle(page, "status")).toHaveText("Can't reach the server.");
  await expect(timeline(page)).not.toContainText("Asked why");
});
