/** See dev.ts: the production build's answer. */
export const DEV: boolean = false;
