/**
 * True unless the app is bundled for production. package.json maps `#dev` to dev.production.js under the
 * "production" export condition, which Vite, webpack and Parcel set for production builds (esbuild: `conditions:
 * ["production"]`); everywhere else (Node, tests, dev servers) this file is used. Core reads it only in
 * `DEV ? long : short` choices, so a production bundle carries the short error messages and none of the long ones.
 */
export const DEV: boolean = true;
