// Reads the JSON reports every test runner wrote and prints one line per suite, then the closing line with the
// totals. Exits non-zero when a test failed, a step failed (named in argv) or an expected report is missing.
import { existsSync, readFileSync } from "node:fs";

const reports = [
  ["@lifeline/core", "packages/core/.reports/vitest.json"],
  ["@lifeline/react", "packages/react/.reports/vitest.json"],
  ["@lifeline/ui", "packages/ui/.reports/vitest.json"],
  ["@lifeline/react-query", "packages/react-query/.reports/vitest.json"],
  ["@lifeline/testing", "packages/testing/.reports/vitest.json"],
  ["@lifeline/react-use-websocket", "packages/react-use-websocket/.reports/vitest.json"],
  ["@lifeline/devtools", "packages/devtools/.reports/vitest.json"],
  ["demo (unit, server)", "apps/demo/.reports/vitest.json"],
  ["README snippets", "tests/readme/.reports/vitest.json"],
  ["packed packages (consumer)", "tests/consumer/.reports/vitest.json"],
  ["stories (Chromium)", ".reports/storybook.json"],
  ["react e2e (Chromium)", "packages/react/.reports/playwright.json"],
  ["demo e2e (Chromium)", "apps/demo/.reports/playwright.json"],
];

// Suites that run inside a package's report and get a line of their own: a third party's tests, whose count is
// known, so that fewer tests running (a moved file, a broken include) fails the summary too.
const embedded = [
  {
    name: "react-use-websocket 4.13.0's own suite",
    report: "packages/react-use-websocket/.reports/vitest.json",
    files: /node_modules\/.*react-use-websocket\/src\/lib\/[^/]+\.test\.ts$/,
    expected: 44,
  },
];

function countVitest(json) {
  return {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
  };
}

/** The names of the failed tests, so a red CI log says which test to look at. */
function failedVitest(json) {
  return (json.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? []).filter((test) => test.status === "failed").map((test) => test.fullName),
  );
}

function failedPlaywright(json) {
  const walk = (suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? []).some((test) => test.status === "unexpected" || test.status === "flaky")
        ? [`${spec.file}: ${spec.title}`]
        : [],
    ),
    ...(suite.suites ?? []).flatMap(walk),
  ];
  return (json.suites ?? []).flatMap(walk);
}

function countPlaywright(json) {
  const stats = json.stats ?? {};
  return {
    passed: stats.expected ?? 0,
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
    skipped: stats.skipped ?? 0,
  };
}

const failedSteps = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
console.log("── test summary");
for (const [name, file] of reports) {
  if (!existsSync(file)) {
    missing.push(name);
    console.log(`   ${name.padEnd(24)} no report (the step did not run)`);
    continue;
  }
  const json = JSON.parse(readFileSync(file, "utf8"));
  const counts = file.endsWith("playwright.json") ? countPlaywright(json) : countVitest(json);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  const extra = counts.skipped ? `, ${counts.skipped} skipped` : "";
  console.log(`   ${name.padEnd(24)} ${counts.passed} passed, ${counts.failed} failed${extra}`);
  if (counts.failed) {
    const names = file.endsWith("playwright.json") ? failedPlaywright(json) : failedVitest(json);
    for (const test of names) console.log(`      ✗ ${test}`);
  }
}
const embeddedProblems = [];
for (const suite of embedded) {
  if (!existsSync(suite.report)) continue;
  const json = JSON.parse(readFileSync(suite.report, "utf8"));
  const tests = (json.testResults ?? [])
    .filter((file) => suite.files.test(file.name))
    .flatMap((file) => file.assertionResults ?? []);
  const passedHere = tests.filter((test) => test.status === "passed").length;
  const line = `${suite.name}: ${passedHere} of ${suite.expected} passed`;
  console.log(`   ${line}`);
  if (passedHere !== suite.expected) embeddedProblems.push(line);
}
const problems = [
  ...embeddedProblems,
  ...failedSteps.map((step) => `${step} failed`),
  ...missing.map((name) => `${name} missing`),
];
const ok = failed === 0 && skipped === 0 && problems.length === 0;
const tail = problems.length ? ` (${problems.join("; ")})` : "";
const skippedText = skipped ? `, ${skipped} skipped` : "";
console.log(`${ok ? "PASS" : "FAIL"}: ${passed} tests passed, ${failed} failed${skippedText}${tail}`);
process.exit(ok ? 0 : 1);
