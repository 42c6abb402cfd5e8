/**
 * True unless the app is bundled for production: package.json maps `#dev` to dev.production.js under the
 * "production" export condition, as @lifeline/core does. The long error messages sit behind it, so a production
 * bundle carries only the short ones.
 */
export const DEV: boolean = true;
