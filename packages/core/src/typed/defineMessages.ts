import { DEV } from "#dev";
import { LifelineError } from "../errors.js";
import type { StandardSchemaV1 } from "./standardSchema.js";

/** Message schemas by type: each key is a value of the discriminator field, each value any Standard Schema. */
export type MessageSchemas = { readonly [type: string]: StandardSchemaV1 };

/** What `defineMessages` returns: the definitions of both directions, with the discriminator field's name. */
export interface MessageDefinitions<
  Discriminator extends string = "type",
  Server extends MessageSchemas = MessageSchemas,
  Client extends MessageSchemas = MessageSchemas,
> {
  /** The field whose value names a message's type. */
  readonly discriminator: Discriminator;
  /** What the server sends, validated on arrival. */
  readonly server: Server;
  /** What the client sends, checked by TypeScript and, in development, by the schema. */
  readonly client: Client;
}

// The discriminator is part of the type even when a schema leaves it out: the key it is filed under says it, and
// what arrives is delivered only under that key. An object schema with no fields (Zod's `z.object({})`, for a ping)
// types as `Record<string, never>`, which no tagged message could match: it adds nothing instead.
type Tagged<Discriminator extends string, Type extends string, Value> = ([Value] extends [Record<string, never>]
  ? unknown
  : Value) & {
  readonly [Field in Discriminator]: Type;
};

/** The message of one type the server sends, as its schema outputs it. */
export type ServerMessageOf<
  Definitions extends MessageDefinitions<string>,
  Type extends keyof Definitions["server"] & string,
> = Tagged<Definitions["discriminator"], Type, StandardSchemaV1.InferOutput<Definitions["server"][Type]>>;

/** Any message the server sends, as a union discriminated by the definitions' field. */
export type ServerMessage<Definitions extends MessageDefinitions<string>> = {
  [Type in keyof Definitions["server"] & string]: ServerMessageOf<Definitions, Type>;
}[keyof Definitions["server"] & string];

/** Any message the client may send, as its schema's input: what `send()` accepts. */
export type ClientMessage<Definitions extends MessageDefinitions<string>> = {
  [Type in keyof Definitions["client"] & string]: Tagged<
    Definitions["discriminator"],
    Type,
    StandardSchemaV1.InferInput<Definitions["client"][Type]>
  >;
}[keyof Definitions["client"] & string];

/**
 * Defines the messages of a connection in one place, keyed by their `type` (or the field named by `discriminator`):
 * `server` for what arrives, `client` for what is sent. Types are inferred from the schemas, nothing is annotated by
 * hand, and the result is given to `createTypedMessages`.
 */
export function defineMessages<
  const Server extends MessageSchemas,
  const Client extends MessageSchemas = Record<never, never>,
  const Discriminator extends string = "type",
>(definitions: {
  /** The field whose value names a message's type. @default "type" */
  readonly discriminator?: Discriminator;
  readonly server: Server;
  readonly client?: Client;
}): MessageDefinitions<Discriminator, Server, Client> {
  const result = {
    discriminator: definitions.discriminator ?? "type",
    server: definitions.server,
    client: definitions.client ?? {},
  } as MessageDefinitions<Discriminator, Server, Client>;
  if (DEV) {
    for (const side of ["server", "client"] as const) {
      for (const [type, schema] of Object.entries(result[side])) {
        if (typeof (schema as Partial<StandardSchemaV1> | undefined)?.["~standard"]?.validate !== "function") {
          throw new LifelineError(
            "invalid-option",
            `defineMessages: ${side}.${type} is not a Standard Schema. Pass a schema from Zod, Valibot, ArkType or any library that implements https://standardschema.dev.`,
          );
        }
      }
    }
  }
  return Object.freeze(result);
}
