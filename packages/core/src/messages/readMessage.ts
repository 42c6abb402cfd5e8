import { DEV } from "#dev";
import { LifelineError } from "../errors.js";
import type { SocketState } from "../status.js";
import type { MessageState } from "./messageStore.js";
import { parseJsonOnce } from "./parseJsonOnce.js";

/** What a store keeps of the messages beside the socket's state. */
export type Messages<Json> = Omit<MessageState<Json>, keyof SocketState>;

/** Before the first message. */
export const NO_MESSAGES: Messages<never> = {
  lastMessage: null,
  lastJsonMessage: null,
  jsonError: null,
  messageCount: 0,
};

/**
 * The messages after `data` arrives: it is the last one, counted, and (with `parseJson`, for text) parsed once for
 * `lastJsonMessage`; one that does not parse keeps the previous value and says why in `jsonError`. Shared by the
 * stores of `@lifeline/core/messages` and `@lifeline/react`, which call their `onJsonError` with that error.
 */
export function readMessage<Json>(
  previous: Messages<Json>,
  data: unknown,
  event: { readonly data: unknown },
  parseJson: boolean,
): Messages<Json> {
  let { lastJsonMessage } = previous;
  let jsonError: LifelineError | null = null;
  if (parseJson && typeof data === "string") {
    const json = parseJsonOnce(event);
    if (json.error) {
      jsonError = new LifelineError(
        "invalid-json",
        DEV
          ? `A message was not valid JSON (${json.error.message}); lastJsonMessage keeps the previous value. Send JSON, or pass json: false.`
          : `Invalid JSON: ${json.error.message}`,
      );
    } else lastJsonMessage = json.value as Json;
  }
  return { lastMessage: data, lastJsonMessage, jsonError, messageCount: previous.messageCount + 1 };
}
