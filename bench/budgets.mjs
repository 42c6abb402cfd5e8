// The size budgets (gzip) from the issues that set them, checked against bench/size.mjs's production bundles.
// `pnpm test` runs it: it prints the sizes and every budget, and exits 1 if an enforced one is over.
// Issue 12's 3.0 and 4.0 kB could not be met with the behaviour the mission asks for by default; issue 21 replaced
// them with budgets measured on a prototype kernel with features an app imports. Those are printed, not enforced,
// until that kernel lands; so is the project's goal of core + hook under react-use-websocket. What is enforced
// meanwhile: a ceiling on today's socket at its size plus a small margin, so that it can only fail for a regression,
// and the opt-in paths staying out of the main entry. Each opt-in path's cost over createSocket is printed too.

import { gzipSync } from "node:zlib";
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { bundle, measureSizes, reportSizes } from "./size.mjs";

// Today's sizes plus about 3 %: room for a fix, not for a feature that belongs under a subpath. Issue 12's state
// machine, guarded callbacks, close table and applied decision took the core from 6.09 to 7.30 kB; issue 13's
// offline probing, back/forward cache, background handling and the probe's re-decision to 8.01 kB (the probe's
// fetch and status mapping stay under @lifeline/core/probe).
// Issue 20 §1 raised both to what its fixes measured, nothing more: redaction on parsed URLs (it runs on every
// diagnostic and error text, so it is in the main entry; 93 bytes), and the hidden-tab rule, the pause for a tab
// that starts hidden, url functions that return a URL or nothing, the probe's guard (145 bytes of core, 50 more
// in the hook for reconnect() with a null URL). Issue 21's first slices: the machine as a table of named handlers
// in the files of their concerns cost 171 bytes while every feature is still in the main entry; socket.setOptions
// (options per render, one contract) about 50 more in core, and the hook lost about 70 with it, as it no longer
// wraps each callback to read the latest render's. Keeping what each message reads in plain variables, as before
// setOptions, took 16 bytes more. The next slices take the features out of the main entry and replace these
// ceilings with the kernel's budgets.
const CORE_CEILING = 8665;
// Issue 21's slim hook: useWebSocket without select, isEqual and batch (now useWebSocketSelector's) and with a store
// of its own in place of core's message store took the hook's share from 1.33 to 0.69 kB (9.99 to 9.35 kB); the
// ceiling follows it down, with the same margin.
const HOOK_CEILING = 9640;
// What @lifeline/react-use-websocket adds over the socket it runs on (4.35 kB at issue 15; 4.50 after issue 20 gave
// it upstream's own heartbeat and timings), plus a small margin. Issue 21 took it to 3.62 kB: Lifeline's own long
// messages development-only, the hook's state a closure that records what each render read, the ReadyState enum
// out of bundles that do not import it, and smaller glue around the socket. Measured over createSocket alone, which
// since the kernel took the close reasons out no longer holds the drop-in's classifyClose (reason phrases and retry
// hints, 0.6 kB): 4.22 kB over that kernel.
const COMPAT_OVER_SOCKET = 4250;

const measured = await measureSizes();
reportSizes(measured);
const byName = new Map(measured.map((size) => [size.name, size]));
const sizes = new Map(measured.map((size) => [size.name, size.gzip]));

const BUDGETS = [
  // Issue 21's budgets for the kernel with features an app imports, printed until that kernel lands (the ceilings
  // below them hold today's socket meanwhile). The browser preset's row comes with the preset.
  {
    name: "createSocket, no feature (issue 21)",
    entry: "Lifeline createSocket only",
    gzip: 4500,
    enforced: false,
  },
  { name: "createSocket, no feature (issue 21 aim)", entry: "Lifeline createSocket only", gzip: 3600, enforced: false },
  { name: "core + useWebSocket (issue 21)", entry: "Lifeline core + hook", gzip: 6500, enforced: false },
  { name: "core + useWebSocket (issue 21 aim)", entry: "Lifeline core + hook", gzip: 5200, enforced: false },
  {
    name: "react-use-websocket drop-in (issue 21)",
    entry: "Lifeline react-use-websocket drop-in",
    gzip: 8000,
    enforced: false,
  },
  {
    name: "@lifeline/core main entry (ceiling)",
    entry: "Lifeline core (whole main entry)",
    gzip: CORE_CEILING,
    enforced: true,
  },
  { name: "core + useWebSocket (ceiling)", entry: "Lifeline core + hook", gzip: HOOK_CEILING, enforced: true },
  {
    name: "core + useWebSocket < react-use-websocket",
    entry: "Lifeline core + hook",
    // Strictly smaller: one byte under the incumbent, as measured in this same run. The project's goal; not met yet.
    gzip: sizes.get("react-use-websocket 4.13.0") - 1,
    enforced: false,
  },
  {
    name: "react-use-websocket drop-in over the socket",
    entry: "Lifeline react-use-websocket drop-in",
    over: "Lifeline createSocket only",
    gzip: COMPAT_OVER_SOCKET,
    enforced: true,
  },
  {
    name: "drop-in < react-use-websocket (issue 15 aim)",
    entry: "Lifeline react-use-websocket drop-in",
    gzip: sizes.get("react-use-websocket 4.13.0") - 1,
    enforced: false,
  },
  {
    name: "banner + one locale, over the hook",
    entry: "Lifeline hook + banner + one locale",
    over: "Lifeline core + hook",
    // Issue 21's ceiling. The banner reads the socket's applied decision instead of working it out again from the
    // close, and one predicate says whether there is trouble. Raised by 50 bytes for issue 21's slim hook: the
    // banner's selection (its fields only, so a message or a queued send does not render it) was useSocketState and
    // shallowEqual, counted in the hook while the hook used them; the hook no longer does, so the banner now pays for
    // its own, smaller one. Hook + banner + locale fell from 12.96 to 12.40 kB.
    gzip: 3050,
    enforced: true,
  },
  {
    name: "banner + one locale, over the hook (aim)",
    entry: "Lifeline hook + banner + one locale",
    over: "Lifeline core + hook",
    // Issue 21's aim. English ships with every locale, as the words under a locale's holes, so the locale and the
    // fallback alone are about 1 kB of it.
    gzip: 2500,
    enforced: false,
  },
];

let over = 0;
console.log(`${"budget".padEnd(44)}${"gzip".padStart(9)}${"limit".padStart(9)}`);
for (const budget of BUDGETS) {
  const gzip = sizes.get(budget.entry) - (budget.over ? sizes.get(budget.over) : 0);
  const ok = gzip <= budget.gzip;
  if (!ok && budget.enforced) over++;
  const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`.padStart(9);
  console.log(
    `${budget.name.padEnd(44)}${kB(gzip)}${kB(budget.gzip)}  ${ok ? "ok" : "OVER"}${budget.enforced ? "" : " (not enforced yet)"}`,
  );
}
// What each opt-in path adds to a bundle that already has createSocket: the cost of importing it, nothing until then.
const socketOnly = sizes.get("Lifeline createSocket only");
const FEATURES = [
  ["@lifeline/core/diagnostics", 'export { createDiagnostics } from "@lifeline/core/diagnostics";'],
  ["@lifeline/core/rate-limit", 'export { tokenBucket } from "@lifeline/core/rate-limit";'],
  ["@lifeline/core/probe", 'export { httpProbe } from "@lifeline/core/probe";'],
  ["@lifeline/core/classify", 'export { createCloseClassifier } from "@lifeline/core/classify";'],
  ["@lifeline/core/codes", 'export * from "@lifeline/core/codes";'],
  ["@lifeline/core/messages", 'export { createMessageStore } from "@lifeline/core/messages";'],
  ["@lifeline/core/client", 'export { createSocketClient } from "@lifeline/core/client";'],
];
for (const [path, contents] of FEATURES) {
  const code = await bundle(`export { createSocket } from "@lifeline/core";\n${contents}`);
  const added = gzipSync(code, { level: 9 }).length - socketOnly;
  console.log(`${`+ ${path} over createSocket`.padEnd(53)}${`${(added / 1000).toFixed(2)} kB`.padStart(9)}`);
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
// What the main entry leaves to opt-in paths must not creep back in: each marker is a message only that code has.
const optIn = {
  "@lifeline/core/diagnostics": "createDiagnostics:",
  "@lifeline/core/rate-limit": "tokenBucket:",
  "@lifeline/core/classify": "createCloseClassifier:",
  "@lifeline/core/messages": "createMessageStore:",
  // The probe's fetch option, which nothing else in core sets.
  "@lifeline/core/probe": "no-store",
};
const mainEntry = decoder.decode(byName.get("Lifeline core (whole main entry)").code);
for (const [path, marker] of Object.entries(optIn)) {
  const included = mainEntry.includes(marker);
  if (included) over++;
  console.log(
    `${`${path} left out of the main entry`.padEnd(56)}${(included ? "no" : "yes").padStart(9)}  ${included ? "WRONG" : "ok"}`,
  );
}
if (over > 0) {
  console.error(
    `[@lifeline/bench] ${over} size check(s) failed. Cut the bundle, keep each locale in its own chunk, or argue the budget in an issue.`,
  );
  process.exit(1);
}
