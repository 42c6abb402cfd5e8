// The size budgets (gzip) from the issue that set them, checked against bench/size.mjs's production bundles.
// `pnpm test` runs it: it prints the sizes and every budget, and exits 1 if an enforced one is over.
// The two core budgets are not enforced yet: core is far over them today (see BENCHMARKS.md), and they turn on
// with the cuts that meet them, so that from then on they can only fail for a regression.
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { bundle, measureSizes, reportSizes } from "./size.mjs";

const BUDGETS = [
  { name: "@lifeline/core main entry", entry: "Lifeline core (whole main entry)", gzip: 2500, enforced: false },
  { name: "core + useWebSocket", entry: "Lifeline core + hook", gzip: 3500, enforced: false },
  {
    name: "banner + one locale, over the hook",
    entry: "Lifeline hook + banner + one locale",
    over: "Lifeline core + hook",
    gzip: 3000,
    enforced: true,
  },
];

const measured = await measureSizes();
reportSizes(measured);
const byName = new Map(measured.map((size) => [size.name, size]));
const sizes = new Map(measured.map((size) => [size.name, size.gzip]));
let over = 0;
console.log(`${"budget".padEnd(38)}${"gzip".padStart(9)}${"limit".padStart(9)}`);
for (const budget of BUDGETS) {
  const gzip = sizes.get(budget.entry) - (budget.over ? sizes.get(budget.over) : 0);
  const ok = gzip <= budget.gzip;
  if (!ok && budget.enforced) over++;
  const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`.padStart(9);
  console.log(
    `${budget.name.padEnd(38)}${kB(gzip)}${kB(budget.gzip)}  ${ok ? "ok" : "OVER"}${budget.enforced ? "" : " (not enforced yet)"}`,
  );
}
// Each close-code locale is its own chunk: an app that shows no explanation, or one language, carries no other text.
const decoder = new TextDecoder();
const text = async (contents) => decoder.decode(await bundle(contents));
const chunks = {
  // The bundles measured above, not built again.
  "the core main entry": decoder.decode(byName.get("Lifeline core (whole main entry)").code),
  "core + useWebSocket": decoder.decode(byName.get("Lifeline core + hook").code),
  "@lifeline/core/locales/en": await text('export * from "@lifeline/core/locales/en";'),
  "@lifeline/core/locales/zh-CN": await text('export * from "@lifeline/core/locales/zh-CN";'),
};
const sample = { en: en.codes[1006].meaning, "zh-CN": zhCN.codes[1006].meaning };
const expected = {
  "the core main entry": [],
  "core + useWebSocket": [],
  "@lifeline/core/locales/en": ["en"],
  "@lifeline/core/locales/zh-CN": ["zh-CN"],
};
for (const [name, code] of Object.entries(chunks)) {
  const found = Object.keys(sample).filter((locale) => code.includes(sample[locale]));
  const ok = JSON.stringify(found) === JSON.stringify(expected[name]);
  if (!ok) over++;
  console.log(
    `${`close-code texts in ${name}`.padEnd(56)}${(found.join(", ") || "none").padStart(9)}  ${ok ? "ok" : "WRONG"}`,
  );
}
if (over > 0) {
  console.error(
    `[@lifeline/bench] ${over} size check(s) failed. Cut the bundle, keep each locale in its own chunk, or argue the budget in an issue.`,
  );
  process.exit(1);
}
