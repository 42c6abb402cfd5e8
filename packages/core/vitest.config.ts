import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Core runs in plain Node on purpose: it must work without a DOM.
export default defineConfig({
  // Core's own tests run from source, before its dist exists; other packages reach #dev through package.json.
  resolve: { alias: { "#dev": fileURLToPath(new URL("./src/dev.ts", import.meta.url)) } },
  test: {
    environment: "node",
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
