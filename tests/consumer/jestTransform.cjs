// The consumer app's Jest transform: its test files (ESM syntax and JSX) compiled to CommonJS, as babel-jest, ts-jest
// and @swc/jest setups do. Jest leaves node_modules untransformed, so Lifeline is loaded with require() as published.
"use strict";
const { transformSync } = require("esbuild");

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: /\.[jt]sx$/.test(filename) ? "tsx" : "ts",
      format: "cjs",
      jsx: "automatic",
      target: "node20",
      sourcefile: filename,
      sourcemap: "external",
    });
    return { code, map };
  },
};
