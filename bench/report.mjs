// Every benchmark ends with one call to `report`: it prints the table, and when run by run.mjs (BENCH_JSON_DIR
// set) also saves it, with how it was measured, for BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {string} name file-safe id, e.g. "size"
 * @param {{ title: string, method: string, columns: string[], rows: (string|number)[][], notes?: string[] }} result
 */
export function report(name, result) {
  const widths = result.columns.map((column, index) =>
    Math.max(column.length, ...result.rows.map((row) => String(row[index] ?? "").length)),
  );
  const line = (cells) => cells.map((cell, index) => String(cell ?? "").padEnd(widths[index])).join("  ");
  console.log(`\n${result.title}`);
  console.log(line(result.columns));
  for (const row of result.rows) console.log(line(row));
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  const dir = process.env.BENCH_JSON_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(result, null, 2));
  }
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
