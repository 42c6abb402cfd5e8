import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig, type Plugin } from "vitest/config";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";
import { UPSTREAM_TESTS, upstreamLibDir } from "./src/__tests__/upstream/suite.js";

// Every Node test runs twice, against React 19 (this package's react) and React 18 (tests/react-18), in happy-dom,
// whose WebSocket is a real one (it runs on ws): the hooks construct the global WebSocket, as apps do. The
// *.browser.test.tsx files run in Debian's Chromium (never a downloaded browser), for its own EventSource and
// WebSocket, against servers that browserServers.ts starts in Node.

// react-use-websocket 4.13.0's own tests (see src/__tests__/upstream/suite.ts), run as upstream's Jest config runs
// them: jsdom, globals, clearMocks, React 18, a `jest` backed by `vi`. Their relative imports of the library resolve
// to this package; every other import (Testing Library, jest-websocket-mock) resolves as from this package.
const upstreamLib = upstreamLibDir();
const here = fileURLToPath(new URL(".", import.meta.url));
const dropIn: Readonly<Record<string, string>> = {
  "./use-websocket": "src/lib/use-websocket.ts",
  "./use-event-source": "src/lib/use-event-source.ts",
  "./constants": "src/lib/constants.ts",
  "./types": "src/lib/types.ts",
};
const upstreamImports: Plugin = {
  name: "lifeline:upstream-imports",
  enforce: "pre",
  async resolveId(source, importer) {
    if (!importer?.startsWith(upstreamLib)) return null;
    const mapped = dropIn[source];
    if (mapped) return join(here, mapped);
    if (source.startsWith(".") || source.startsWith("/")) return null;
    return this.resolve(source, join(here, "vitest.config.ts"), { skipSelf: true });
  },
};

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
        plugins: [upstreamImports],
        resolve: { alias },
        test: {
          name: "upstream",
          dir: upstreamLib,
          include: Object.keys(UPSTREAM_TESTS),
          exclude: [],
          environment: "jsdom",
          globals: true,
          clearMocks: true,
          globalSetup: ["./src/__tests__/upstream/verify.ts"],
          setupFiles: ["./src/__tests__/upstream/jestGlobals.ts"],
          server: { deps: { inline: [/react-use-websocket(-upstream|@4\.13\.0)/] } },
        },
      },
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
