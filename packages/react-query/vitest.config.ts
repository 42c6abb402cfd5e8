import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that sleeps a second or two needs headroom.
    testTimeout: 15000,
  },
});
