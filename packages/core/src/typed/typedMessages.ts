import { DEV } from "#dev";
import { LifelineError, rethrowLater } from "../errors.js";
import type { SendOutcome, Socket } from "../socket.js";
import { createArrivalOrder } from "./arrivalOrder.js";
import type { ClientMessage, MessageDefinitions, ServerMessage, ServerMessageOf } from "./defineMessages.js";
import type { StandardSchemaV1 } from "./standardSchema.js";
import { type Checked, type InvalidMessage, isThenable, validateOnce } from "./validateOnce.js";

/** The event a listener gets beside the message: the socket's, with the data as it arrived. */
export type MessageEventLike = { readonly data: unknown };

export interface TypedMessagesOptions {
  /**
   * Hears every message that reaches no listener: not JSON, of an unknown type, refused by its schema, or whose
   * schema threw; the socket's diagnostics hear it too. The view reads messages while it has a listener (`on` or
   * `onAny`), so that is when `onInvalid` is called. A throwing `onInvalid` is rethrown on its own and stops nothing.
   */
  readonly onInvalid?: (invalid: InvalidMessage) => void;
  /**
   * Checks what `send()` is given against its client schema before sending, and throws rather than send a message
   * that does not match. TypeScript checks it anyway; this catches what escapes the types (data from a form, `any`).
   * @default true in development, false in production
   */
  readonly validateOutgoing?: boolean;
}

/** Typed, validated messages over one socket: listeners per type, and a `send` that takes only what is defined. */
export interface TypedMessages<Definitions extends MessageDefinitions<string>> {
  /** Calls `listener` with each valid message of `type`, in arrival order; returns the function that stops it. */
  on<Type extends keyof Definitions["server"] & string>(
    type: Type,
    listener: (message: ServerMessageOf<Definitions, Type>, event: MessageEventLike) => void,
  ): () => void;
  /** Calls `listener` with each valid message of any type, in arrival order; returns the function that stops it. */
  onAny(listener: (message: ServerMessage<Definitions>, event: MessageEventLike) => void): () => void;
  /**
   * Sends a client message as JSON, with the socket's `send()` and its outcome. Throws, and sends nothing, when the
   * message cannot be JSON or (with `validateOutgoing`) does not match its schema: those are mistakes in the code,
   * as a bad close code is, not outcomes to handle; the socket's own outcomes (`"queued"`, `"closed"`...) are returned.
   */
  send(message: ClientMessage<Definitions>): SendOutcome;
  /** Stops listening to the socket; the socket itself is left as it is. */
  close(): void;
}

type Listener = (message: unknown, event: MessageEventLike) => void;

const describeIssues = (issues: readonly StandardSchemaV1.Issue[]) =>
  issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => String(typeof segment === "object" ? segment.key : segment))
        .join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");

function checkOutgoing(definitions: MessageDefinitions<string>, message: unknown): void {
  const field = definitions.discriminator;
  const type =
    typeof message === "object" && message !== null ? (message as Record<string, unknown>)[field] : undefined;
  const known = Object.keys(definitions.client);
  if (typeof type !== "string" || !Object.hasOwn(definitions.client, type)) {
    throw new LifelineError(
      "invalid-message",
      `send() got a message whose ${field} is ${JSON.stringify(type) ?? String(type)}, which defineMessages' client does not define. Nothing was sent. Send one of: ${known.join(", ") || "(none defined)"}.`,
    );
  }
  const result = (definitions.client[type] as StandardSchemaV1)["~standard"].validate(message);
  if (isThenable(result)) {
    throw new LifelineError(
      "invalid-message",
      `send(): the client schema of "${type}" validates asynchronously, and send() must decide at once. Nothing was sent. Use a synchronous schema for it, or pass validateOutgoing: false.`,
    );
  }
  if (result.issues) {
    throw new LifelineError(
      "invalid-message",
      `send(): the "${type}" message does not match its schema (${describeIssues(result.issues)}). Nothing was sent. Fix the message, or its schema in defineMessages.`,
    );
  }
}

/**
 * Typed, validated messages over a socket. Each message that arrives is parsed once, read for its discriminator and
 * validated by that type's schema, then handed to the listeners of its type in arrival order; one that is not JSON,
 * names no defined type or fails its schema reaches `onInvalid` and nothing else. Listeners that throw are rethrown
 * on their own and stop neither the other listeners nor the socket.
 */
export function createTypedMessages<Definitions extends MessageDefinitions<string>>(
  socket: Socket,
  definitions: Definitions,
  options: TypedMessagesOptions = {},
): TypedMessages<Definitions> {
  const validateOutgoing = options.validateOutgoing ?? DEV;
  const byType = new Map<string, Listener[]>();
  let any: Listener[] = [];

  // Two fixed arguments, not a rest parameter: this runs for every listener of every message.
  const call = (listener: (...args: never[]) => void, first: unknown, second?: unknown) => {
    try {
      (listener as (first: unknown, second: unknown) => void)(first, second);
    } catch (error) {
      rethrowLater(error);
    }
  };
  const order = createArrivalOrder<MessageEventLike>((checked: Checked, event) => {
    if (!checked.valid) {
      if (options.onInvalid) call(options.onInvalid, checked.invalid);
      return;
    }
    // The lists are replaced, never changed in place: a listener that stops another mid-delivery is safe.
    for (const listener of byType.get(checked.type) ?? []) call(listener, checked.message, event);
    for (const listener of any) call(listener, checked.message, event);
  });
  // The diagnostics (and the devtools' timeline) hear of an invalid message once, however many views see it.
  const noteInvalid = (invalid: InvalidMessage) =>
    socket["~note"]?.({
      type: "message-invalid",
      reason: invalid.reason,
      ...(invalid.type === undefined ? {} : { messageType: invalid.type }),
      ...(invalid.issues ? { error: describeIssues(invalid.issues) } : {}),
      ...(invalid.error === undefined ? {} : { error: String(invalid.error) }),
    });
  // Listening starts with the first listener and stops with the last: a view made only to send (a hook's sendJson,
  // made during a render) adds no listener to the socket, and so needs no cleanup.
  let detach: (() => void) | null = null;
  let listening = 0;
  const listen = () => {
    listening++;
    detach ??= socket.onMessage((_data, event) => order.push(validateOnce(definitions, event, noteInvalid), event));
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      if (--listening === 0) {
        detach?.();
        detach = null;
      }
    };
  };

  const remove = (list: Listener[], listener: Listener) => list.filter((candidate) => candidate !== listener);
  return {
    on(type, listener) {
      if (DEV && !Object.hasOwn(definitions.server, type)) {
        throw new LifelineError(
          "invalid-option",
          `on("${type}"): defineMessages' server does not define that type, so no message would reach the listener. Listen to one of: ${Object.keys(definitions.server).join(", ")}.`,
        );
      }
      byType.set(type, [...(byType.get(type) ?? []), listener as Listener]);
      const unlisten = listen();
      return () => {
        byType.set(type, remove(byType.get(type) ?? [], listener as Listener));
        unlisten();
      };
    },
    onAny(listener) {
      any = [...any, listener as Listener];
      const unlisten = listen();
      return () => {
        any = remove(any, listener as Listener);
        unlisten();
      };
    },
    send(message) {
      if (validateOutgoing) checkOutgoing(definitions, message);
      let text: unknown;
      try {
        text = JSON.stringify(message);
      } catch (error) {
        text = error;
      }
      if (typeof text !== "string") {
        throw new LifelineError(
          "invalid-message",
          `send() could not turn the message into JSON${text instanceof Error ? `: ${text.message}` : ""}. Nothing was sent. Send plain data (no cycles, no BigInt).`,
        );
      }
      return socket.send(text);
    },
    close() {
      detach?.();
      detach = null;
      order.stop();
    },
  };
}
