// Pulls the ```ts and ```tsx blocks out of the root README, each into its own module, so they can be type-checked
// and run as the user would paste them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const README = join(HERE, "../../README.md");
export const OUT = join(HERE, ".snippets");

export interface Snippet {
  readonly file: string;
  readonly language: "ts" | "tsx";
  readonly code: string;
  /** The README line the block starts on, for error messages. */
  readonly line: number;
}

export function extractSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const fence = /^```(ts|tsx)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const language = match[1] as "ts" | "tsx";
    const line = markdown.slice(0, match.index).split("\n").length;
    snippets.push({ file: `readme-line-${line}.${language}`, language, code: match[2] ?? "", line });
  }
  return snippets;
}

/** Writes every snippet to `.snippets/`, replacing what was there; returns them. */
export function writeSnippets(): Snippet[] {
  const snippets = extractSnippets(readFileSync(README, "utf8"));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // Each block is a module of its own, as a file the user pastes it into would be.
  for (const snippet of snippets) writeFileSync(join(OUT, snippet.file), `${snippet.code}\nexport {};\n`);
  return snippets;
}
