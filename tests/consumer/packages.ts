// Helpers for the consumer tests: the published packages, packing them as `pnpm publish` would, reading a tarball,
// and running a command with its output kept for the failure message.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, "../..");

/** Every package that is published, by folder under packages/. */
export const PUBLISHED = ["core", "react", "ui", "react-query", "testing", "react-use-websocket", "devtools"] as const;
export type Published = (typeof PUBLISHED)[number];

export interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly exports?: Record<string, unknown>;
  readonly sideEffects?: boolean | readonly string[];
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

export function packageDir(name: Published): string {
  return join(ROOT, "packages", name);
}

export interface RunResult {
  readonly status: number | null;
  /** The command line, stdout and stderr interleaved, as a failure message. */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell; resolves with its exit status and output, or status null after `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = `$ ${command} ${args.join(" ")}\n  (in ${options.cwd})\n`;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ status: null, output: `${output}\n${error.message}`, stdout, stderr });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output, stdout, stderr });
    });
  });
}

/**
 * The pnpm to pack with: the one running this test when pnpm started it (turbo → `pnpm run test`), else `pnpm`
 * on PATH, else the pinned one through npx (`npx -y pnpm@12.21.0 test` on a machine with only npm).
 */
let pnpm: readonly string[] | undefined;
export function pnpmCommand(): readonly string[] {
  if (pnpm) return pnpm;
  const execPath = process.env.npm_execpath ?? "";
  const candidates: (readonly string[])[] = [["pnpm"]];
  if (/(^|\/)pnpm(\.[cm]?js)?$/.test(execPath)) {
    candidates.unshift(/\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath]);
  }
  const works = ([command = "", ...args]: readonly string[]) =>
    spawnSync(command, [...args, "--version"], { stdio: "ignore" }).status === 0;
  pnpm = candidates.find(works) ?? ["npx", "-y", "pnpm@12.21.0"];
  return pnpm;
}

/**
 * Packs one package into its own folder under `destination` with `pnpm pack`, which rewrites `workspace:^` to the
 * real version as `pnpm publish` does. Returns the tarball's path.
 */
export async function pack(dir: string, destination: string): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const [command = "pnpm", ...prefix] = pnpmCommand();
  const result = await run(command, [...prefix, "pack", "--pack-destination", destination], { cwd: dir });
  const tarballs = readdirSync(destination).filter((file) => file.endsWith(".tgz"));
  if (result.status !== 0 || tarballs.length !== 1) {
    throw new Error(`pnpm pack failed or made ${tarballs.length} tarballs:\n${result.output}`);
  }
  return join(destination, tarballs[0] as string);
}

/** Unpacks a tarball into `into` (files land in `into/package/`); returns every file's path relative to that. */
export function unpack(tarball: string, into: string): string[] {
  mkdirSync(into, { recursive: true });
  const result = spawnSync("tar", ["-xzf", tarball, "-C", into], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar failed on ${tarball}: ${result.stderr}`);
  const root = join(into, "package");
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/**
 * The packages that shipped code names with a bare specifier (`from "x"`, `import "x"`, `import("x")`), in JS and
 * in declarations, without `node:` built-ins, `#` imports (the package's own files, via its "imports" field) and
 * the package's own name.
 */
export function importedPackages(packageRoot: string, files: readonly string[], self: string): Map<string, string> {
  const found = new Map<string, string>();
  const specifier = /(?:\bfrom|\bimport)\s*\(?\s*["']([^"'./][^"']*)["']/g;
  for (const file of files) {
    if (!/^dist\/.*\.(js|d\.ts)$/.test(file)) continue;
    for (const match of readFileSync(join(packageRoot, file), "utf8").matchAll(specifier)) {
      const spec = match[1] as string;
      if (spec.startsWith("node:") || spec.startsWith("#")) continue;
      const parts = spec.split("/");
      const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
      if (name !== self && !found.has(name)) found.set(name, file);
    }
  }
  return found;
}
