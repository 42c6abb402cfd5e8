import { defineConfig } from "vitest/config";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";

// Every test runs twice, against React 19 (this package's react) and against React 18 (the peer range starts
// there), as in packages/react: the aliases swap tests/react-18's React in for the imports Vite resolves.

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that waits for a reconnect needs headroom.
    testTimeout: 20000,
    projects: [
      { extends: true, test: { name: "react-19", environment: "happy-dom", env: { EXPECTED_REACT: "19" } } },
      {
        extends: true,
        resolve: { alias },
        test: { name: "react-18", environment: "happy-dom", env: { EXPECTED_REACT: "18" } },
      },
    ],
  },
});
