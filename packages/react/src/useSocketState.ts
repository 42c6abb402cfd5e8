import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";

/** Anything with a `subscribe`/`getSnapshot` pair: a Lifeline socket, or any external store of that shape. */
export interface ExternalStore<Snapshot> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
  /** The snapshot to render on the server and during hydration. Falls back to `getSnapshot`. */
  getServerSnapshot?(): Snapshot;
}

const identity = <T>(value: T) => value;

/**
 * Reads a slice of a store and re-renders only when that slice changes (by `isEqual`, `Object.is` by default).
 * A component that selects `status` does not render when a message arrives.
 */
export function useSocketState<Snapshot, Selected = Snapshot>(
  store: ExternalStore<Snapshot>,
  selector: (snapshot: Snapshot) => Selected = identity as (snapshot: Snapshot) => Selected,
  isEqual: (a: Selected, b: Selected) => boolean = Object.is,
): Selected {
  // The committed selection, so that a selector returning an equal-but-new object does not cause a render.
  const committed = useRef<{ value: Selected } | null>(null);

  const [getSelection, getServerSelection] = useMemo(() => {
    // useSyncExternalStore calls these on every render and store change; answering from a memo keyed on the
    // snapshot's identity keeps that cheap and gives React the stable value it requires.
    let memo: { snapshot: Snapshot; selected: Selected } | undefined;
    const select = (snapshot: Snapshot): Selected => {
      if (memo && Object.is(memo.snapshot, snapshot)) return memo.selected;
      const next = selector(snapshot);
      const previous = committed.current;
      const selected = previous && isEqual(previous.value, next) ? previous.value : next;
      memo = { snapshot, selected };
      return selected;
    };
    const serverSnapshot = store.getServerSnapshot ?? store.getSnapshot;
    return [() => select(store.getSnapshot()), () => select(serverSnapshot.call(store))];
  }, [store, selector, isEqual]);

  // Keyed on the store alone: a new subscribe function would make React unsubscribe and subscribe again.
  const subscribe = useMemo(() => store.subscribe.bind(store), [store]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    committed.current = { value };
  }, [value]);
  return value;
}
