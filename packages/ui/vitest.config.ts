import { defineConfig } from "vitest/config";
import { react18Aliases as alias } from "../../tests/react-18/aliases.js";

// Everything runs on React 19 (this package's react). The ref test runs on React 18 too, from tests/react-18, since
// that is where forwardRef matters; the aliases swap React 18 in for the imports Vite resolves, as in
// packages/react.

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    projects: [
      { extends: true, test: { name: "react-19", environment: "happy-dom", env: { EXPECTED_REACT: "19" } } },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: "react-18",
          environment: "happy-dom",
          env: { EXPECTED_REACT: "18" },
          include: ["src/refs.test.tsx"],
        },
      },
    ],
  },
});
