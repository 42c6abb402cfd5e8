import { defineConfig } from "vitest/config";

// Core runs in plain Node on purpose: it must work without a DOM.
export default defineConfig({
  test: {
    environment: "node",
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
  },
});
