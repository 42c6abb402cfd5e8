import { DEV } from "#dev";
import { LifelineError } from "./errors.js";

// Everything the socket needs from the platform comes through here, so tests can hand in `ws`, fake timers and
// scripted network events without monkey-patching, and so no browser global is read while modules load.

// Written as a method so the parameter is compared both ways: the DOM's handlers take a `MessageEvent`, ws's a
// `WebSocket.MessageEvent`, and both must fit a handler that only reads `data`.
type Handler<Event> = { bivariant(event: Event): void }["bivariant"] | null;

/** The part of the browser's `WebSocket` that Lifeline uses; `ws` in Node fits it too. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  readonly protocol?: string;
  binaryType: string;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number; reason: string; wasClean: boolean }>;
  onerror: Handler<unknown>;
  send(data: never): void;
  close(code?: number, reason?: string): void;
}

/** A `WebSocket` constructor: the browser's, `ws`'s, or a fake. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** A yes/no fact about the platform that can change, such as "online" or "page visible". */
export interface PlatformSignal {
  /** The current value. */
  get(): boolean;
  /** Calls `onChange` with each new value; returns the function that stops listening. */
  subscribe(onChange: (value: boolean) => void): () => void;
}

/** A page's trip in and out of the back/forward cache: `pagehide` and `pageshow`, each with `persisted`. */
export interface PageLifecycle {
  /** Calls `onChange` with each `pagehide` and `pageshow`; returns the function that stops listening. */
  subscribe(
    onChange: (event: { readonly type: "pagehide" | "pageshow"; readonly persisted: boolean }) => void,
  ): () => void;
}

/** What the socket takes from its surroundings. Every field can be replaced; `defaultEnvironment()` fills the rest. */
export interface Environment {
  readonly WebSocket: WebSocketConstructor;
  /** Wall-clock milliseconds. Deadlines are compared against this, never counted in timer ticks. */
  readonly now: () => number;
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** A number in [0, 1), for jitter. */
  readonly random: () => number;
  /**
   * `true` while the platform believes it is online; `null` where there is no such notion. Read by the platform
   * feature (`@lifeline/core/browser`), which takes the browser's when this is left out.
   */
  readonly online?: PlatformSignal | null;
  /** `true` while the page is visible; `null` outside a page. Read by the platform feature, as `online`. */
  readonly visible?: PlatformSignal | null;
  /** The page entering and leaving the back/forward cache; `null` outside a page. Read by the platform feature. */
  readonly page?: PageLifecycle | null;
}

/** What `connect()` throws where there is no WebSocket at all and none was passed in. */
export function missingWebSocketError(): LifelineError {
  return new LifelineError(
    "missing-websocket",
    DEV
      ? "connect() found no WebSocket here. Pass one in: createSocket(url, { environment: { WebSocket } }), e.g. the WebSocket class of the `ws` package in Node 20 (Node 22 and browsers have one)."
      : "No WebSocket: pass environment.WebSocket",
  );
}

/**
 * Stands in where there is no WebSocket (Node 20, a server render): a socket can then be made there and stay idle,
 * which is all a server render asks of it. Only `connect()` needs the real thing, and says so.
 */
export const MissingWebSocket = function MissingWebSocket() {
  throw missingWebSocketError();
} as unknown as WebSocketConstructor;

/**
 * The platform's own parts, read when called rather than when the module loads, so importing core during SSR or
 * in Node is safe. Never throws: with no WebSocket at all and none passed in, `WebSocket` is `MissingWebSocket`.
 */
export function defaultEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    WebSocket: (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? MissingWebSocket,
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    // An override given as undefined keeps the platform's part rather than switching it off.
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
  };
}
