import { defineConfig } from "vitest/config";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";

// Every test in Node runs twice, against React 19 (this package's react) and React 18 (tests/react-18), in
// happy-dom, whose WebSocket is a real one (it runs on ws): the hooks construct the global WebSocket, as apps do.

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that waits a second or two needs headroom.
    testTimeout: 20000,
    projects: [
      {
        extends: true,
        test: {
          name: "react-19",
          environment: "happy-dom",
          include: ["src/**/*.test.{ts,tsx}"],
          env: { EXPECTED_REACT: "19" },
        },
      },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: "react-18",
          environment: "happy-dom",
          include: ["src/**/*.test.{ts,tsx}"],
          env: { EXPECTED_REACT: "18" },
        },
      },
    ],
  },
});
