import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";

// Debian's Chromium, never a downloaded one (scripts/chromium.mjs). Each test file starts its own servers on free
// ports, so nothing here needs a port. The files are `*.e2e.ts`: vitest's default glob would take `*.spec.ts`.
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.e2e.ts",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: { launchOptions: chromiumLaunchOptions },
});
