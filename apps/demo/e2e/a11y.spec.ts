import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import type { AxeResults, RunOptions } from "axe-core";
import { banner, fault, openChat } from "./support.js";

// axe over the whole demo page, as an end user meets it: calm and with a rejection banner, in both languages and
// both themes. WCAG 2.1 A and AA rules; a violation fails with its rule and the elements it found.

test.beforeEach(async () => {
  await fault("reset");
});

// axe-core itself, injected into the page (@axe-core/playwright wants Node 22; this machine kind runs Node 20).
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function violations(page: Page) {
  await page.addScriptTag({ path: AXE });
  const options: RunOptions = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };
  const results = await page.evaluate(
    (runOptions) =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe.run(
        document,
        runOptions,
      ),
    options,
  );
  return results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}

for (const theme of ["light", "dark"] as const) {
  for (const lang of ["en", "zh-CN"] as const) {
    test(`the demo has no axe violations (${lang}, ${theme}), calm and with a rejection banner`, async ({ page }) => {
      await openChat(page, { lang, theme });
      expect(await violations(page)).toEqual([]);
      await page.locator('[data-fault="sign-out"]').click();
      await expect(banner(page)).toHaveAttribute("data-state", "auth");
      expect(await violations(page)).toEqual([]);
    });
  }
}

test("the close-code lab has no axe violations", async ({ page }) => {
  await page.goto("/?view=lab&lang=en&theme=light");
  await expect(page.getByLabel("Close code")).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
