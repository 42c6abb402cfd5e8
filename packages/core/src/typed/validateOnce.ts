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

// Keyed on the definitions, then on the message event the socket hands every listener: several typed views of one
// socket with the same definitions (one per component, say) validate each message once between them. Weak, so a
// message is forgotten with its event, and definitions with their last user.
const checkedBy = new WeakMap<object, WeakMap<object, Checked | Promise<Checked>>>();

/**
 * Parses (once, shared with the message stores through `parseJsonOnce`) and validates one message against the
 * definitions' server schemas, once per event however many ask. A schema may answer with a Promise: then so does
 * this, until it settles, after which the answer is kept as a plain value. Never throws and never rejects: a schema
 * that throws is rethrown on its own and the message counts as invalid.
 */
export function validateOnce(
  definitions: MessageDefinitions<string>,
  event: { readonly data: unknown },
  /** Hears each invalid message once, on its first validation, whichever view asked first. */
  onFirstInvalid?: (invalid: InvalidMessage) => void,
): Checked | Promise<Checked> {
  let cache = checkedBy.get(definitions);
  if (cache === undefined) {
    cache = new WeakMap();
    checkedBy.set(definitions, cache);
  }
  const known = cache.get(event);
  if (known !== undefined) return known;
  const checked = check(definitions, event);
  cache.set(event, checked);
  const settled = (result: Checked) => {
    cache.set(event, result);
    if (!result.valid) onFirstInvalid?.(result.invalid);
  };
  if (isThenable(checked)) void checked.then(settled);
  else settled(checked);
  return checked;
}

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
