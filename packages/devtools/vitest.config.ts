import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    environment: "happy-dom",
    // Real servers on loopback: on a loaded two-core CI machine a test that waits for a reconnect needs headroom.
    testTimeout: 20000,
  },
});
