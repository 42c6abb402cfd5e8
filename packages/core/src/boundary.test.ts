import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// The rule: core never imports React and never reads a browser global while its modules load, so it can be
// imported during SSR, in a worker or in Node. These tests enforce it; the fixture proves they can catch a breach.

const TRAPPED = [
  "window",
  "document",
  "navigator",
  "location",
  "self",
  "WebSocket",
  "localStorage",
  "sessionStorage",
  "addEventListener",
  "TextEncoder",
];

function trapGlobals(): { reads: string[]; restore: () => void } {
  const reads: string[] = [];
  const saved = TRAPPED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const name of TRAPPED) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        reads.push(name);
        return undefined;
      },
    });
  }
  const restore = () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  };
  return { reads, restore };
}

const src = new URL(".", import.meta.url).pathname;
// Tests and type tests (`x.test.ts`, `x.test-d.ts`) may import their dev dependencies (vitest, zod, valibot).
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === "__fixtures__"
        ? []
        : sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts") && !/\.test(-d)?\./.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );

describe("core's boundary", () => {
  let restore = () => {};
  afterEach(() => restore());

  it.each(["./index.js", "./explain/index.js", "./locales/en.js", "./locales/zh-CN.js"])(
    "loads %s without reading a browser global",
    async (entry) => {
      vi.resetModules();
      const trap = trapGlobals();
      restore = trap.restore;
      const module = await import(/* @vite-ignore */ entry);
      expect(Object.keys(module).length).toBeGreaterThan(0);
      expect(trap.reads).toEqual([]);
    },
  );

  it("catches a module that reads a browser global at load time", async () => {
    vi.resetModules();
    const trap = trapGlobals();
    restore = trap.restore;
    await import("./__fixtures__/readsWindow.js");
    expect(trap.reads).toContain("window");
  });

  it("imports nothing but its own files: no React, no runtime dependency", () => {
    const bare: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const specifier = match[1] ?? "";
        // `#` imports are the package's own files too, picked per build condition by package.json "imports".
        if (!specifier.startsWith(".") && !specifier.startsWith("#"))
          bare.push(`${file.slice(src.length)}: ${specifier}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it("maps every # import to its own dist files, with a production variant, for import and for require", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(manifest.imports).toEqual({
      "#dev": {
        types: "./src/dev.ts",
        require: { production: "./dist/cjs/dev.production.cjs", default: "./dist/cjs/dev.cjs" },
        production: "./dist/dev.production.js",
        default: "./dist/dev.js",
      },
    });
  });

  it("declares no runtime or peer dependencies", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
  });
});
