import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // tsc over every snippet, and a real server for one of them.
    testTimeout: 60_000,
  },
});
