import { rethrowLater } from "../errors.js";

/**
 * A set of listeners with hooks for the first subscriber arriving and the last one leaving, so that work such as
 * platform listeners runs only while someone is watching.
 */
export interface Subscribable {
  subscribe(listener: () => void): () => void;
  notify(): void;
}

export function createSubscribable(hooks: { onFirst?: () => void; onLast?: () => void }): Subscribable {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) hooks.onFirst?.();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(listener);
        if (listeners.size === 0) hooks.onLast?.();
      };
    },
    notify() {
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          rethrowLater(error);
        }
      }
    },
  };
}
