import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";

// Every Node test runs twice, against React 19 (this package's react) and React 18 (tests/react-18), in happy-dom,
// whose WebSocket is a real one (it runs on ws): the hooks construct the global WebSocket, as apps do. The
// *.browser.test.tsx files run in Debian's Chromium (never a downloaded browser), for its own EventSource and
// WebSocket, against servers that browserServers.ts starts in Node.

const node = { include: ["src/**/*.test.{ts,tsx}"], exclude: ["src/**/*.browser.test.tsx"], environment: "happy-dom" };

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that waits a second or two needs headroom.
    testTimeout: 20000,
    projects: [
      { extends: true, test: { name: "react-19", ...node, env: { EXPECTED_REACT: "19" } } },
      { extends: true, resolve: { alias }, test: { name: "react-18", ...node, env: { EXPECTED_REACT: "18" } } },
      {
        extends: true,
        test: {
          name: "chromium",
          include: ["src/**/*.browser.test.tsx"],
          globalSetup: ["./src/__tests__/browserServers.ts"],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
