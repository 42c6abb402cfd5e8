import { defineConfig } from "vitest/config";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";

// Every test runs twice: against React 19 (this package's react) and against React 18, which
// tests/react-18 installs with Testing Library's and react-dom's peers bound to it. Aliases swap it in for the
// imports Vite resolves; the packages themselves then require their own React 18.

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Real servers on loopback: on a loaded two-core CI machine a test that sleeps a second or two needs headroom.
    testTimeout: 15000,
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
