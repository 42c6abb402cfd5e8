// Prints what Lifeline costs an app: what it imports, bundled by esbuild for the browser as minified ESM (React
// left out), then gzip (level 9) and brotli (quality 11) sizes. Reference: partysocket's whole reconnecting core is 2.7 kB gzip;
// react-use-websocket is 6.8 kB gzip. Budgets arrive with a later issue; for now this only reports.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
// [name, what an app imports]. React itself is left out: the app has it anyway.
const entries = [
  ["@lifeline/core (all)", 'export * from "./packages/core/dist/index.js";'],
  ["createSocket", 'export { createSocket } from "./packages/core/dist/index.js";'],
  ["@lifeline/core/explain", 'export * from "./packages/core/dist/explain/index.js";'],
  ["@lifeline/core/locales/en", 'export * from "./packages/core/dist/locales/en.js";'],
  ["@lifeline/core/locales/zh-CN", 'export * from "./packages/core/dist/locales/zh-CN.js";'],
  ["useWebSocket (core + hook)", 'export { useWebSocket } from "./packages/react/dist/index.js";'],
  [
    "useWebSocket + ConnectionBanner",
    'export { useWebSocket } from "./packages/react/dist/index.js"; export { ConnectionBanner } from "./packages/ui/dist/index.js";',
  ],
];

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`.padStart(9);
console.log(`${"entry".padEnd(34)}${"minified".padStart(9)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
for (const dist of ["packages/core/dist", "packages/react/dist", "packages/ui/dist"]) {
  if (!existsSync(`${root}${dist}/index.js`)) {
    console.error(`[size] ${dist} is missing. Run the build first: pnpm turbo run build`);
    process.exit(1);
  }
}
for (const [name, contents] of entries) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    external: ["react", "react/jsx-runtime", "react-dom"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${name.padEnd(34)}${kB(code.length)} ${kB(gzip)} ${kB(brotli)}`);
}
