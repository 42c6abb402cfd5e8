import { rethrowLater, type Socket } from "@lifeline/core";
import { type Messages, NO_MESSAGES, readMessage } from "@lifeline/core/messages";
import { createActions } from "./actions.js";
import type { LatestOptions } from "./useConnection.js";
import type { WebSocketResult } from "./useWebSocket.js";

/** `useWebSocket`'s store, in the order `useSyncExternalStore` takes it. One subscriber: the hook's own. */
export type ResultStore<Json, Send> = readonly [
  subscribe: (listener: () => void) => () => void,
  getSnapshot: () => WebSocketResult<Json, Send>,
  getServerSnapshot: () => WebSocketResult<Json, Send>,
];

/**
 * The socket's state, its last message and the actions as one object: what `@lifeline/core/messages`'s store gives,
 * less its `batch` and its listener set. The hook is its only subscriber, so messages are tracked (and `onMessage`
 * called) while the hook is mounted, and nothing is shared that a second subscriber would count twice. The object
 * keeps its identity until the state or the last message changes. `json` is read once, as the socket is made.
 */
export function createResultStore<Json, Send>(socket: Socket, latest: LatestOptions): ResultStore<Json, Send> {
  const actions = createActions<Send>(socket);
  const { json } = latest.current.options;
  let messages: Messages<Json> = NO_MESSAGES;
  // The socket state the result was built from; undefined after a message, so that the next read builds anew.
  let state: unknown;
  let result = {} as WebSocketResult<Json, Send>;
  const serverResult = { ...socket.getServerSnapshot(), ...NO_MESSAGES, ...actions };
  return [
    (listener) => {
      const stopState = socket.subscribe(listener);
      const stopMessages = socket.onMessage((data, event) => {
        const { options } = latest.current;
        messages = readMessage(messages, data, event, json !== false);
        const { jsonError } = messages;
        state = undefined;
        listener();
        // The app's callbacks last, once the message counts, onMessage first as before. A throw from onMessage is the
        // socket's to report (as its own listener's was); one from onJsonError reaches the page's error handling.
        try {
          options.onMessage?.(data);
        } finally {
          try {
            if (jsonError) options.onJsonError?.(jsonError, data);
          } catch (error) {
            rethrowLater(error);
          }
        }
      });
      return () => {
        stopState();
        stopMessages();
      };
    },
    () => {
      const next = socket.getSnapshot();
      if (state !== next) {
        state = next;
        result = { ...next, ...messages, ...actions };
      }
      return result;
    },
    () => serverResult as WebSocketResult<Json, Send>,
  ];
}
