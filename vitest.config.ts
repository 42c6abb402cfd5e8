import path from "node:path";
import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { chromiumLaunchOptions } from "./scripts/chromium.mjs";

const dirname = path.dirname(fileURLToPath(import.meta.url));

// Stories run as tests in Debian's headless Chromium (scripts/chromium.mjs), never a downloaded browser.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/storybook.json" }]],
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, ".storybook") })],
        test: {
          name: "storybook",
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
