// Runs every benchmark, one after the other (each would disturb the others' timings), and writes BENCHMARKS.md at
// the repository root from what they report: the machine, the versions, how each figure was taken, the tables.
// `pnpm bench` from the root builds the packages first. ONLY=size,schedule runs a subset.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const SCRIPTS = [
  ["size", "size.mjs", []],
  ["schedule", "schedule.mjs", []],
  ["throughput", "throughput.mjs", ["--expose-gc"]],
  ["herd", "herd.mjs", []],
  ["memory", "memory.mjs", ["--expose-gc"]],
  ["renders", "renders.mjs", []],
  ["typed", "typed.mjs", ["--expose-gc"]],
  ["heartbeat", "heartbeat.mjs", []],
  ["compat", "compat.mjs", []],
  // The one that needs a browser: Debian's Chromium (scripts/chromium.mjs); it reports itself skipped without one.
  ["tabs", "tabs.mjs", []],
];
const only = process.env.ONLY?.split(",");
const dir = mkdtempSync(join(tmpdir(), "lifeline-bench-"));

for (const [name, file, flags] of SCRIPTS) {
  if (only && !only.includes(name)) continue;
  console.log(`\n── ${name}`);
  const result = spawnSync(process.execPath, [...flags, join(here, file)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_JSON_DIR: dir },
  });
  if (result.status !== 0) {
    console.error(`[bench] ${file} failed (exit ${result.status}); BENCHMARKS.md is not written.`);
    process.exit(1);
  }
}

const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
const libraries = ["react-use-websocket", "partysocket", "reconnecting-websocket", "websocket-ts", "sockette", "ws"];
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: here, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const cell = (value) => String(value ?? "").replaceAll("|", "\\|");
// A script may report more than one table: "typed.json", then "typed-renders.json", in the order the script runs.
const rank = (file) => SCRIPTS.findIndex(([n]) => file === `${n}.json` || file.startsWith(`${n}-`));
const sections = readdirSync(dir)
  .sort((a, b) => rank(a) - rank(b) || a.length - b.length)
  .map((file) => JSON.parse(readFileSync(join(dir, file), "utf8")));

const lines = [
  "# Benchmarks",
  "",
  "Lifeline next to the libraries an app would otherwise use, measured in one run on one machine by",
  "`pnpm bench` (the scripts are in [`bench/`](bench)). This file is written by `bench/run.mjs`; do not edit it by",
  "hand. Timings vary between machines and runs: compare the rows of one table with each other, and prefer the",
  "ratios and medians to the raw numbers.",
  "",
  `- Run: ${new Date().toISOString().slice(0, 10)}, commit ${commit}`,
  `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}`,
  `- Node ${process.version}; React ${version("react")} (development build, as in tests)`,
  `- Versions: ${libraries.map((name) => `${name} ${version(name)}`).join(", ")}`,
  "",
];
for (const section of sections) {
  lines.push(`## ${section.title}`, "", section.method, "");
  lines.push(`| ${section.columns.map(cell).join(" | ")} |`, `|${section.columns.map(() => " --- ").join("|")}|`);
  for (const row of section.rows) lines.push(`| ${row.map(cell).join(" | ")} |`);
  lines.push("");
  for (const note of section.notes ?? []) lines.push(`- ${note}`);
  if (section.notes?.length) lines.push("");
}
const target = join(here, "..", "BENCHMARKS.md");
writeFileSync(target, lines.join("\n"));
// In the repository's own format, so `biome ci` stays green after a run.
const biome = join(here, "..", "node_modules", "@biomejs", "biome", "bin", "biome");
spawnSync(process.execPath, [biome, "format", "--write", target], { stdio: "ignore" });
console.log(`\n[bench] wrote BENCHMARKS.md (${sections.length} tables)`);
