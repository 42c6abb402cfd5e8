// The size budgets (gzip) from the issues that set them, checked against bench/size.mjs's production bundles.
// `pnpm test` runs it: it prints the sizes and every budget, and exits 1 if an enforced one is over.
// Issue 21 set the budgets of a kernel with features an app imports (createSocket 4.5 kB, the browser preset 5.9,
// core + hook 6.5, the drop-in 8.0, the banner 3.0), from a prototype. The kernel and its features have landed, first
// as a pure machine plus `use: [...]`, then as an imperative kernel, and still measure above those ceilings
// (createSocket 6.22 kB): they are printed, not enforced, until the kernel meets them. What is enforced meanwhile:
// each bundle's size now plus about 1 %, so that what came out cannot creep back in, the opt-in paths staying out of
// the main entry, and the banner's own ceiling. Each feature's cost over createSocket is printed too.

import { gzipSync } from "node:zlib";
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { bundle, bundleSplit, measureSizes, reportSizes } from "./size.mjs";

// Issue 21: the features out of the kernel (the platform's signals, close reasons, heartbeat, probe, diagnostics
// with the redaction of what they say) took createSocket from 8.46 to 7.07 kB and the main entry from 8.66 to
// 7.85 kB; the imperative kernel (kernel.ts) then took them to 6.22 and 7.24 kB. Each ceiling is the size plus about 1 %.
const SOCKET_CEILING = 6280;
const CORE_CEILING = 7310;
// createSocket with `use: [browser()]`: the platform's signals (0.80 kB) and the close reasons (0.86 kB).
const PRESET_CEILING = 7960;
// Issue 21's slim hook: useWebSocket without select, isEqual and batch (now useWebSocketSelector's) and with a store
// of its own in place of core's message store took the hook's share from 1.33 to 0.69 kB; with the kernel and the
// browser preset it turns on by default, core + hook was 9.46 kB (from 9.99), and 8.81 on the imperative kernel; 8.80
// with its store handed to useSyncExternalStore as the three functions it takes.
const HOOK_CEILING = 8890;
// The react-use-websocket drop-in, default export: 12.39 kB before issue 21; its own layer made development-only
// messages and a simpler state (3.62 kB over the socket), then the imperative kernel took the whole to 11.06 kB.
// Lifeline's heartbeat, which lifelineDefaults turns on, is the socket's heartbeat() feature, imported by the
// drop-in whether an app sets lifelineDefaults or not (0.40 kB). Held as a whole bundle: what it adds over a kernel
// that shrinks grows a little, as gzip finds fewer repeats in less code.
// The platform socket's wrapping folded into the connection that owns it, and a shared hook's URL computed in the
// hook state rather than through the registry, took it to 11.00 kB.
const COMPAT_CEILING = 11110;

const measured = await measureSizes();
reportSizes(measured);
const byName = new Map(measured.map((size) => [size.name, size]));
const sizes = new Map(measured.map((size) => [size.name, size.gzip]));

// Issue 23: @lifeline/devtools, bundled with code splitting as an app's bundler splits it. The toggle is what the
// page loads at once with the hook (the toggle, the page's list of sockets, and the core the hook and the lazy panel
// share, split into a chunk of its own); the panel is the React.lazy chunk fetched when it first opens, and each
// language's close-code texts another chunk, fetched with the panel in that language.
const devtools = await bundleSplit(
  'export { useWebSocket } from "@lifeline/react";\nexport { LifelineDevtools } from "@lifeline/devtools/production";',
);
const eager = devtools.load(devtools.entry);
const panelFile = [...devtools.files.keys()].find((file) => file.startsWith("Panel-"));
const panel = devtools.load(panelFile, new Set(eager));
const localeFile = (prefix) => [...devtools.files.keys()].find((file) => file.startsWith(prefix));
sizes.set("devtools: hook + toggle", devtools.gzip(eager));
sizes.set("devtools: panel chunk", devtools.gzip(panel));
sizes.set("devtools: panel + en texts", devtools.gzip(panel) + devtools.gzip([localeFile("en-")]));
sizes.set("devtools: panel + zh-CN texts", devtools.gzip(panel) + devtools.gzip([localeFile("zh-CN-")]));
// The default entry in a production build: the component that renders nothing, and nothing the page loads besides.
// (esbuild still writes the panel's chunk, as it makes a chunk of every import() before it shakes the code that
// calls it; nothing loads it. Rollup, under Vite, drops it.)
const devtoolsOff = await bundleSplit('export { LifelineDevtools } from "@lifeline/devtools";');
const offFiles = devtoolsOff.load(devtoolsOff.entry);
sizes.set("devtools: default entry, production", devtoolsOff.gzip(offFiles));
const offCode = offFiles.map((file) => devtoolsOff.files.get(file).code).join("\n");

const BUDGETS = [
  // Issue 21's ceilings and aims for the kernel with features an app imports: printed until a leaner kernel meets
  // them (the ceilings below hold what landed meanwhile).
  { name: "createSocket, no feature (issue 21)", entry: "Lifeline createSocket only", gzip: 4500, enforced: false },
  { name: "createSocket, no feature (issue 21 aim)", entry: "Lifeline createSocket only", gzip: 3600, enforced: false },
  {
    name: "createSocket + browser() (issue 21)",
    entry: "Lifeline createSocket + browser()",
    gzip: 5900,
    enforced: false,
  },
  {
    name: "createSocket + browser() (issue 21 aim)",
    entry: "Lifeline createSocket + browser()",
    gzip: 4800,
    enforced: false,
  },
  { name: "core + useWebSocket (issue 21)", entry: "Lifeline core + hook", gzip: 6500, enforced: false },
  { name: "core + useWebSocket (issue 21 aim)", entry: "Lifeline core + hook", gzip: 5200, enforced: false },
  {
    name: "react-use-websocket drop-in (issue 21)",
    entry: "Lifeline react-use-websocket drop-in",
    gzip: 8000,
    enforced: false,
  },
  {
    name: "core + useWebSocket < react-use-websocket",
    entry: "Lifeline core + hook",
    // Strictly smaller: one byte under the incumbent, as measured in this same run. The project's goal; not met yet.
    gzip: sizes.get("react-use-websocket 4.13.0") - 1,
    enforced: false,
  },
  {
    name: "drop-in < react-use-websocket (issue 15 aim)",
    entry: "Lifeline react-use-websocket drop-in",
    gzip: sizes.get("react-use-websocket 4.13.0") - 1,
    enforced: false,
  },
  // What landed, held where it is.
  {
    name: "createSocket, no feature (ceiling)",
    entry: "Lifeline createSocket only",
    gzip: SOCKET_CEILING,
    enforced: true,
  },
  {
    name: "@lifeline/core main entry (ceiling)",
    entry: "Lifeline core (whole main entry)",
    gzip: CORE_CEILING,
    enforced: true,
  },
  {
    name: "createSocket + browser() (ceiling)",
    entry: "Lifeline createSocket + browser()",
    gzip: PRESET_CEILING,
    enforced: true,
  },
  { name: "core + useWebSocket (ceiling)", entry: "Lifeline core + hook", gzip: HOOK_CEILING, enforced: true },
  {
    name: "react-use-websocket drop-in (ceiling)",
    entry: "Lifeline react-use-websocket drop-in",
    gzip: COMPAT_CEILING,
    enforced: true,
  },
  {
    name: "banner + one locale, over the hook (issue 21)",
    entry: "Lifeline hook + banner + one locale",
    over: "Lifeline core + hook",
    gzip: 3000,
    enforced: false,
  },
  {
    name: "banner + one locale, over the hook (ceiling)",
    entry: "Lifeline hook + banner + one locale",
    over: "Lifeline core + hook",
    // The banner reads the socket's applied decision instead of working it out again from the close, and one
    // predicate says whether there is trouble. Its selection (its fields only, so that a message or a queued send
    // does not render it) is its own, as the slim hook no longer carries useSocketState. Its memory and its wake-up
    // are one effect, and it reads the locale without LocaleProvider's module: 3.05 kB fell to 2.99. A difference of
    // two gzipped bundles moves by a few bytes when the kernel under both changes (3.01 kB after the kernel's redaction
    // and the tabs' hooks, with no change to the banner): held at that plus a small margin, issue 21's 3.0 printed.
    gzip: 3030,
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
  {
    name: "typed messages, over createSocket (ceiling)",
    entry: "Lifeline createSocket + typed messages",
    over: "Lifeline createSocket only",
    // Issue 24: createTypedMessages and defineMessages, 1.65 kB measured (validation once per message, arrival order
    // kept across asynchronous schemas, the listeners per type, listening only while there is a listener, invalid
    // messages told to diagnostics); held at that plus about 4 %, as a difference of two bundles moves by a few bytes
    // when the kernel under both changes.
    gzip: 1720,
    enforced: true,
  },
  {
    name: "typed hooks, over useWebSocket (ceiling)",
    entry: "Lifeline hook + typed hooks",
    over: "Lifeline core + hook",
    // Issue 24: all four typed hooks (useMessage, useMessageHandler, useMessageReducer, useMessages) and
    // defineMessages with the typed messages they stand on, 1.91 kB measured; plus about 4 %. An app that uses
    // useWebSocket alone pays none of it (checked below).
    gzip: 1990,
    enforced: true,
  },
  {
    name: "devtools toggle (over the hook)",
    entry: "devtools: hook + toggle",
    over: "Lifeline core + hook",
    // Issue 23: 1.34 kB measured (the toggle about 0.9 kB, the page's list 0.2 kB, and what splitting the core the
    // hook shares with the panel into its own chunk costs); held at that plus 5 %.
    gzip: 1410,
    enforced: true,
  },
  {
    name: "devtools panel chunk",
    entry: "devtools: panel chunk",
    // Issue 23: 6.67 kB measured, without the close-code texts (their own chunk per language); plus 5 %.
    gzip: 7000,
    enforced: true,
  },
  {
    name: "devtools default entry in production",
    entry: "devtools: default entry, production",
    // The component that renders nothing: about 0.09 kB.
    gzip: 150,
    enforced: true,
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
// What opening the devtools panel fetches in each language: the panel chunk and that language's close-code texts.
for (const [label, key] of [
  ["en", "devtools: panel + en texts"],
  ["zh-CN", "devtools: panel + zh-CN texts"],
]) {
  console.log(
    `${`devtools panel + ${label} close-code texts`.padEnd(44)}${`${(sizes.get(key) / 1000).toFixed(2)} kB`.padStart(9)}`,
  );
}
// What each feature and opt-in path adds to a bundle that already has createSocket: the cost of importing it,
// nothing until then.
const socketOnly = sizes.get("Lifeline createSocket only");
const FEATURES = [
  ["browser() (platform + closeReasons)", 'export { browser } from "@lifeline/core/browser";'],
  ["platform()", 'export { platform } from "@lifeline/core/browser";'],
  ["closeReasons()", 'export { closeReasons } from "@lifeline/core/classify";'],
  ["heartbeat()", 'export { heartbeat } from "@lifeline/core/heartbeat";'],
  ["probe(httpProbe())", 'export { httpProbe, probe } from "@lifeline/core/probe";'],
  ["diagnostics()", 'export { diagnostics } from "@lifeline/core/diagnostics";'],
  ["tabs()", 'export { tabs } from "@lifeline/core/tabs";'],
  ["@lifeline/core/diagnostics", 'export { createDiagnostics } from "@lifeline/core/diagnostics";'],
  ["@lifeline/core/rate-limit", 'export { tokenBucket } from "@lifeline/core/rate-limit";'],
  ["@lifeline/core/probe", 'export { httpProbe } from "@lifeline/core/probe";'],
  ["@lifeline/core/classify", 'export { createCloseClassifier } from "@lifeline/core/classify";'],
  ["@lifeline/core/codes", 'export * from "@lifeline/core/codes";'],
  ["@lifeline/core/messages", 'export { createMessageStore } from "@lifeline/core/messages";'],
  ["@lifeline/core/client", 'export { createSocketClient } from "@lifeline/core/client";'],
  ["typed messages", 'export { createTypedMessages, defineMessages } from "@lifeline/core/typed";'],
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
// Issue 24: an app that uses useWebSocket without message definitions ships nothing of the typed messages or the
// typed hooks, which @lifeline/react's barrel exports beside it. Read from the modules whose code esbuild kept, and
// checked against the typed entry too, so that a renamed path cannot make the check pass by matching nothing.
const isTyped = (input) => /core\/dist\/typed\/|react\/dist\/useMessage/.test(input);
for (const [name, entry, expected] of [
  ["@lifeline/core/typed left out of core + useWebSocket", "Lifeline core + hook", false],
  ["@lifeline/core/typed in hook + typed hooks", "Lifeline hook + typed hooks", true],
]) {
  const included = byName.get(entry).inputs.some(isTyped);
  const ok = included === expected;
  if (!ok) over++;
  console.log(`${name.padEnd(56)}${(included === expected ? "yes" : "no").padStart(9)}  ${ok ? "ok" : "WRONG"}`);
}
// The default entry's production bundle must carry none of the toggle's or the panel's code.
const devtoolsLeftOut = !offCode.includes("lldt-") && !offCode.includes("@lifeline/core/devtools");
if (!devtoolsLeftOut) over++;
console.log(
  `${"@lifeline/devtools left out of a production bundle".padEnd(56)}${(devtoolsLeftOut ? "yes" : "no").padStart(9)}  ${devtoolsLeftOut ? "ok" : "WRONG"}`,
);
if (over > 0) {
  console.error(
    `[@lifeline/bench] ${over} size check(s) failed. Cut the bundle, keep each locale in its own chunk, or argue the budget in an issue.`,
  );
  process.exit(1);
}
