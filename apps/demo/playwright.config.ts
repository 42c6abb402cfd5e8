import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";

// Debian's Chromium, never a downloaded one (scripts/chromium.mjs).
export default defineConfig({
  testDir: "e2e",
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: "http://127.0.0.1:4173",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: { command: "pnpm run preview", url: "http://127.0.0.1:4173", reuseExistingServer: false },
});
