import type { SendOutcome, Socket } from "@lifeline/core";
import {
  type ClientMessage,
  createTypedMessages,
  type InvalidMessage,
  type MessageDefinitions,
  type MessageEventLike,
  type ServerMessage,
} from "@lifeline/core/typed";
import { useEffect, useMemo, useRef } from "react";
import { useDefinitionsCheck } from "#dev";
import { useCommitEffect } from "./useConnection.js";

/** Options of `useMessages`. The latest render's callbacks are called; changing them never subscribes again. */
export interface UseMessagesOptions<Definitions extends MessageDefinitions<string>> {
  /** Called with each valid message, of any type, parsed and validated, in arrival order. */
  readonly onMessage?: (message: ServerMessage<Definitions>, event: MessageEventLike) => void;
  /**
   * Called with each message that reached no one: not JSON, of a type the definitions do not name, refused by its
   * schema, or whose schema threw. The socket's diagnostics hear of it too.
   */
  readonly onInvalid?: (invalid: InvalidMessage) => void;
  /**
   * Checks what `sendJson` is given against its client schema and throws rather than send what does not match.
   * Read once per socket and definitions. @default true in development, false in production
   */
  readonly validateOutgoing?: boolean;
}

/** What `useMessages` returns: a `sendJson` that takes only the client messages the definitions allow. */
export interface TypedActions<Definitions extends MessageDefinitions<string>> {
  /**
   * Sends a client message as JSON, with the socket's outcome (`"sent"`, `"queued"`, `"closed"`, `"full"`), or
   * `"closed"` while there is no socket. Throws, and sends nothing, for a message that cannot be JSON or (with
   * `validateOutgoing`) does not match its schema. The same function for as long as the socket and definitions.
   */
  sendJson(message: ClientMessage<Definitions>): SendOutcome;
}

/**
 * Typed, validated messages for a component: `onMessage` gets each valid message parsed and typed by its schema,
 * `onInvalid` what is not valid, and `sendJson` takes only what the client definitions allow. It never renders the
 * component: to show a type's last message use `useMessage`, to keep a list `useMessageReducer`. Define
 * `definitions` once, outside the component. A callback that throws is reported on its own and stops nothing.
 */
export function useMessages<Definitions extends MessageDefinitions<string>>(
  socket: Socket | null,
  definitions: Definitions,
  options: UseMessagesOptions<Definitions> = {},
): TypedActions<Definitions> {
  useDefinitionsCheck("useMessages", definitions);
  const latest = useRef(options);
  useCommitEffect(() => {
    latest.current = options;
  });
  // Made in the render, which is safe: a typed view reads no message until it has a listener (the effect below).
  const view = useMemo(
    () =>
      socket &&
      createTypedMessages(socket, definitions, {
        onInvalid: (invalid) => latest.current.onInvalid?.(invalid),
        ...(latest.current.validateOutgoing === undefined ? {} : { validateOutgoing: latest.current.validateOutgoing }),
      }),
    [socket, definitions],
  );
  useEffect(() => view?.onAny((message, event) => latest.current.onMessage?.(message, event)), [view]);
  return useMemo(() => ({ sendJson: (message) => (view ? view.send(message) : "closed") }), [view]);
}
