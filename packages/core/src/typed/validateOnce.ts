import { rethrowLater } from "../errors.js";
import { parseJsonOnce } from "../messages/parseJsonOnce.js";
import type { MessageDefinitions } from "./defineMessages.js";
import type { StandardSchemaV1 } from "./standardSchema.js";

/** Why a message reached `onInvalid` rather than a listener. */
export type InvalidReason = "not-json" | "unknown-type" | "invalid" | "validator-failed";

/** A message that reached no listener, and why. */
export interface InvalidMessage {
  /**
   * `"not-json"`: binary, or text that does not parse; `"unknown-type"`: no discriminator, or one the definitions do
   * not name; `"invalid"`: its schema found `issues`; `"validator-failed"`: the schema threw or rejected (`error`).
   */
  readonly reason: InvalidReason;
  /** The message's data as it arrived. */
  readonly data: unknown;
  /** The discriminator's value, when it was a string. */
  readonly type?: string;
  /** What the schema said, for `"invalid"`. */
  readonly issues?: readonly StandardSchemaV1.Issue[];
  /** What the schema threw, for `"validator-failed"`; also rethrown on its own. */
  readonly error?: unknown;
}

/** One message, validated: its type and the schema's output, or why it is invalid. */
export type Checked =
  | { readonly valid: true; readonly type: string; readonly message: unknown }
  | { readonly valid: false; readonly invalid: InvalidMessage };

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

// Per definitions, the last message event validated and its answer. The socket hands the same event to each of its
// listeners, one after another, before the next message arrives: several typed views of one socket with the same
// definitions (one per component, say) then validate each message once between them with one slot, which costs far
// less per message than a WeakMap entry per event. A view that reads an older event later validates it again.
type Slot = { event: object | null; checked: Checked | Promise<Checked> };
const lastBy = new WeakMap<object, Slot>();

/**
 * Parses (once, shared with the message stores through `parseJsonOnce`) and validates one message against the
 * definitions' server schemas, once per event however many ask. A schema may answer with a Promise: then so does
 * this, until it settles. Never throws and never rejects: a schema that throws is rethrown on its own and the message
 * counts as invalid.
 */
export function validateOnce(
  definitions: MessageDefinitions<string>,
  event: { readonly data: unknown },
  /** Hears each invalid message once, on its first validation, whichever view asked first. */
  onFirstInvalid?: (invalid: InvalidMessage) => void,
): Checked | Promise<Checked> {
  let slot = lastBy.get(definitions);
  if (slot === undefined) {
    slot = { event: null, checked: NOT_YET };
    lastBy.set(definitions, slot);
  }
  if (slot.event === event) return slot.checked;
  const checked = check(definitions, event);
  slot.event = event;
  slot.checked = checked;
  if (!isThenable(checked)) {
    if (!checked.valid) onFirstInvalid?.(checked.invalid);
    return checked;
  }
  const pending = slot;
  void checked.then((settled) => {
    if (pending.event === event) pending.checked = settled;
    if (!settled.valid) onFirstInvalid?.(settled.invalid);
  });
  return checked;
}

const NOT_YET: Checked = { valid: false, invalid: { reason: "not-json", data: undefined } };

function check(definitions: MessageDefinitions<string>, event: { readonly data: unknown }): Checked | Promise<Checked> {
  const { data } = event;
  const invalid = (reason: InvalidReason, more: Partial<InvalidMessage> = {}): Checked => ({
    valid: false,
    invalid: { reason, data, ...more },
  });
  if (typeof data !== "string") return invalid("not-json");
  const json = parseJsonOnce(event);
  if (json.error) return invalid("not-json");
  const value = json.value;
  const field = definitions.discriminator;
  const type = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  // Own keys only: a message whose type is "constructor" or "__proto__" names no schema.
  if (typeof type !== "string" || !Object.hasOwn(definitions.server, type)) {
    return invalid("unknown-type", typeof type === "string" ? { type } : {});
  }
  const failed = (error: unknown): Checked => {
    rethrowLater(error);
    return invalid("validator-failed", { type, error });
  };
  const settle = (result: StandardSchemaV1.Result<unknown>): Checked => {
    if (result.issues) return invalid("invalid", { type, issues: result.issues });
    let message = result.value;
    // A schema that leaves the discriminator out (Zod's objects strip unknown keys) still yields a message that says
    // its type, as the types promise. A copy: the parsed value is shared with every other reader of the event.
    if (typeof message === "object" && message !== null && !(field in message)) {
      message = { ...message, [field]: type };
    }
    return { valid: true, type, message };
  };
  // A schema that throws, rejects or answers with something that is not a result is a bug in it, not in the message.
  try {
    const result = (definitions.server[type] as StandardSchemaV1)["~standard"].validate(value);
    return isThenable(result) ? Promise.resolve(result).then(settle).catch(failed) : settle(result);
  } catch (error) {
    return failed(error);
  }
}
