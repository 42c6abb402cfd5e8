// Prints what @lifeline/core costs an app: each public entry bundled by esbuild for the browser as minified ESM,
// then gzip (level 9) and brotli (quality 11) sizes. Reference: partysocket's whole reconnecting core is 2.7 kB gzip;
// react-use-websocket is 6.8 kB gzip. Budgets arrive with a later issue; for now this only reports.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const entries = [
  ["@lifeline/core", "packages/core/dist/index.js"],
  ["@lifeline/core/explain", "packages/core/dist/explain/index.js"],
  ["@lifeline/core/locales/en", "packages/core/dist/locales/en.js"],
  ["@lifeline/core/locales/zh-CN", "packages/core/dist/locales/zh-CN.js"],
];

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`.padStart(9);
console.log(`${"entry".padEnd(30)}${"minified".padStart(9)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
for (const [name, file] of entries) {
  const path = `${root}${file}`;
  if (!existsSync(path)) {
    console.error(`[size] ${file} is missing. Run the build first: pnpm turbo run build --filter=@lifeline/core`);
    process.exit(1);
  }
  const result = await build({
    entryPoints: [path],
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
  console.log(`${name.padEnd(30)}${kB(code.length)} ${kB(gzip)} ${kB(brotli)}`);
}
