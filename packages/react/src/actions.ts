import type { SendData, SendOutcome, Socket } from "@lifeline/core";
import { DEV } from "#dev";

/** What every Lifeline hook returns besides state: stable functions and the socket itself. */
export interface WebSocketActions<Send = unknown> {
  /**
   * Sends now if open, else queues, and answers which: `"sent"`, `"queued"`, or, with nothing kept, `"closed"`
   * (the socket is closed: `reconnect()` first) or `"full"` (the queue is full). Never throws.
   */
  send(data: SendData): SendOutcome;
  /**
   * `JSON.stringify`s the value and sends it, with `send()`'s answer. Throws only for a value JSON cannot hold (a
   * cycle, a BigInt, `undefined`): that is a bug in the caller, not an outcome.
   */
  sendJson(value: Send): SendOutcome;
  /** Tries at once with the schedule reset. */
  reconnect(): void;
  /** Closes for good; the component stays mounted and can `reconnect()`. */
  close(code?: number, reason?: string): void;
  /** The underlying Lifeline socket, for advanced use. */
  readonly socket: Socket;
}

/** The actions of one socket, made once per socket so that their identities hold across renders. */
export function createActions<Send>(socket: Socket): WebSocketActions<Send> {
  return {
    // A socket's methods are closures over its state, not over `this`: they can be handed out as they are.
    send: socket.send,
    sendJson(value) {
      let text: unknown;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        text = error;
      }
      if (typeof text !== "string") {
        throw new TypeError(
          DEV
            ? text === undefined
              ? `[@lifeline/react] sendJson() got ${typeof value}, which JSON cannot hold. Send an object, array, string, number, boolean or null.`
              : `[@lifeline/react] sendJson() could not turn the value into JSON: ${(text as Error).message}. Send plain data (no cycles, no BigInt), or serialize it yourself and call send().`
            : "[@lifeline/react] sendJson(): not JSON",
        );
      }
      return socket.send(text);
    },
    reconnect: socket.reconnect,
    close: socket.close,
    socket,
  };
}
