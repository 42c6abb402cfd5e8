// react-use-websocket 4.13.0 publishes its Jest tests in its npm tarball. We run its public-API tests, unmodified,
// against this package: the pinned dev dependency `react-use-websocket-upstream` (npm:react-use-websocket@4.13.0)
// puts them in node_modules at install time, and nothing of upstream's is committed here.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const UPSTREAM_VERSION = "4.13.0";

/** The files we run, with the sha256 of the published text: a different file is a different suite. */
export const UPSTREAM_TESTS: Readonly<Record<string, string>> = {
  "use-websocket.test.ts": "94921d08945a6279e65404cb34547440c6adaf7b9d297e4640f6f692967033c4",
  "use-event-source.test.ts": "b82bd86655f62735584bd0bff691d9dd44fe3ef50460b0cb6b97e6125e7416ae",
};

/** How many tests those two files hold (43 and 1, counting each `test.each` case). */
export const UPSTREAM_TEST_COUNT = 44;

/** upstream's src/lib, wherever the package manager put it (pnpm links it from its store). */
export function upstreamLibDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("react-use-websocket-upstream/package.json")), "src", "lib");
}

/** Throws, naming the file, when a test file is missing or is not the one published in 4.13.0. */
export function verifyUpstreamTests(): void {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve("react-use-websocket-upstream/package.json"), "utf8"));
  if (manifest.version !== UPSTREAM_VERSION) {
    throw new Error(
      `[@lifeline/react-use-websocket] The upstream suite is react-use-websocket ${manifest.version}, not ${UPSTREAM_VERSION}. Pin react-use-websocket-upstream to npm:react-use-websocket@${UPSTREAM_VERSION} and install again.`,
    );
  }
  for (const [file, expected] of Object.entries(UPSTREAM_TESTS)) {
    const path = join(upstreamLibDir(), file);
    let text: Buffer;
    try {
      text = readFileSync(path);
    } catch {
      throw new Error(
        `[@lifeline/react-use-websocket] react-use-websocket ${UPSTREAM_VERSION}'s ${file} is missing (${path}). Run pnpm install so the pinned react-use-websocket-upstream tarball is in node_modules.`,
      );
    }
    const actual = createHash("sha256").update(text).digest("hex");
    if (actual !== expected) {
      throw new Error(
        `[@lifeline/react-use-websocket] react-use-websocket ${UPSTREAM_VERSION}'s ${file} has sha256 ${actual}, not the published ${expected}: the suite would not be upstream's own. Reinstall react-use-websocket-upstream from the registry; never edit its files.`,
      );
    }
  }
}
