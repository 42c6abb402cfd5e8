import { rethrowLater } from "@lifeline/core";

/**
 * Runs one of the app's callbacks. A throw is reported on a microtask of its own (the page's error handler sees it)
 * and `fallback` stands in for the answer (undefined, which reads as "no", unless given), so one bad callback never
 * stops the socket's handling of the event, nor the other hooks' callbacks.
 */
export function guarded<T>(call: () => T, fallback?: T): T | undefined {
  try {
    return call();
  } catch (error) {
    rethrowLater(error);
    return fallback;
  }
}
