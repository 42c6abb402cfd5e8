#!/usr/bin/env bash
# Every test in the repository: lint and format, build, typecheck, unit tests, stories in Chromium, the demo's
# end-to-end tests, the Storybook build and the size budgets. The last line counts passed and failed tests.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 STORYBOOK_DISABLE_TELEMETRY=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

bash scripts/ensure-chromium.sh || exit 1
rm -rf .reports packages/*/.reports apps/*/.reports

failed_steps=()
echo "── lint and format (biome)"
biome ci --colors=off . || failed_steps+=("lint")
echo "── build, typecheck, tests, stories, e2e, storybook build (turbo)"
turbo run build typecheck test test:stories e2e build-storybook --continue --output-logs=errors-only || failed_steps+=("turbo")
echo "── sizes (production bundles of what an app imports) and budgets"
node bench/budgets.mjs || failed_steps+=("size budgets")

node scripts/test-summary.mjs "${failed_steps[@]}"
