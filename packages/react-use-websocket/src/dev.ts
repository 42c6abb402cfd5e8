/**
 * True unless the app is bundled for production: package.json maps `#dev` to dev.production.js under the
 * "production" export condition, as @lifeline/core does. Lifeline's own long messages sit behind it, so a
 * production bundle carries only short ones; react-use-websocket's own texts, which apps filter on, stay in both.
 */
export const DEV: boolean = true;
