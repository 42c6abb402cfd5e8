// The fault panel's buttons, each one request to the live server. Most are a single fault of @lifeline/testing;
// the auth ones also act on the demo's tokens, because a real server checks tokens, not close codes.
import type { FaultyServer } from "@lifeline/testing";
import type { TokenIssuer } from "./chatRoom.js";

export interface FaultContext {
  readonly server: FaultyServer;
  readonly tokens: TokenIssuer;
  /** Terminates the connections the page with this tab id opened (no Close frame); returns how many. */
  dropTab(tab: string): number;
}

/** What the demo can make go wrong, by the name the panel and the end-to-end tests use. */
export const FAULTS = {
  /** The TCP connection dies without a Close frame: 1006. With `?tab=` only that page's connection. */
  drop: (context, query) => {
    const tab = query.get("tab");
    return { dropped: tab ? context.dropTab(tab) : context.server.dropAll() };
  },
  /** More than 5 messages in a second is closed with 1008 and a 5 s hint; stays on until reset. */
  "rate-limit": (context) => {
    context.server.rateLimit({ messagesPerSecond: 5, retryAfterSeconds: 5 });
    return { messagesPerSecond: 5, retryAfterSeconds: 5 };
  },
  /** Every token stops working and every session closes with 4401; a refreshed token gets back in. */
  "token-expiry": (context) => {
    context.tokens.revokeAll();
    return { closed: context.server.closeAll(4401, "token expired") };
  },
  /** Like token expiry, but refreshing fails too: the client must stop and ask the user to sign in. */
  "sign-out": (context) => {
    context.tokens.signOut();
    return { closed: context.server.closeAll(4401, "token expired") };
  },
  /** Sessions close with 4401 after 10 s open, new ones too, until reset: short-lived tokens. */
  "session-expiry": (context) => {
    context.server.expireSessions({ afterMs: 10_000, code: 4401 });
    return { afterMs: 10_000 };
  },
  /** 1012 to everyone, then upgrades fail for 3 s while the "process" is down. */
  restart: (context) => {
    context.server.restart({ refuseMs: 3000 });
    return { refuseMs: 3000 };
  },
  /** 1013 with a 5 s hint to everyone. */
  overload: (context) => {
    context.server.overload({ retryAfterSeconds: 5 });
    return { retryAfterSeconds: 5 };
  },
  /** Connections go silent while TCP stays up; only the heartbeat notices. */
  "half-open": (context) => {
    context.server.halfOpen();
    return { halfOpen: context.server.openConnections };
  },
  /** The next 3 handshakes get HTTP `?status=` (401, 429 or 503), and everyone is dropped so they meet them. */
  reject: (context, query) => {
    const status = Number(query.get("status") ?? 503);
    if (![401, 429, 503].includes(status)) {
      throw new RangeError(`[@lifeline/demo] reject takes ?status=401, 429 or 503, not ${query.get("status")}.`);
    }
    context.server.rejectNext(status, 3);
    return { status, count: 3, dropped: context.server.dropAll() };
  },
  /**
   * Every handshake gets HTTP `?status=` (401, 403, 404, 429 or 503; 429 and 503 with `Retry-After: 5`) until reset,
   * and everyone is dropped so they meet it. A plain GET on the socket's URL gets the same answer, which is what the
   * page's handshake probe reads to tell the user why.
   */
  refuse: (context, query) => {
    const status = Number(query.get("status") ?? 503);
    if (![401, 403, 404, 429, 503].includes(status)) {
      throw new RangeError(
        `[@lifeline/demo] refuse takes ?status=401, 403, 404, 429 or 503, not ${query.get("status")}.`,
      );
    }
    const retryAfterSeconds = status === 429 || status === 503 ? 5 : null;
    context.server.refuseUpgrades({ status, retryAfterSeconds });
    return { status, retryAfterSeconds, dropped: context.server.dropAll() };
  },
  /** The next handshake gets no answer at all, and everyone is dropped so one meets it: the connect timeout. */
  hang: (context) => {
    context.server.hangNext(1);
    return { dropped: context.server.dropAll() };
  },
  /** A proxy in front terminates connections idle for `?ms=` (default 8 s), until reset. A heartbeat beats it. */
  "idle-timeout": (context, query) => {
    const ms = Number(query.get("ms") ?? 8000);
    if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) {
      throw new RangeError(`[@lifeline/demo] idle-timeout takes ?ms= from 100 to 600000, not ${query.get("ms")}.`);
    }
    context.server.idleTimeout(ms);
    return { idleTimeoutMs: ms };
  },
  /**
   * Three messages no page should accept, to every connection: a chat message whose fields have the wrong types, a
   * type the page does not define, and text that is not JSON. The page's schemas keep them out of the chat.
   */
  malformed: (context) => {
    const frames = [
      JSON.stringify({ type: "message", message: { id: "nine", clientId: "bad", author: "mallory", text: 42, at: 0 } }),
      JSON.stringify({ type: "gossip", author: "mallory", text: "psst" }),
      "{mallory: not json",
    ];
    let connections = 0;
    for (const frame of frames) connections = context.server.broadcast(frame);
    return { messages: frames.length, connections };
  },
  /** Every fault off, and signed in again. Connections stay as they are. */
  reset: (context) => {
    context.server.reset();
    context.tokens.signIn();
    return {};
  },
} satisfies Record<string, (context: FaultContext, query: URLSearchParams) => object>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}
