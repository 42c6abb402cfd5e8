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

/** A page's `pagehide` and `pageshow`, fired by hand: the shape of @lifeline/core's `PageLifecycle`. */
export interface FakePage {
  subscribe(
    onChange: (event: { readonly type: "pagehide" | "pageshow"; readonly persisted: boolean }) => void,
  ): () => void;
  /** The page goes away; `persisted` when it goes into the back/forward cache. */
  hide(persisted?: boolean): void;
  /** The page comes back; `persisted` when it comes from the back/forward cache. */
  show(persisted?: boolean): void;
  listenerCount(): number;
}

/** Creates a `FakePage` to pass as `environment.page`. */
export function createFakePage(): FakePage {
  const listeners = new Set<(event: { readonly type: "pagehide" | "pageshow"; readonly persisted: boolean }) => void>();
  const fire = (type: "pagehide" | "pageshow", persisted: boolean) => {
    for (const listener of [...listeners]) listener({ type, persisted });
  };
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    hide: (persisted = true) => fire("pagehide", persisted),
    show: (persisted = true) => fire("pageshow", persisted),
    listenerCount: () => listeners.size,
  };
}
