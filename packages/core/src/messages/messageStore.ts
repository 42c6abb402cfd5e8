import { checkStoreOptions } from "#dev";
import type { Environment } from "../environment.js";
import { type LifelineError, rethrowLater } from "../errors.js";
import type { Socket } from "../socket.js";
import type { SocketState } from "../status.js";
import { type Messages, NO_MESSAGES, readMessage } from "./readMessage.js";
import { createSubscribable } from "./subscribable.js";

/** The socket's state plus the last message, as one immutable snapshot for UIs. */
export interface MessageState<Json = unknown> extends SocketState {
  /** The last message's data as received, or null before the first. */
  readonly lastMessage: unknown;
  /** The last message that parsed as JSON. A message that does not parse leaves it unchanged. */
  readonly lastJsonMessage: Json | null;
  /** Why the last message that failed to parse failed, or null. Cleared by the next good one. */
  readonly jsonError: LifelineError | null;
  /** Messages received since the store was created. */
  readonly messageCount: number;
}

export interface MessageStoreOptions {
  /** Parse each text message as JSON for `lastJsonMessage`. @default true */
  readonly json?: boolean;
  /**
   * Fold bursts into fewer notifications: `false` notifies per message; a number notifies at most once per that
   * many milliseconds, and `true` means 16 (about one frame). The last message always arrives. A time window, not
   * a microtask: browsers deliver every message in a task of its own, so only time can fold a burst.
   * @default false
   */
  readonly batch?: boolean | number;
  /** Called with the error when a message is not valid JSON. Nothing is thrown. */
  readonly onJsonError?: (error: LifelineError, data: unknown) => void;
  /** Timers for `batch` as a number. @default the platform's */
  readonly environment?: Pick<Environment, "setTimeout" | "clearTimeout">;
}

/**
 * A store over one socket: `getSnapshot()` gives `MessageState`, `subscribe()` hears both state and messages.
 * Messages are tracked while the store has subscribers.
 */
export interface MessageStore<Json = unknown> {
  getSnapshot(): MessageState<Json>;
  getServerSnapshot(): MessageState<Json>;
  subscribe(listener: () => void): () => void;
  /** Stops listening to the socket now, whoever still subscribes; the socket itself is left as it is. */
  dispose(): void;
}

/**
 * Tracks the last message of a socket next to its state, with optional JSON parsing and burst folding. Lives in
 * core so that React (or any other view layer) only reads snapshots and holds no logic of its own.
 */
export function createMessageStore<Json = unknown>(
  socket: Socket,
  options: MessageStoreOptions = {},
): MessageStore<Json> {
  const parseJson = options.json !== false;
  const batch = options.batch === true ? 16 : (options.batch ?? false);
  checkStoreOptions?.(batch);
  // Looked up when used, so fake timers installed after the store is made still apply.
  const timers = options.environment ?? globalThis;
  let messages: Messages<Json> = NO_MESSAGES;
  let snapshot: MessageState<Json> | null = null;
  let snapshotOf: SocketState | null = null;
  let pending = false;
  let timer: unknown = null;
  let detach: (() => void) | null = null;

  const serverState: MessageState<Json> = Object.freeze({ ...socket.getServerSnapshot(), ...NO_MESSAGES });
  const build = (state: SocketState): MessageState<Json> => Object.freeze({ ...state, ...messages });
  const flush = () => {
    pending = false;
    timer = null;
    snapshot = null;
    store.notify();
  };

  const onMessage = (data: unknown, event: { readonly data: unknown }) => {
    const next = readMessage(messages, data, event, parseJson);
    if (next.jsonError) {
      try {
        options.onJsonError?.(next.jsonError, data);
      } catch (callbackError) {
        rethrowLater(callbackError);
      }
    }
    messages = next;
    if (batch === false) return flush();
    if (pending) return;
    pending = true;
    timer = timers.setTimeout(flush, batch);
  };

  const stop = () => {
    detach?.();
    detach = null;
    if (timer !== null) timers.clearTimeout(timer as ReturnType<typeof setTimeout>);
    timer = null;
    pending = false;
  };
  // Listens to the socket only while someone listens to the store, so creating one (during a render) has no effect.
  const store = createSubscribable({
    onFirst() {
      const stopMessages = socket.onMessage(onMessage);
      const stopState = socket.subscribe(() => {
        snapshot = null;
        store.notify();
      });
      detach = () => {
        stopMessages();
        stopState();
      };
    },
    onLast: stop,
  });

  return {
    getSnapshot() {
      const state = socket.getSnapshot();
      if (snapshot === null || snapshotOf !== state) {
        snapshot = build(state);
        snapshotOf = state;
      }
      return snapshot;
    },
    getServerSnapshot: () => serverState,
    subscribe: store.subscribe,
    dispose: stop,
  };
}
