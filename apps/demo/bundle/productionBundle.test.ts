// Issue 23: the devtools cost a production build nothing. `@lifeline/devtools` renders only when
// `process.env.NODE_ENV === "development"`, which bundlers replace with a string, so a production bundle of the demo
// must hold none of the toggle, the panel or their CSS; `@lifeline/devtools/production` opts in, and a bundle of it
// must hold them. Each build goes to a directory of its own under the OS's temp directory, never into the repo.

import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { build as viteBuild } from "vite";
import { afterAll, describe, expect, it } from "vitest";

const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * What only the devtools carry: their CSS class prefix (in the toggle's and the panel's markup and in their
 * stylesheet), the toggle's name and a heading of the panel's fault controls.
 */
const DEVTOOLS_ONLY = ["lldt-", "Lifeline devtools", "Close as the server would"] as const;

const made: string[] = [];
afterAll(async () => {
  for (const directory of made) await rm(directory, { recursive: true, force: true });
});

async function tempDirectory() {
  const directory = await mkdtemp(join(tmpdir(), "lifeline-demo-bundle-"));
  made.push(directory);
  return directory;
}

/** Every JS and CSS file under `directory`, by name, with its text. */
async function assets(directory: string) {
  const names = (await readdir(directory, { recursive: true })).filter((name) => /\.(js|css)$/.test(name));
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(directory, name), "utf8") })));
}

/** Which of the devtools' strings appear in which files. */
function devtoolsIn(files: { name: string; text: string }[]) {
  return files.flatMap((file) =>
    DEVTOOLS_ONLY.filter((word) => file.text.includes(word)).map((word) => `${word} in ${file.name}`),
  );
}

/** The files a page that loads `entry` can reach: the entry, and every file named in a file reached (imports). */
function reachable(files: { name: string; text: string }[], entry: string) {
  const reached = files.filter((file) => file.name === entry);
  for (let index = 0; index < reached.length; index++) {
    for (const file of files) {
      const base = file.name.split(/[\\/]/).at(-1) ?? file.name;
      if (!reached.includes(file) && reached[index]!.text.includes(base)) reached.push(file);
    }
  }
  return reached;
}

/** An esbuild production bundle (minified, split like an app's, NODE_ENV defined) of an entry that renders `entry`. */
async function bundleOf(entry: string) {
  const directory = await tempDirectory();
  const source = join(directory, "entry.js");
  await writeFile(
    source,
    `import { LifelineDevtools } from "${entry}";
import "@lifeline/devtools/styles.css";
import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";
createRoot(document.getElementById("root")).render(jsx(LifelineDevtools, { initialIsOpen: true }));
`,
  );
  const out = join(directory, "out");
  await esbuild({
    entryPoints: [source],
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    outdir: out,
    // The entry sits outside the repo; its imports resolve from the demo's dependencies, as if it were the demo's.
    nodePaths: [join(DEMO, "node_modules")],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return assets(out);
}

describe("the devtools in production bundles", () => {
  it("a production build of the demo holds none of the devtools: no toggle, no panel chunk, no CSS", async () => {
    const out = await tempDirectory();
    // Vitest sets NODE_ENV to "test", and Vite's build would define that for the bundle: a production build is what
    // `vite build` from the shell makes, with NODE_ENV unset or "production".
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await viteBuild({
        root: DEMO,
        mode: "production",
        logLevel: "silent",
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const files = await assets(out);
    // The build is the demo's: its fault panel is there, so an empty or failed build cannot pass.
    expect(files.some((file) => file.text.includes("Drop the connection (1006)"))).toBe(true);
    expect(devtoolsIn(files)).toEqual([]);
  });

  it("a production bundle that imports @lifeline/devtools/production holds the toggle, the panel and the CSS", async () => {
    const files = await bundleOf("@lifeline/devtools/production");
    expect(devtoolsIn(files).map((found) => found.split(" in ")[0])).toEqual(
      expect.arrayContaining([...DEVTOOLS_ONLY]),
    );
    // All of it within reach of the page, and the panel in a chunk of its own: the main chunk carries the toggle alone.
    expect(devtoolsIn(reachable(files, "entry.js")).map((found) => found.split(" in ")[0])).toEqual(
      expect.arrayContaining([...DEVTOOLS_ONLY]),
    );
    const entry = files.find((file) => file.name === "entry.js");
    expect(entry?.text).toContain("Lifeline devtools");
    expect(entry?.text).not.toContain("Close as the server would");
  });

  it("the same bundle of the default entry loads none of it: the difference is the entry, not the bundler", async () => {
    const files = await bundleOf("@lifeline/devtools");
    // esbuild writes a chunk for every dynamic import it meets, even one in code it then drops, so the panel's chunk
    // is on disk; nothing the page loads names it. The stylesheet is there because this entry imports it itself
    // (the demo imports it in development only).
    const loaded = reachable(files, "entry.js").filter((file) => file.name.endsWith(".js"));
    expect(loaded.map((file) => file.name)).toContain("entry.js");
    expect(devtoolsIn(loaded)).toEqual([]);
  });
});
