import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Packing, attw and publint take seconds; `npm install` into a clean project, `vite build` and `tsc` take more
    // (the install hook has its own, larger, timeout).
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
