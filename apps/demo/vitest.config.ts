import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    projects: [
      { extends: true, test: { name: "app", environment: "happy-dom", include: ["src/**/*.test.{ts,tsx}"] } },
      {
        extends: true,
        // Real servers on loopback, and a child process: headroom for a loaded two-core CI machine.
        test: { name: "server", environment: "node", include: ["server/**/*.test.ts"], testTimeout: 20_000 },
      },
      {
        extends: true,
        // Whole production builds of the demo: seconds each, more on a loaded two-core CI machine.
        test: { name: "bundle", environment: "node", include: ["bundle/**/*.test.ts"], testTimeout: 120_000 },
      },
    ],
  },
});
