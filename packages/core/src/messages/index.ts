// The socket's state plus its last message, as one store for view layers. @lifeline/react builds on it.
export {
  createMessageStore,
  type MessageState,
  type MessageStore,
  type MessageStoreOptions,
} from "./messageStore.js";
export { type ParsedJson, parseJsonOnce } from "./parseJsonOnce.js";
export { type Messages, NO_MESSAGES, readMessage } from "./readMessage.js";
