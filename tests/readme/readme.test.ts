import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { extractSnippets, HERE, OUT, writeSnippets } from "./snippets.js";

const snippets = writeSnippets();

describe("the README's snippets", () => {
  it("are found: one per quick start at least, and the troubleshooting ones", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    expect(snippets.some((snippet) => snippet.code.includes('from "@lifeline/testing"'))).toBe(true);
  });

  it("type-check against the built packages, strict, as pasted", () => {
    // TypeScript 7's compiler is a native binary behind this shim; it has no JS API to call instead.
    const tsc = join(HERE, "node_modules", ".bin", "tsc");
    const project = ["-p", join(HERE, "tsconfig.snippets.json")];
    // TypeScript skips dot-folders in wildcards without a word; make sure every snippet is really in the program.
    const listed = spawnSync(tsc, [...project, "--listFilesOnly"], { encoding: "utf8" }).stdout;
    for (const snippet of snippets) expect(listed).toContain(snippet.file);
    const result = spawnSync(tsc, project, { encoding: "utf8" });
    // Named by README line, so a failure points at the block to fix.
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the @lifeline/testing one runs and prints the decision its comment promises", async () => {
    const testing = snippets.find((snippet) => snippet.code.includes("startFaultyServer()"));
    expect(testing).toBeDefined();
    const printed: unknown[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args) => void printed.push(...args));
    try {
      await import(join(OUT, testing!.file));
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual([{ action: "after-hint", retryAfterMs: 30_000 }]);
  });

  it("the extractor sees through other fences and counts lines from 1", () => {
    const found = extractSnippets("# t\n```sh\nls\n```\n```ts\nconst a = 1;\n```\n");
    expect(found).toEqual([{ file: "readme-line-5.ts", language: "ts", code: "const a = 1;\n", line: 5 }]);
  });
});
