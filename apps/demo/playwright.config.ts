import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded one; the flags keep it from calling home on a closed network.
export default defineConfig({
  testDir: "e2e",
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: "http://127.0.0.1:4173",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: { command: "pnpm run preview", url: "http://127.0.0.1:4173", reuseExistingServer: !process.env.CI },
});
