// Copies each component's plain CSS into dist and concatenates all of it into dist/styles.css, the one file
// apps import. No CSS-in-JS, so a strict Content-Security-Policy needs no 'unsafe-inline'.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const src = join(process.cwd(), "src");
const dist = join(process.cwd(), "dist");
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".css"))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

const parts = [];
for (const file of files) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  const text = readFileSync(file, "utf8");
  writeFileSync(target, text);
  parts.push(`/* ${relative(src, file)} */\n${text}`);
}
writeFileSync(join(dist, "styles.css"), parts.join("\n"));
console.log(`copy-css: ${files.length} file(s) into dist/styles.css`);
