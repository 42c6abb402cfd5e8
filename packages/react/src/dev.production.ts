/** See dev.ts: the production build's answer. */
export const DEV: boolean = false;
export const warnIgnoredOptions: ((socket: object, options: object) => void) | undefined = undefined;
export const warnMovedOptions: ((options: object) => void) | undefined = undefined;
export function useDefinitionsCheck(_hook: string, _definitions: object): void {}
