import type { Socket } from "@lifeline/core";
import { createTypedMessages, type MessageDefinitions, type ServerMessageOf } from "@lifeline/core/typed";
import { useMemo, useRef, useSyncExternalStore } from "react";
import { useDefinitionsCheck } from "#dev";
import { useCommitEffect } from "./useConnection.js";

/** The server types the definitions name: what `useMessage` and its siblings take as `type`. */
export type ServerTypeOf<Definitions extends MessageDefinitions<string>> = keyof Definitions["server"] & string;

type Reduce<State, Message> = (state: State, message: Message) => State;

/**
 * The folded state of one message type, as `useSyncExternalStore` reads it. The fold runs in the socket's listener,
 * once per message, and not in a render: React may render once for a burst, but every message has been folded in by
 * then. Each subscription makes its own typed view of the socket; they validate each message once between them,
 * as core's validation is cached per message and definitions.
 */
export function createFoldStore<State, Message>(
  socket: Socket | null,
  definitions: MessageDefinitions<string>,
  type: string,
  reduce: { readonly current: Reduce<State, Message> },
  initial: State,
) {
  // Held here, not per subscription: StrictMode's unsubscribe and subscribe again keeps what was folded.
  let state = initial;
  return {
    subscribe(listener: () => void): () => void {
      if (socket === null) return () => {};
      const typed = createTypedMessages(socket, definitions);
      typed.on(type, (message) => {
        // A reducer that throws is reported by core on its own; the state stays what it was.
        state = reduce.current(state, message as Message);
        listener();
      });
      return () => typed.close();
    },
    getSnapshot: () => state,
    getServerSnapshot: () => initial,
  };
}

/**
 * Folds every valid message of one type into state, as `useReducer` does with actions: a chat keeps each line, and
 * none is skipped when React batches a burst into one render. Messages are folded from the time the component
 * mounts, in arrival order; the component renders only when the state changes, never for other types. `initial`
 * is read again only when the socket, the definitions or the type change, which starts the fold over. The latest
 * render's reducer is the one called; one that throws is reported on its own, and the state stays what it was.
 * Define `definitions` once, outside the component: a new object each render would subscribe again each render.
 */
export function useMessageReducer<
  Definitions extends MessageDefinitions<string>,
  Type extends ServerTypeOf<Definitions>,
  State,
>(
  socket: Socket | null,
  definitions: Definitions,
  type: Type,
  reducer: (state: State, message: ServerMessageOf<Definitions, Type>) => State,
  initial: State,
): State {
  return useFold(socket, definitions, type, reducer, initial, "useMessageReducer");
}

/** `useMessageReducer`, with the name of the hook the app called for the development warning. */
export function useFold<State, Message>(
  socket: Socket | null,
  definitions: MessageDefinitions<string>,
  type: string,
  reducer: Reduce<State, Message>,
  initial: State,
  hook: string,
): State {
  useDefinitionsCheck(hook, definitions);
  const latest = useRef(reducer);
  useCommitEffect(() => {
    latest.current = reducer;
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: initial is read once per fold, as useReducer's is.
  const store = useMemo(() => createFoldStore(socket, definitions, type, latest, initial), [socket, definitions, type]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
}
