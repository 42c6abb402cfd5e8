import { LifelineError, rethrowLater, type Socket } from "@lifeline/core";
import { type MessageState, parseJsonOnce } from "@lifeline/core/messages";
import { DEV } from "#dev";
import { createActions } from "./actions.js";
import type { LatestOptions } from "./useConnection.js";
import type { WebSocketResult } from "./useWebSocket.js";

/** `useWebSocket`'s store: one subscriber, the hook's own `useSyncExternalStore`. */
export interface ResultStore<Json, Send> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): WebSocketResult<Json, Send>;
  getServerSnapshot(): WebSocketResult<Json, Send>;
}

const NO_MESSAGES = { lastMessage: null, lastJsonMessage: null, jsonError: null, messageCount: 0 };

/**
 * The socket's state, its last message and the actions as one object: what `@lifeline/core/messages`'s store gives,
 * less its `batch` and its listener set. The hook is its only subscriber, so messages are tracked (and `onMessage`
 * called) while the hook is mounted, and nothing is shared that a second subscriber would count twice. The object
 * keeps its identity until the state or the last message changes. `json` is read once, as the socket is made.
 */
export function createResultStore<Json, Send>(socket: Socket, latest: LatestOptions): ResultStore<Json, Send> {
  const actions = createActions<Send>(socket);
  const { json } = latest.current.options;
  let messages: Omit<MessageState<Json>, keyof ReturnType<Socket["getSnapshot"]>> = NO_MESSAGES;
  // The socket state the result was built from; undefined after a message, so that the next read builds anew.
  let state: unknown;
  let result = {} as WebSocketResult<Json, Send>;
  const serverResult = { ...socket.getServerSnapshot(), ...NO_MESSAGES, ...actions };
  return {
    subscribe(listener) {
      const stopState = socket.subscribe(listener);
      const stopMessages = socket.onMessage((data, event) => {
        const { options } = latest.current;
        let { lastJsonMessage } = messages;
        let jsonError: LifelineError | null = null;
        if (json !== false && typeof data === "string") {
          const parsed = parseJsonOnce(event);
          if (parsed.error) {
            jsonError = new LifelineError(
              "invalid-json",
              DEV
                ? `A message was not valid JSON (${parsed.error.message}); lastJsonMessage keeps the previous value. Send JSON, or pass json: false.`
                : `Invalid JSON: ${parsed.error.message}`,
            );
          } else lastJsonMessage = parsed.value as Json;
        }
        messages = { lastMessage: data, lastJsonMessage, jsonError, messageCount: messages.messageCount + 1 };
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
    getSnapshot() {
      const next = socket.getSnapshot();
      if (state !== next) {
        state = next;
        result = { ...next, ...messages, ...actions };
      }
      return result;
    },
    getServerSnapshot: () => serverResult as WebSocketResult<Json, Send>,
  };
}
