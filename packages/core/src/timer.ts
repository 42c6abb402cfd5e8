import type { Environment } from "./environment.js";

/**
 * One timer slot on `env`'s timers: setting it replaces the last, null (or undefined) clears it. A replaced timer
 * that fires anyway (fake timers can) does nothing, so `fire` only ever answers the latest setting.
 */
export function createTimer(env: Environment, fire: () => void): (ms?: number | null) => void {
  let current: unknown = null;
  return (ms) => {
    if (current !== null) env.clearTimeout(current);
    current = null;
    if (ms == null) return;
    const handle = env.setTimeout(() => {
      if (handle !== current) return;
      current = null;
      fire();
    }, ms);
    current = handle;
  };
}
