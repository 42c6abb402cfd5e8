// Builds the CommonJS copy of a package into dist/cjs/, after tsc has built the ES modules into dist/. Run from the
// package's folder. Why: Jest (and any setup that compiles to CommonJS) runs `require()` in a runtime of its own
// that cannot load ES modules, and Node before 20.19 cannot either; the package.json "require" conditions point here.
//
// One file per module, as tsc emits them, not a bundle per entry: a bundle would give each entry its own copy of
// shared module state (parseJsonOnce's cache is shared by the core's entry points and @lifeline/react-query).
// The files are .cjs and .d.cts rather than .js under a nested {"type": "commonjs"} package.json, because a nested
// package.json would hide the package's "imports" field (`#dev`) from them.
//
// Only the modules reachable from the "exports" and "imports" maps are converted, so a Node-only ESM file that no
// entry reaches (the testing package's CLI, which reads import.meta) is not given a broken CommonJS twin.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { transform } from "esbuild";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const out = join("dist", "cjs");
rmSync(out, { recursive: true, force: true });

/** Every ESM file a condition map points at (its "import"/"default"/"production" targets), as paths under dist/. */
function esmTargets(manifest) {
  const found = new Set();
  const visit = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./dist/") && value.endsWith(".js") && !value.startsWith("./dist/cjs/")) {
        found.add(posix.normalize(value.slice(2)));
      }
    } else if (value && typeof value === "object") {
      for (const [condition, target] of Object.entries(value)) if (condition !== "require") visit(target);
    }
  };
  visit(manifest.exports);
  visit(manifest.imports);
  return found;
}

// `./x.js` becomes `./x.cjs`: a relative specifier names the CommonJS twin. Bare and `#` specifiers stay, and
// resolve through the "require" conditions of the package they name.
const relativeJs = /(["'])(\.{1,2}\/[^"']*?)\.js\1/g;
const toCjsSpecifiers = (code) => code.replace(relativeJs, "$1$2.cjs$1");

const pending = [...esmTargets(pkg)];
const done = new Set();
while (pending.length > 0) {
  const file = pending.pop();
  if (done.has(file)) continue;
  done.add(file);
  const source = readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const result = await transform(source, { format: "cjs", target: "node18", sourcefile: file, logLevel: "error" });
  const target = join(out, relative("dist", file)).replace(/\.js$/, ".cjs");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, toCjsSpecifiers(result.code));
  // A relative import() (a lazily loaded part, as @lifeline/devtools' panel) needs its twin as much as a require().
  for (const match of result.code.matchAll(/(?:require|import)\("(\.{1,2}\/[^"]+\.js)"\)/g)) {
    pending.push(posix.normalize(posix.join(posix.dirname(file), match[1])));
  }
  // The declarations beside it, as .d.cts, so TypeScript reads them as CommonJS under node16/nodenext.
  const declaration = file.replace(/\.js$/, ".d.ts");
  let types;
  try {
    types = readFileSync(declaration, "utf8");
  } catch {
    continue;
  }
  const stripped = types.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  writeFileSync(target.replace(/\.cjs$/, ".d.cts"), toCjsSpecifiers(stripped));
  // A declaration may name a module the JS does not (a type-only import); it needs its twin too.
  for (const match of types.matchAll(/(?:from\s+|import\()["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    pending.push(posix.normalize(posix.join(posix.dirname(file), match[1])));
  }
}
