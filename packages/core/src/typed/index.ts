// Typed, validated messages with any Standard Schema library: `createTypedMessages(socket, defineMessages({ ... }))`.
export {
  type ClientMessage,
  defineMessages,
  type MessageDefinitions,
  type MessageSchemas,
  type ServerMessage,
  type ServerMessageOf,
} from "./defineMessages.js";
export type { StandardSchemaV1, StandardTypedV1 } from "./standardSchema.js";
export {
  createTypedMessages,
  type MessageEventLike,
  type TypedMessages,
  type TypedMessagesOptions,
} from "./typedMessages.js";
export type { InvalidMessage, InvalidReason } from "./validateOnce.js";
