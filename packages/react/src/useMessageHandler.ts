import type { Socket } from "@lifeline/core";
import {
  createTypedMessages,
  type MessageDefinitions,
  type MessageEventLike,
  type ServerMessageOf,
} from "@lifeline/core/typed";
import { useEffect, useRef } from "react";
import { useDefinitionsCheck } from "#dev";
import { useCommitEffect } from "./useConnection.js";
import type { ServerTypeOf } from "./useMessageReducer.js";

/**
 * Calls `handler` with each valid message of one type, in arrival order, while the component is mounted: for what
 * is done rather than shown (a toast, a sound, a cache update). It never renders the component. The latest render's
 * handler is called, and a new handler each render does not subscribe again. A handler that throws is reported on
 * its own and stops neither the other handlers nor the socket. Define `definitions` once, outside the component.
 */
export function useMessageHandler<
  Definitions extends MessageDefinitions<string>,
  Type extends ServerTypeOf<Definitions>,
>(
  socket: Socket | null,
  definitions: Definitions,
  type: Type,
  handler: (message: ServerMessageOf<Definitions, Type>, event: MessageEventLike) => void,
): void {
  useDefinitionsCheck("useMessageHandler", definitions);
  const latest = useRef(handler);
  useCommitEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (socket === null) return;
    const typed = createTypedMessages(socket, definitions);
    typed.on(type, (message, event) => latest.current(message, event));
    return () => typed.close();
  }, [socket, definitions, type]);
}
