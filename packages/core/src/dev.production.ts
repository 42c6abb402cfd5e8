import type { closeAdvice as Advice } from "./closeAdvice.js";
import type { inspectorIfWatched } from "./devtools/inspect.js";
import type { checkBatch } from "./messages/checkBatch.js";
import type { check, watchOptions as Watch } from "./socketOptions.js";

/** See dev.ts: the production build's answers. */
export const DEV: boolean = false;
export const closeAdvice: typeof Advice | undefined = undefined;
export const watchOptions: typeof Watch | undefined = undefined;
export const checkOption: typeof check | undefined = undefined;
export const checkStoreOptions: typeof checkBatch | undefined = undefined;
export const inspector: typeof inspectorIfWatched | undefined = undefined;
