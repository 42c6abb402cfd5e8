// Issue 20 §5: the README told users to install `npm:@lifeline/react-use-websocket@^0.2.0` while the package was
// 0.1.0, a line that would not resolve once published. Every version range a README quotes for a Lifeline package
// must take that package's own version.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function readmes(): string[] {
  const found = [join(ROOT, "README.md")];
  for (const folder of ["packages", "apps", "tests"]) {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = join(ROOT, folder, entry.name, "README.md");
      try {
        readFileSync(file);
        found.push(file);
      } catch {
        // A folder without a README.
      }
    }
  }
  return found;
}

const versions = new Map<string, string>();
for (const entry of readdirSync(join(ROOT, "packages"), { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const json = JSON.parse(readFileSync(join(ROOT, "packages", entry.name, "package.json"), "utf8"));
  versions.set(json.name, json.version);
}

/**
 * Every `@lifeline/x@range` (an install command, an npm: alias) and every `"@lifeline/x": "range"` (a package.json
 * snippet) in the text, with the line it is on.
 */
function quotedRanges(text: string): { name: string; range: string; line: number }[] {
  const patterns = [
    /(@lifeline\/[a-z0-9-]+)@([~^]?[0-9][^\s"'`)]*)/g,
    /"(@lifeline\/[a-z0-9-]+)"\s*:\s*"([~^]?[0-9][^"]*)"/g,
  ];
  const found: { name: string; range: string; line: number }[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const line = text.slice(0, match.index).split("\n").length;
      found.push({ name: match[1] as string, range: match[2] as string, line });
    }
  }
  return found;
}

/** Whether `version` is in `range`, for the forms a README quotes: `1.2.3`, `^1.2.3`, `~1.2.3` (npm's rules). */
function satisfies(version: string, range: string): boolean {
  const parse = (text: string) => {
    const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (!parts) throw new Error(`"${text}" is not a plain major.minor.patch version`);
    return [Number(parts[1]), Number(parts[2]), Number(parts[3])] as const;
  };
  const operator = /^[~^]/.exec(range)?.[0] ?? "";
  const low = parse(range.slice(operator.length));
  const have = parse(version);
  type Version = readonly [number, number, number];
  const compare = (a: Version, b: Version) => (a[0] !== b[0] ? a[0] - b[0] : a[1] !== b[1] ? a[1] - b[1] : a[2] - b[2]);
  if (operator === "") return compare(have, low) === 0;
  if (compare(have, low) < 0) return false;
  // Caret keeps the leftmost non-zero part (^0.2.0 is 0.2.x, ^1.2.0 is 1.x); tilde keeps major and minor.
  if (operator === "~" || low[0] === 0) {
    if (low[0] === 0 && low[1] === 0 && operator === "^") return compare(have, low) === 0;
    return have[0] === low[0] && have[1] === low[1];
  }
  return have[0] === low[0];
}

describe("version ranges quoted in the READMEs", () => {
  it("reads npm's rules for the forms the READMEs use", () => {
    expect(satisfies("0.1.0", "^0.1.0")).toBe(true);
    expect(satisfies("0.1.4", "^0.1.0")).toBe(true);
    expect(satisfies("0.1.0", "^0.2.0")).toBe(false);
    expect(satisfies("0.2.0", "^0.1.0")).toBe(false);
    expect(satisfies("1.4.0", "^1.2.0")).toBe(true);
    expect(satisfies("1.2.9", "~1.2.0")).toBe(true);
    expect(satisfies("1.3.0", "~1.2.0")).toBe(false);
    expect(satisfies("0.0.2", "^0.0.1")).toBe(false);
    expect(satisfies("0.2.0", "0.2.0")).toBe(true);
  });

  it("finds the ranges of a README line", () => {
    expect(quotedRanges('`"react-use-websocket": "npm:@lifeline/react-use-websocket@^0.2.0"`, and')).toEqual([
      { name: "@lifeline/react-use-websocket", range: "^0.2.0", line: 1 },
    ]);
    expect(quotedRanges('npm i @lifeline/core@0.2.0\n  "@lifeline/react": "~0.1.1",')).toEqual([
      { name: "@lifeline/core", range: "0.2.0", line: 1 },
      { name: "@lifeline/react", range: "~0.1.1", line: 2 },
    ]);
  });

  it("takes each package's own version, in every README", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of readmes()) {
      for (const { name, range, line } of quotedRanges(readFileSync(file, "utf8"))) {
        checked++;
        const version = versions.get(name);
        const where = `${relative(ROOT, file)}:${line}`;
        if (version === undefined) wrong.push(`${where}: ${name} is not a package of this repository`);
        else if (!satisfies(version, range)) wrong.push(`${where}: ${name}@${range} does not take ${version}`);
      }
    }
    expect(wrong).toEqual([]);
    // The compat package's alias line is quoted in two READMEs; a pattern that found nothing would pass vacuously.
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
