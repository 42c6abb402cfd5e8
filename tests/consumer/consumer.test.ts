// Package hygiene for every published package: publint and are-the-types-wrong on the packed tarballs, peer
// dependencies that match what the code imports, and the tarballs installed with plain npm into a clean project
// outside the workspace, where a tiny Vite app builds and type-checks and a Node script runs.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { startFaultyServer } from "@lifeline/testing";
import { chromium } from "playwright";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "../../scripts/chromium.mjs";
import {
  HERE,
  importedPackages,
  type PackageJson,
  PUBLISHED,
  type Published,
  pack,
  packageDir,
  readJson,
  run,
  unpack,
} from "./packages.js";

/**
 * What each package must ask of the app as a peer, so the app's single copy is used. Only what the shipped code
 * imports (JS or declarations): @lifeline/react-query imports @tanstack/react-query, and react for its hook
 * (useQueryBridge). Only @lifeline/react-use-websocket imports react-dom (flushSync, as react-use-websocket does).
 */
const EXPECTED_PEERS: Record<Published, readonly string[]> = {
  core: [],
  react: ["react"],
  ui: ["react"],
  "react-query": ["@tanstack/react-query", "react"],
  testing: [],
  "react-use-websocket": ["react", "react-dom"],
  devtools: ["react"],
};
/** A second copy of any of these breaks an app (hooks, context, the query cache): never a plain dependency. */
const SINGLETONS = ["react", "react-dom", "@tanstack/react-query"];

/** The versions the repository pins, as a user would install them next to the tarballs. */
const APP_DEPENDENCIES = {
  "@tanstack/react-query": "5.108.0",
  "@types/react": "19.3.0",
  "@types/react-dom": "19.3.0",
  // @lifeline/testing's declarations name types from node:http (it brings @types/ws itself): a Node project has these.
  "@types/node": "20.19.43",
  "@vitejs/plugin-react": "6.3.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  vite: "8.3.8",
  // A patch above the 8.23.0 that @lifeline/testing was built with: its range must take the app's copy (issue 20 §5).
  ws: "8.23.1",
};

const work = mkdtempSync(join(tmpdir(), "lifeline-consumer-"));
const tarballs = new Map<Published, string>();
const unpacked = new Map<Published, { root: string; files: string[] }>();

beforeAll(async () => {
  for (const name of PUBLISHED) {
    const dir = packageDir(name);
    if (readdirSync(dir).every((file) => file !== "dist")) {
      throw new Error(`packages/${name} has no dist/: build first (turbo run build --filter='./packages/*')`);
    }
    const tarball = await pack(dir, join(work, "tarballs", name));
    tarballs.set(name, tarball);
    const into = join(work, "unpacked", name);
    unpacked.set(name, { root: join(into, "package"), files: unpack(tarball, into) });
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Whether package.json's `sideEffects` keeps `file` (a path like "./dist/styles.css"); globs as bundlers read them. */
function hasSideEffects(sideEffects: PackageJson["sideEffects"], file: string): boolean {
  if (sideEffects === undefined || sideEffects === true) return true;
  if (sideEffects === false) return false;
  const path = file.replace(/^\.\//, "");
  return sideEffects.some((glob) => {
    const literal = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    const pattern = glob
      .replace(/^\.\//, "")
      .split("**/")
      .map((part) => part.split("*").map(literal).join("[^/]*"))
      .join("(?:.*/)?");
    // A pattern without a slash matches the file name anywhere, as webpack does.
    return new RegExp(`^${glob.includes("/") ? "" : "(?:.*/)?"}${pattern}$`).test(path);
  });
}

function tarball(name: Published): string {
  const file = tarballs.get(name);
  if (!file) throw new Error(`@lifeline/${name} was not packed`);
  return file;
}

function contents(name: Published): { root: string; files: string[]; json: PackageJson } {
  const found = unpacked.get(name);
  if (!found) throw new Error(`@lifeline/${name} was not unpacked`);
  return { ...found, json: readJson<PackageJson>(join(found.root, "package.json")) };
}

describe("publint, every suggestion included, on the packed tarball", () => {
  it.each(PUBLISHED)("@lifeline/%s", async (name) => {
    const bytes = readFileSync(tarball(name));
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: "suggestion",
      strict: true,
    });
    const text = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`);
    expect(text, text.join("\n")).toEqual([]);
  });
});

describe("are-the-types-wrong on the packed tarball", () => {
  // Every entry point must resolve, with types, under node16 ESM, node16 CommonJS (the "require" conditions and
  // their .d.cts) and bundler resolution: `--profile node16`. Only the pre-exports `node10` resolution, which has no
  // export maps at all, is not checked.
  const IGNORED_RESOLUTIONS = ["node10"];
  const attw = join(HERE, "node_modules", ".bin", "attw");

  it.each(PUBLISHED)("@lifeline/%s", async (name) => {
    const { json } = contents(name);
    // A stylesheet export has no types by nature; attw reports it as unresolved. It is checked where it matters,
    // by the Vite build below.
    const css = Object.keys(json.exports ?? {}).filter((entry) => entry.endsWith(".css"));
    const exclude = css.length ? ["--exclude-entrypoints", ...css] : [];
    const result = await run(attw, [tarball(name), "--profile", "node16", ...exclude, "--format", "json"], {
      cwd: HERE,
      timeoutMs: 60_000,
    });
    let report: { analysis: { types?: { kind: string } }; problems?: unknown };
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(`attw printed no JSON:\n${result.output}`);
    }
    const all = (Array.isArray(report.problems) ? report.problems : Object.values(report.problems ?? {}).flat()) as {
      kind: string;
      entrypoint?: string;
      resolutionKind?: string;
    }[];
    const problems = all.filter((problem) => !IGNORED_RESOLUTIONS.includes(problem.resolutionKind ?? ""));
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    expect(report.analysis.types?.kind, "the package ships its own declarations").toBe("included");
    expect(result.status, result.output).toBe(0);
  });
});

describe("what the packed package.json asks of the app", () => {
  it.each(PUBLISHED)("@lifeline/%s: peers, sideEffects and ranges in the packed package.json", (name) => {
    const { root, files, json } = contents(name);
    const peers = Object.keys(json.peerDependencies ?? {}).sort();
    const dependencies = Object.keys(json.dependencies ?? {});
    expect(peers, "peerDependencies").toEqual([...EXPECTED_PEERS[name]].sort());
    for (const singleton of SINGLETONS) {
      expect(dependencies, `${singleton} must be a peer, never a dependency`).not.toContain(singleton);
    }
    // Everything the shipped JS and declarations import is installed with the package or asked of the app.
    for (const [imported, file] of importedPackages(root, files, json.name)) {
      expect([...dependencies, ...peers], `${file} imports ${imported}`).toContain(imported);
    }
    // pnpm pack turns workspace:^ into a real range; a leftover would not install anywhere else.
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
      for (const [dependency, range] of Object.entries(json[field] ?? {})) {
        expect(range, `${field}.${dependency}`).not.toMatch(/^workspace:/);
      }
    }
    // A stylesheet the app imports only for its effect must not be marked side-effect free, or a bundler that
    // honours "sideEffects" (webpack, Rollup) drops it. Vite keeps CSS regardless, so the build below can't tell.
    for (const [entry, target] of Object.entries(json.exports ?? {})) {
      if (entry.endsWith(".css")) {
        expect(hasSideEffects(json.sideEffects, String(target)), `sideEffects covers ${target}`).toBe(true);
      }
    }
    // Tests (type tests too), their fixtures and stories stay out of the tarball.
    expect(files.filter((file) => /\.(test|test-d|stories)\.|__fixtures__/.test(file))).toEqual([]);
  });
});

describe("a clean project outside the workspace, installed from the tarballs with npm", () => {
  const app = join(work, "app");
  const bin = (name: string) => join(app, "node_modules", ".bin", name);
  // A user's shell, not pnpm's: drop the npm_* and pnpm_* settings pnpm passes to the scripts it runs.
  // Without pnpm's npm_* settings, and without vitest's NODE_ENV=test, which would turn `vite build` into a
  // development build (React's development bundle, the "development" condition) instead of the production one.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key) && key !== "NODE_ENV"),
  );

  beforeAll(async () => {
    mkdirSync(app, { recursive: true });
    cpSync(join(HERE, "app"), app, { recursive: true });
    const dependencies: Record<string, string> = { ...APP_DEPENDENCIES };
    for (const name of PUBLISHED) dependencies[`@lifeline/${name}`] = `file:${tarball(name)}`;
    // The one-line switch of issue 15, with the tarball for the registry: the compat package under the name
    // "react-use-websocket", as `"react-use-websocket": "npm:@lifeline/react-use-websocket@^0.1.0"` installs it.
    dependencies["react-use-websocket"] = `file:${tarball("react-use-websocket")}`;
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: "lifeline-consumer", private: true, type: "module", dependencies }, null, 2)}\n`,
    );
    const install = await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: app, env, timeoutMs: 230_000 });
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.output}`);
  }, 240_000);

  it("installs every package from its tarball, not from a registry or a link", () => {
    const lock = readJson<{ packages: Record<string, { resolved?: string; link?: boolean }> }>(
      join(app, "package-lock.json"),
    );
    for (const name of PUBLISHED) {
      const entry = lock.packages[`node_modules/@lifeline/${name}`];
      expect(entry?.resolved, `@lifeline/${name} in package-lock.json`).toMatch(/\.tgz$/);
      expect(entry?.link).toBeUndefined();
    }
  });

  it("vite build succeeds and emits the stylesheet", async () => {
    const build = await run(bin("vite"), ["build"], { cwd: app, env, timeoutMs: 120_000 });
    expect(build.status, build.output).toBe(0);
    const assets = readdirSync(join(app, "dist", "assets"));
    const css = assets.filter((file) => file.endsWith(".css"));
    expect(css, `${assets.join(", ")}\n${build.output}`).toHaveLength(1);
    expect(readFileSync(join(app, "dist", "assets", css[0] as string), "utf8")).toContain(".ll-banner");
    const js = assets.filter((file) => file.endsWith(".js"));
    const bundle = js.map((file) => readFileSync(join(app, "dist", "assets", file), "utf8")).join("\n");
    // The zh-CN catalogs made it in, through the subpaths.
    expect(bundle).toMatch(/[\u4e00-\u9fff]/);
    // A production build takes core's short error messages (the "production" condition on #dev), not the long ones.
    expect(bundle).toContain("close(): the reason must be a string");
    expect(bundle).not.toContain("Shorten it, or send the details in a message before closing.");
    // Development-only code is gone as a whole: the option checks and the close-code advice, not only their words.
    expect(bundle).not.toContain("a whole number of 0 or more (or Infinity)");
    expect(bundle).not.toContain("is reserved for describing a close locally");
    // The app imports no opt-in path, so none of them ships.
    expect(bundle).not.toContain("createDiagnostics:");
    expect(bundle).not.toContain("tokenBucket:");
  });

  it("core gives the long, helpful messages outside a production build, and short ones under it", async () => {
    // Runs `call` against the installed core in plain Node, with or without the "production" condition, and
    // returns what it printed: the error's message, or "returned" when nothing was thrown.
    const probe = async (call: string, production: boolean) => {
      const script = `import("@lifeline/core").then((core) => { try { ${call}; console.log("returned"); } catch (error) { console.log(error.message); } });`;
      const flags = production ? ["--conditions=production"] : [];
      const result = await run(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd: app, env });
      return { printed: result.stdout.trim(), output: result.output };
    };
    const badReason = "core.validateClose(1000, 42)";
    const plain = await probe(badReason, false);
    expect(plain.printed, plain.output).toBe(
      "[@lifeline/core] close() got a number as its reason. Pass a string of at most 123 UTF-8 bytes.",
    );
    const production = await probe(badReason, true);
    expect(production.printed, production.output).toBe("[@lifeline/core] close(): the reason must be a string");
    // The same split for the option checks: in development a bad option fails at once, with what to use.
    const badOption = `core.createSocket("ws://127.0.0.1:1", { autoConnect: false, connectTimeoutMs: 0, environment: { WebSocket: class {} } })`;
    const checked = await probe(badOption, false);
    expect(checked.printed, checked.output).toBe(
      "[@lifeline/core] createSocket: options.connectTimeoutMs is 0. Use a number above 0.",
    );
    const unchecked = await probe(badOption, true);
    expect(unchecked.printed, unchecked.output).toBe("returned");
    // The same split through require() and the CommonJS build's own #dev files.
    const required = async (production: boolean) => {
      const script = `try { require("@lifeline/core").validateClose(1000, 42); console.log("returned"); } catch (error) { console.log(error.message); }`;
      const flags = production ? ["--conditions=production"] : [];
      const result = await run(process.execPath, [...flags, "--no-experimental-require-module", "-e", script], {
        cwd: app,
        env,
      });
      return { printed: result.stdout.trim(), output: result.output };
    };
    const requiredPlain = await required(false);
    expect(requiredPlain.printed, requiredPlain.output).toBe(plain.printed);
    const requiredProduction = await required(true);
    expect(requiredProduction.printed, requiredProduction.output).toBe(production.printed);
  });

  it("the Node script imports @lifeline/testing and @lifeline/core, breaks a server and exits 0", async () => {
    const script = await run(process.execPath, ["server.mjs"], { cwd: app, env, timeoutMs: 30_000 });
    expect(script.status, script.output).toBe(0);
    expect(JSON.parse(script.stdout.trim().split("\n").at(-1) ?? "null"), script.output).toEqual({
      seen: { action: "after-hint", retryAfterMs: 30_000 },
      direct: { action: "after-hint", retryAfterMs: 30_000 },
      fake: "function",
    });
  });

  // Issue 20 §5: with only "import" conditions, require("@lifeline/core") failed with ERR_PACKAGE_PATH_NOT_EXPORTED.
  // --no-experimental-require-module: the CommonJS builds, not Node 20.19's require() of ES modules, must do it, as
  // in Jest's runtime, which has no require() of ES modules at all.
  it("a CommonJS script requires every entry point of every package, gets the CommonJS build, and runs", async () => {
    const script = await run(process.execPath, ["--no-experimental-require-module", "require.cjs"], {
      cwd: app,
      env,
      timeoutMs: 30_000,
    });
    expect(script.status, script.output).toBe(0);
    const printed = JSON.parse(script.stdout.trim().split("\n").at(-1) ?? "null");
    const entries = Object.entries(printed.entries as Record<string, { cjs: boolean; names: number }>);
    const expected = PUBLISHED.flatMap((name) =>
      Object.keys(contents(name).json.exports ?? {})
        .filter((entry) => entry !== "./package.json" && !entry.endsWith(".css"))
        .map((entry) => `@lifeline/${name}${entry.slice(1)}`),
    );
    expect(entries.map(([id]) => id).sort()).toEqual(expected.sort());
    expect(entries.filter(([, found]) => !found.cjs)).toEqual([]);
    expect(printed.entries["@lifeline/core"].names, script.output).toBeGreaterThan(10);
    expect(printed.seen).toEqual({ action: "after-hint", retryAfterMs: 30_000 });
  });

  it("a Jest test of a small app, compiled to CommonJS, runs against a real server", async () => {
    const server = await startFaultyServer();
    const consumerRequire = createRequire(join(HERE, "package.json"));
    const config = {
      rootDir: app,
      roots: ["<rootDir>/jest"],
      testEnvironment: consumerRequire.resolve("jest-environment-jsdom"),
      transform: { "\\.[jt]sx?$": join(HERE, "jestTransform.cjs") },
      cacheDirectory: join(work, "jest-cache"),
      watchman: false,
      testTimeout: 60_000,
    };
    try {
      const jest = await run(
        process.execPath,
        [consumerRequire.resolve("jest/bin/jest"), "--ci", "--colors=false", "--config", JSON.stringify(config)],
        { cwd: app, env: { ...env, LIFELINE_SERVER_URL: server.url }, timeoutMs: 110_000 },
      );
      expect(jest.status, jest.output).toBe(0);
      expect(jest.stderr, jest.output).toMatch(/Tests:\s+1 passed, 1 total/);
      expect(server.acceptedConnections).toBe(1);
      expect(server.stats().receivedMessages).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it("@lifeline/testing uses the app's ws, a patch newer than its own, rather than a second copy", () => {
    const lock = readJson<{ packages: Record<string, { version?: string }> }>(join(app, "package-lock.json"));
    expect(lock.packages["node_modules/ws"]?.version).toBe("8.23.1");
    expect(Object.keys(lock.packages).filter((path) => path.endsWith("node_modules/ws"))).toEqual(["node_modules/ws"]);
  });

  it("the bin lifeline-chaos runs", async () => {
    const help = await run(bin("lifeline-chaos"), ["--help"], { cwd: app, env, timeoutMs: 30_000 });
    expect(help.status, help.output).toBe(0);
    expect(help.stdout).toContain("lifeline-chaos");
  });

  // TypeScript 7 is a native compiler with no JS API: its CLI, the repository's pinned one. skipLibCheck is off in
  // both projects, so the tarballs' declarations are checked too, not only used.
  async function typecheck(project: string, expected: readonly Published[], aliases: readonly string[] = []) {
    const tsc = join(HERE, "node_modules", ".bin", "tsc");
    const listed = await run(tsc, ["-p", join(app, project), "--listFilesOnly"], { cwd: app, env });
    // The declarations really come from the installed tarballs.
    for (const name of expected) {
      expect(listed.stdout, listed.output).toContain(join(app, "node_modules", "@lifeline", name, "dist"));
    }
    for (const name of aliases) {
      expect(listed.stdout, listed.output).toContain(join(app, "node_modules", name, "dist", "lib", "types.d.ts"));
    }
    const check = await run(tsc, ["-p", join(app, project)], { cwd: app, env });
    expect(check.stdout + check.stderr, check.output).toBe("");
    expect(check.status, check.output).toBe(0);
  }

  it("the app type-checks, strict, moduleResolution bundler, against the tarballs' declarations", async () => {
    // compat/ is the react-use-websocket app: its deep type imports resolve in the aliased tarball.
    await typecheck("tsconfig.json", ["core", "react", "ui", "react-query"], ["react-use-websocket"]);
  });

  it("the Node scripts, ES module and CommonJS, type-check, strict, moduleResolution NodeNext (checkJs)", async () => {
    await typecheck("tsconfig.node.json", ["core", "testing"]);
  });

  it("the react-use-websocket app runs unchanged on the compat package through the alias, in Chromium", async () => {
    const build = await run(bin("vite"), ["build", "--config", "compat/vite.config.mjs"], { cwd: app, env });
    expect(build.status, build.output).toBe(0);
    const lock = readJson<{ packages: Record<string, { resolved?: string; name?: string }> }>(
      join(app, "package-lock.json"),
    );
    expect(lock.packages["node_modules/react-use-websocket"]?.resolved).toMatch(/react-use-websocket.*\.tgz$/);
    const server = await startFaultyServer();
    const pages = await serveStatic(join(app, "compat", "dist"));
    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${pages.url}/index.html?ws=${encodeURIComponent(server.url)}`);
      await page.waitForSelector("text=The WebSocket is currently Open", { timeout: 15_000 });
      await page.waitForSelector("#badge:text-is('OPEN')");
      await page.click("text=Click Me to send 'Hello'");
      await page.waitForSelector("#history li:text-is('Hello')", { timeout: 15_000 });
      // share: true in both components, so one connection; the echo came back through it.
      expect(server.acceptedConnections).toBe(1);
      expect(server.stats().receivedMessages).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await pages.close();
      await server.stop();
    }
  });
});

/** Serves `root`'s files on 127.0.0.1 (any free port), as any static host would. */
async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? "/", "http://localhost").pathname).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = readFileSync(join(root, path));
      response.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
