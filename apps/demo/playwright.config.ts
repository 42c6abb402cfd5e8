import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";
import { E2E } from "./e2e/ports.js";

// Debian's Chromium, never a downloaded one (scripts/chromium.mjs). One worker: every test shares the one live
// server, and faults act on all its connections.
export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.appPort}`,
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1280, height: 900 },
  },
  // The same entry point as `pnpm dev`: the development build, so StrictMode double-runs effects as it does there.
  webServer: {
    command: `node dist-server/start.js --port ${E2E.appPort} --api-port ${E2E.apiPort}`,
    url: `http://127.0.0.1:${E2E.appPort}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
