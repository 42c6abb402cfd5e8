import type { Socket } from "@lifeline/core";
import type { MessageDefinitions, ServerMessageOf } from "@lifeline/core/typed";
import { type ServerTypeOf, useFold } from "./useMessageReducer.js";

const keepLast = <Message>(_previous: unknown, message: Message) => message;

/**
 * The last valid message of one type, typed by its schema, or `null` until one arrives after the component
 * mounts. The component renders once per message of that type and never for messages of other types or for
 * invalid ones. Define `definitions` once, outside the component.
 */
export function useMessage<Definitions extends MessageDefinitions<string>, Type extends ServerTypeOf<Definitions>>(
  socket: Socket | null,
  definitions: Definitions,
  type: Type,
): ServerMessageOf<Definitions, Type> | null {
  return useFold<ServerMessageOf<Definitions, Type> | null, ServerMessageOf<Definitions, Type>>(
    socket,
    definitions,
    type,
    keepLast,
    null,
    "useMessage",
  );
}
