import { closeAdvice as advice } from "./closeAdvice.js";
import { inspectorIfWatched } from "./devtools/inspect.js";
import { checkBatch } from "./messages/checkBatch.js";
import { check, watchOptions as watch } from "./socketOptions.js";

/**
 * True unless the app is bundled for production. package.json maps `#dev` to dev.production.js under the
 * "production" export condition, which Vite, webpack and Parcel set for production builds (esbuild: `conditions:
 * ["production"]`); everywhere else (Node, tests, dev servers) this file is used. Core reads it in
 * `DEV ? long : short` choices, so a production bundle carries the short error messages and none of the long ones.
 */
export const DEV: boolean = true;

// Whole functions that only development builds run come through here rather than behind `if (DEV)`: a bundler
// drops a module nobody imports, but not always a function that only a dead branch calls.

/** What to use instead of a refused close code; absent in production, where the message says it in short. */
export const closeAdvice: typeof advice | undefined = advice;
/**
 * Checks createSocket's options with a message per mistake, and returns the same check for setOptions, which also
 * warns once about an option kept from creation; absent in production.
 */
export const watchOptions: typeof watch | undefined = watch;
/** Checks one number a feature's function takes (heartbeat, platform), as createSocket checks its own; absent in production. */
export const checkOption: typeof check | undefined = check;
/** Checks createMessageStore's `batch` (after `true` became 16); absent in production. */
export const checkStoreOptions: typeof checkBatch | undefined = checkBatch;
/** The devtools' feature for every socket, once devtools are on the page (devtools/inspect.ts); absent in production. */
export const inspector: typeof inspectorIfWatched | undefined = inspectorIfWatched;
