import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

export type ReactVersion = "18" | "19";

const HERE = dirname(fileURLToPath(import.meta.url));
// tests/react-18 installs React 18 with react-dom bound to it; the package's own devDependency is React 19.
const REACT_18 = resolve(HERE, "../../../tests/react-18");

/** Resolves `react` and `react-dom` (and their subpaths), wherever imported, from tests/react-18. */
const react18: Plugin = {
  name: "react-18",
  setup(builder) {
    builder.onResolve({ filter: /^react(-dom)?(\/|$)/ }, (args) =>
      args.pluginData === REACT_18
        ? undefined
        : builder.resolve(args.path, { kind: args.kind, resolveDir: REACT_18, pluginData: REACT_18 }),
    );
  },
};

/**
 * Bundles an entry file of this folder as an app would ship it: `@lifeline/react` from its built `dist` (the
 * package's own exports), React's development build, so every warning React has is printed.
 */
export async function bundle(
  entry: string,
  { react, platform }: { react: ReactVersion; platform: "browser" | "node" },
) {
  const result = await build({
    entryPoints: [resolve(HERE, entry)],
    bundle: true,
    // CommonJS on Node: react-dom/server requires Node's built-ins, which an ESM bundle cannot.
    format: platform === "node" ? "cjs" : "esm",
    platform,
    write: false,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    plugins: react === "18" ? [react18] : [],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
