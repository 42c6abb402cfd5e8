import { bannerZhCN } from "@lifeline/ui/locales/zh-CN";
import { expect, test } from "@playwright/test";
import { banner, bannerTitle, expectStatus, fault, openChat, screenshot } from "./support.js";

// Language and theme, as an end user switches them.

test.beforeEach(async () => {
  await fault("reset");
});

test("the whole page switches to Chinese, banner included", async ({ page }) => {
  await openChat(page);
  await page.getByLabel("Language", { exact: true }).selectOption("zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lifeline 在线演示");
  await page.getByRole("button", { name: "撤销登录（4401）" }).click();
  await expect(banner(page)).toHaveAttribute("data-state", "auth");
  await expect(bannerTitle(page, "alert")).toHaveText(bannerZhCN.auth.title);
  await expect(banner(page).getByRole("button", { name: bannerZhCN.actions.signIn })).toBeVisible();
  await expect(page.getByTestId("status")).toContainText("状态：已关闭");
  // Readable where a CJK font is installed (Debian: fonts-noto-cjk); elsewhere the characters show as boxes.
  await screenshot(page, "zh-CN-session-expired");
});

test("the dark theme darkens the page and the banner", async ({ page }) => {
  await openChat(page, { theme: "dark" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [red, green, blue] = background.match(/\d+/g)!.map(Number);
  expect(red! + green! + blue!).toBeLessThan(120);
  await page.getByRole("button", { name: "Overload (1013)" }).click();
  await expect(banner(page)).toHaveAttribute("data-state", "busy");
  await screenshot(page, "dark-busy");
  await expectStatus(page, "open", 15_000);
});
