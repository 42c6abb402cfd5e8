/**
 * A platform signal (online, page visible) that a test or a story flips by hand. It has the shape of
 * @lifeline/core's `PlatformSignal`, written out so that this package's published types need nothing from core.
 */
export interface FakeSignal {
  get(): boolean;
  subscribe(onChange: (value: boolean) => void): () => void;
  /** Sets the value and tells every listener, as the platform's event would, even when the value is the same. */
  set(value: boolean): void;
  /** How many listeners are attached now: a socket must leave none behind once closed. */
  listenerCount(): number;
}

/** Creates a `FakeSignal` to pass as `environment.online` or `environment.visible`. */
export function createFakeSignal(initial = true): FakeSignal {
  let value = initial;
  const listeners = new Set<(value: boolean) => void>();
  return {
    get: () => value,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    set(next) {
      value = next;
      // A copy: a listener that unsubscribes while being told must not change who else is told.
      for (const listener of [...listeners]) listener(next);
    },
    listenerCount: () => listeners.size,
  };
}
