import { type InspectedSocket, watchSockets } from "@lifeline/core/devtools";
import { useState, useSyncExternalStore } from "react";

// The two things the panel subscribes to, shaped for useSyncExternalStore: the page's list of sockets, and a
// version per socket that moves whenever anything it answers changes (its snapshot keeps its identity, but its
// traffic, timeline and queue come back as new arrays on every call, so they cannot be the store's value).

interface Store<T> {
  readonly subscribe: (listener: () => void) => () => void;
  readonly get: () => T;
}

function createSocketsStore(): Store<readonly InspectedSocket[]> {
  let sockets: readonly InspectedSocket[] = [];
  // watchSockets answers at once: reading it here means the first render already lists what is on the page.
  watchSockets((list) => {
    sockets = list;
  })();
  return {
    subscribe(listener) {
      return watchSockets((list) => {
        sockets = list;
        listener();
      });
    },
    get: () => sockets,
  };
}

/** The page's inspectable sockets, oldest first, live. */
export function useInspectedSockets(): readonly InspectedSocket[] {
  const [store] = useState(createSocketsStore);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

function createVersionStore(socket: InspectedSocket): Store<number> {
  let version = 0;
  let listenedBefore = false;
  return {
    subscribe(listener) {
      // Whatever changed while nobody listened counts as a change; the first subscription reads fresh anyway.
      if (listenedBefore) version++;
      listenedBefore = true;
      return socket.subscribe(() => {
        version++;
        listener();
      });
    },
    get: () => version,
  };
}

/** Re-renders the caller whenever `socket` changes; read its methods after calling it. Key the caller by socket. */
export function useInspected(socket: InspectedSocket): void {
  const [store] = useState(() => createVersionStore(socket));
  useSyncExternalStore(store.subscribe, store.get, store.get);
}
