// The demo's whole domain: one chat room with a bounded history, and the tokens that let a socket in. Kept apart
// from the network so the rules (idempotent posts, revoked sign-ins) are tested without a server.
import { randomUUID } from "node:crypto";

export interface ChatMessage {
  readonly id: number;
  /** Chosen by the sender, so a post sent twice (queued, then resent) is stored once. */
  readonly clientId: string;
  readonly author: string;
  readonly text: string;
  readonly at: number;
}

/** What a client sends to post; checked by `readPost`. */
export interface PostInput {
  readonly clientId: string;
  readonly author: string;
  readonly text: string;
}

export const LIMITS = { text: 500, author: 40, clientId: 64, history: 200 } as const;

export class PostError extends Error {
  override name = "PostError";
}

/** Checks untrusted input and says what is wrong in the words a client developer needs. */
export function readPost(value: unknown): PostInput {
  if (typeof value !== "object" || value === null) {
    throw new PostError('[@lifeline/demo] A post must be an object: {"clientId", "author", "text"}.');
  }
  const { clientId, author, text } = value as Record<string, unknown>;
  const field = (name: string, input: unknown, max: number) => {
    if (typeof input !== "string" || input.trim() === "" || input.length > max) {
      throw new PostError(`[@lifeline/demo] ${name} must be a non-empty string of at most ${max} characters.`);
    }
    return input;
  };
  return {
    clientId: field("clientId", clientId, LIMITS.clientId),
    author: field("author", author, LIMITS.author),
    text: field("text", text, LIMITS.text),
  };
}

export interface ChatRoom {
  /** Stores a post unless its clientId is known; `added` says which. */
  post(input: PostInput): { readonly message: ChatMessage; readonly added: boolean };
  history(): readonly ChatMessage[];
}

export function createChatRoom(now: () => number = Date.now): ChatRoom {
  const messages: ChatMessage[] = [];
  const byClientId = new Map<string, ChatMessage>();
  let nextId = 1;
  return {
    post(input) {
      const known = byClientId.get(input.clientId);
      if (known) return { message: known, added: false };
      const message: ChatMessage = Object.freeze({ id: nextId++, ...input, at: now() });
      messages.push(message);
      byClientId.set(message.clientId, message);
      // Bounded, like any real history endpoint's page; the clientIds of dropped messages go with them.
      while (messages.length > LIMITS.history) {
        const dropped = messages.shift();
        if (dropped) byClientId.delete(dropped.clientId);
      }
      return { message, added: true };
    },
    history: () => messages.slice(),
  };
}

/** Short-lived tokens, as an auth service hands them out. */
export interface TokenIssuer {
  /** A new token, or `null` while sign-in is revoked. */
  issue(): string | null;
  isValid(token: string | null): boolean;
  /** Every token issued so far stops working; new ones can still be issued. */
  revokeAll(): void;
  /** Like revokeAll, and no new token until `signIn()`: the user must sign in again. */
  signOut(): void;
  /** Allows tokens again and returns a fresh one. */
  signIn(): string;
}

export function createTokenIssuer(makeToken: () => string = randomUUID): TokenIssuer {
  const valid = new Set<string>();
  let signedIn = true;
  const issuer: TokenIssuer = {
    issue() {
      if (!signedIn) return null;
      const token = makeToken();
      valid.add(token);
      return token;
    },
    isValid: (token) => token !== null && valid.has(token),
    revokeAll: () => valid.clear(),
    signOut() {
      signedIn = false;
      valid.clear();
    },
    signIn() {
      signedIn = true;
      return issuer.issue() as string;
    },
  };
  return issuer;
}
