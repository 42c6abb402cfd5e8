import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// @lifeline/core, and each subpath it exports, resolved to this source rather than to dist. The tests import core
// relatively; this catches any import by name that reaches a test (from @lifeline/testing's sources, say), so that
// a test process never holds two copies of core, whose `instanceof` checks and states would not agree.
const corePackage = JSON.parse(readFileSync(fromHere("./package.json"), "utf8")) as {
  exports: Record<string, string | { import: { types: string } }>;
};
const coreFromSource = Object.entries(corePackage.exports).flatMap(([subpath, target]) =>
  typeof target === "string"
    ? []
    : [
        {
          find: new RegExp(`^@lifeline/core${subpath.slice(1).replaceAll("-", "\\-")}$`),
          replacement: fromHere(target.import.types.replace(/^\.\/dist\//, "./src/").replace(/\.d\.ts$/, ".ts")),
        },
      ],
);

// Core runs in plain Node on purpose: it must work without a DOM.
export default defineConfig({
  resolve: {
    alias: [
      // Core's own tests run from source, before its dist exists; other packages reach #dev through package.json.
      { find: /^#dev$/, replacement: fromHere("./src/dev.ts") },
      // The fakes and the fault-injecting server, from @lifeline/testing's source. @lifeline/testing depends on
      // core, so core cannot depend on it back: turbo builds each package after its dependencies.
      { find: /^@lifeline\/testing$/, replacement: fromHere("../testing/src/index.ts") },
      { find: /^@lifeline\/testing\/fake$/, replacement: fromHere("../testing/src/fake.ts") },
      ...coreFromSource,
    ],
  },
  test: {
    environment: "node",
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that sleeps a second or two needs headroom.
    testTimeout: 15000,
  },
});
