import { expect, test } from "@playwright/test";

test("a user classifies a rate-limited 1008 and reads the explanation in both languages", async ({ page }) => {
  await page.goto("/?view=lab&lang=en");
  await page.getByLabel("Close code").fill("1008");
  await page.getByLabel("Reason (as the server sent it)").fill("rate limit exceeded; retry-after=30");
  await expect(page.getByTestId("policy")).toHaveText("rate-limited");
  await expect(page.getByTestId("retry")).toHaveText("after-hint after 30 s");

  const card = page.getByRole("article");
  await expect(card.getByRole("heading", { level: 4 })).toBeVisible();
  await expect(card).toHaveAttribute("lang", "en");
  await expect(card.locator("code")).toHaveText("1008");

  await page.getByLabel("Language of the explanation").selectOption("zh-CN");
  await expect(card).toHaveAttribute("lang", "zh-CN");
  await expect(card).toContainText("如何处理");

  // The comparison with 1008's default partner shows a hand-written note once the codes differ.
  await page.getByLabel("Close code").fill("1006");
  await expect(page.getByTestId("pair-note")).toBeVisible();
});

test("a server's reason is shown as text, never parsed as HTML", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto("/?view=lab&lang=en");
  const hostile = '<img src=x onerror="alert(1)">';
  await page.getByLabel("Reason (as the server sent it)").fill(hostile);
  await expect(page.getByTestId("reason")).toHaveText(hostile);
  await expect(page.locator("main img")).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
