// Bundle size: what each library adds to an app's production bundle for the smallest real use of it. Each entry is
// a few lines an app would write, bundled by esbuild as a production build for the browser (minified ESM, React left
// out because the app has it anyway), then compressed as a CDN would serve it: gzip level 9 and brotli quality 11.
// Prints kB (1 kB = 1000 bytes). `measureSizes()` returns the same figures in bytes, for a CI budget check.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { report } from "./report.mjs";

// Resolve as an app would from here: the workspace packages and the incumbents are this package's devDependencies.
const benchDir = fileURLToPath(new URL(".", import.meta.url));

// [name, entry source]. The incumbents construct their socket (or export their hook) and export the result, so the
// bundler keeps exactly the code that use reaches, as it would in an app.
export const ENTRIES = [
  ["Lifeline createSocket only", 'export { createSocket } from "@lifeline/core";'],
  ["Lifeline core (whole main entry)", 'export * from "@lifeline/core";'],
  [
    "Lifeline createSocket + browser()",
    'export { createSocket } from "@lifeline/core";\nexport { browser } from "@lifeline/core/browser";',
  ],
  ["Lifeline core + hook", 'export { useWebSocket } from "@lifeline/react";'],
  [
    "Lifeline hook + banner + one locale",
    [
      'export { useWebSocket } from "@lifeline/react";',
      'export { ConnectionBanner } from "@lifeline/ui";',
      'export { bannerZhCN } from "@lifeline/ui/locales/zh-CN";',
    ].join("\n"),
  ],
  // Issue 24: typed, validated messages. The socket with createTypedMessages, and the hook with all four typed hooks
  // (read, handle, fold, and send with onMessage/onInvalid); defineMessages comes with either, as an app defines its
  // messages once.
  [
    "Lifeline createSocket + typed messages",
    'export { createSocket } from "@lifeline/core";\nexport { createTypedMessages, defineMessages } from "@lifeline/core/typed";',
  ],
  [
    "Lifeline hook + typed hooks",
    [
      'export { useMessage, useMessageHandler, useMessageReducer, useMessages, useWebSocket } from "@lifeline/react";',
      'export { defineMessages } from "@lifeline/core/typed";',
    ].join("\n"),
  ],
  ["Lifeline react-use-websocket drop-in", 'export { default as useWebSocket } from "@lifeline/react-use-websocket";'],
  [
    "partysocket 1.3.0 WebSocket",
    'import { WebSocket } from "partysocket";\nexport const socket = new WebSocket("wss://example.com/live");',
  ],
  ["partysocket 1.3.0 react useWebSocket", 'export { useWebSocket } from "partysocket/react";'],
  ["react-use-websocket 4.13.0", 'export { default as useWebSocket } from "react-use-websocket";'],
  [
    "reconnecting-websocket 4.4.0",
    'import ReconnectingWebSocket from "reconnecting-websocket";\nexport const socket = new ReconnectingWebSocket("wss://example.com/live");',
  ],
  [
    "websocket-ts 2.3.0 + ExponentialBackoff",
    [
      'import { ExponentialBackoff, WebsocketBuilder } from "websocket-ts";',
      'export const socket = new WebsocketBuilder("wss://example.com/live").withBackoff(new ExponentialBackoff(1000, 6)).build();',
    ].join("\n"),
  ],
  ["sockette 2.0.6", 'import Sockette from "sockette";\nexport const socket = new Sockette("wss://example.com/live");'],
];

/** Bundles one entry as an app's production build does and returns its bytes. */
export async function bundle(contents) {
  return (await bundleWithInputs(contents)).code;
}

/** As bundle(), with the source files whose code ended up in the bundle (paths as esbuild's metafile gives them). */
export async function bundleWithInputs(contents) {
  const result = await build({
    stdin: { contents, resolveDir: benchDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Every app bundler defines this for production; React-facing code drops its development branches on it.
    define: { "process.env.NODE_ENV": '"production"' },
    // As Vite, webpack and Parcel do for a production build: packages pick their production files by this condition.
    conditions: ["production"],
    // UTF-8 out, as Vite writes it; esbuild's default escapes every non-ASCII character, inflating Chinese text.
    charset: "utf8",
    external: ["react", "react-dom", "react/jsx-runtime"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // The output's own inputs, with the bytes each kept: the metafile's top-level list also names every module esbuild
  // read and then shook out entirely, which an app does not ship.
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { code: result.outputFiles[0].contents, inputs };
}

/**
 * Bundles one entry as bundle() does, but split at its dynamic imports as an app's bundler splits them. Returns each
 * output file with its gzipped size (each file on its own, as a server sends it) and what it imports, and `load(from,
 * seen)`: the files the page fetches to run `from` (it and what it imports statically, transitively), minus `seen`.
 */
export async function bundleSplit(contents) {
  const entry = "size-entry.js";
  const result = await build({
    entryPoints: [entry],
    plugins: [
      {
        name: "size-entry",
        setup(plugin) {
          plugin.onResolve({ filter: /^size-entry\.js$/ }, () => ({ path: entry, namespace: "size-entry" }));
          plugin.onLoad({ filter: /.*/, namespace: "size-entry" }, () => ({
            contents,
            resolveDir: benchDir,
            loader: "js",
          }));
        },
      },
    ],
    bundle: true,
    splitting: true,
    outdir: "/size-out",
    metafile: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    define: { "process.env.NODE_ENV": '"production"' },
    conditions: ["production"],
    charset: "utf8",
    external: ["react", "react-dom", "react/jsx-runtime"],
    write: false,
    logLevel: "silent",
  });
  const name = (path) => path.replace(/^.*size-out\//, "");
  const decoder = new TextDecoder();
  const code = new Map(result.outputFiles.map((file) => [name(file.path), file.contents]));
  const files = new Map(
    Object.entries(result.metafile.outputs).map(([path, output]) => [
      name(path),
      {
        name: name(path),
        code: decoder.decode(code.get(name(path))),
        gzip: gzipSync(code.get(name(path)), { level: 9 }).length,
        imports: output.imports
          .filter((imported) => !imported.external)
          .map((imported) => ({ ...imported, path: name(imported.path) })),
      },
    ]),
  );
  const load = (from, seen = new Set()) => {
    const fetched = new Set([from]);
    for (const file of fetched) {
      for (const imported of files.get(file).imports) {
        if (imported.kind === "import-statement") fetched.add(imported.path);
      }
    }
    return [...fetched].filter((file) => !seen.has(file));
  };
  const gzip = (names) => names.reduce((sum, file) => sum + files.get(file).gzip, 0);
  // esbuild marks every dynamic import's target an entry point too; the real one keeps the entry's name.
  return { files, entry: "size-entry.js", load, gzip };
}

/** @returns {Promise<{ name: string, code: Uint8Array, inputs: string[], minified: number, gzip: number, brotli: number }[]>} sizes in bytes */
export async function measureSizes() {
  // The Lifeline packages are consumed from their dist; without a build the numbers would silently be wrong.
  for (const name of ["core", "react", "ui", "react-use-websocket", "devtools"]) {
    if (!existsSync(`${benchDir}node_modules/@lifeline/${name}/dist/index.js`)) {
      throw new Error(
        `@lifeline/${name} has no dist. Build first: npx turbo run build --filter=@lifeline/bench^... --output-logs=errors-only`,
      );
    }
  }
  const sizes = [];
  for (const [name, contents] of ENTRIES) {
    const { code, inputs } = await bundleWithInputs(contents);
    sizes.push({
      name,
      code,
      inputs,
      minified: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes;
}

const kB = (bytes) => (bytes / 1000).toFixed(2);

/** Prints the sizes (and saves them for BENCHMARKS.md under run.mjs). */
export function reportSizes(sizes) {
  report("size", {
    title: "Bundle size of minimal real use (kB, 1 kB = 1000 bytes)",
    method:
      'Each entry is a few lines an app would write, bundled with esbuild\'s JS API (bundle, minify, ESM, browser, es2022, process.env.NODE_ENV defined as production and the "production" export condition set, as app bundlers do for a production build, UTF-8 output, react/react-dom/react/jsx-runtime external) and resolved from bench/. The output is measured minified, gzipped at level 9 and brotli-compressed at quality 11.',
    columns: ["entry", "minified kB", "gzip kB", "brotli kB"],
    rows: sizes.map((size) => [size.name, kB(size.minified), kB(size.gzip), kB(size.brotli)]),
    notes: [
      "react-use-websocket ships only CommonJS, so esbuild cannot tree-shake it: its useSocketIO and useEventSource come along with useWebSocket, as they would in an app.",
      "partysocket and websocket-ts are ESM and tree-shaken; the figures are for the code the shown use reaches, not the whole package.",
      "The websocket-ts entry adds an ExponentialBackoff, because by default it does not reconnect at all.",
    ],
  });
}

// Run as a script it measures and prints; budgets.mjs imports both and checks the same bundles.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) reportSizes(await measureSizes());
