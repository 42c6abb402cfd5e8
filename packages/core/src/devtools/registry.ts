import type { DiagnosticEvent } from "../diagnosticEvent.js";
import type { SendData } from "../sendTypes.js";
import type { SocketState } from "../status.js";
import type { Fault } from "./faults.js";

// The page's list of inspectable sockets, for @lifeline/devtools. It lives on globalThis under a registered symbol,
// so that every copy of @lifeline/core on the page (an ESM and a CommonJS one, two versions) fills the same list, and
// a devtools panel loaded later still finds the sockets made before it.

/** A message in or out, as the devtools show it: its size and the start of its text, credentials redacted. */
export interface TrafficEntry {
  readonly direction: "in" | "out";
  readonly at: number;
  /** Bytes for binary data, characters for text. */
  readonly size: number;
  /** The first characters of a text message, redacted; null for binary data. */
  readonly preview: string | null;
}

/** One thing the socket did, stamped with the time. */
export interface TimelineEntry {
  readonly at: number;
  readonly event: DiagnosticEvent;
}

/** A socket as the devtools see it. Read it when `subscribe` says something changed. */
export interface InspectedSocket {
  /** Numbers the sockets of the page in the order they were made. */
  readonly id: number;
  /** Where it connects, redacted; `(url function)` when the app passes a function, until its first attempt. */
  url(): string;
  getSnapshot(): SocketState;
  /** The features in its `use`, by name. */
  features(): readonly string[];
  /** What waits in its send queue, oldest first. */
  queued(): readonly SendData[];
  /**
   * The heartbeat's ping that waits for an answer: when it went out, or null when none waits; undefined when the
   * socket has no heartbeat.
   */
  pingSentAt(): number | null | undefined;
  /** The last messages in and out, oldest first. */
  traffic(): readonly TrafficEntry[];
  /** What it did, oldest first: the same events `diagnostics()` hears, redacted. */
  timeline(): readonly TimelineEntry[];
  /** Calls `listener` after any change to what the methods above answer. */
  subscribe(listener: () => void): () => void;
  /** Breaks the connection on purpose: the socket sees the fault as it would see the real one (faults.ts). */
  fault(fault: Fault): void;
  /**
   * The faults in force: the network made to look offline, handshakes still to refuse, and whether the current
   * connection was silenced (a silence lasts as long as that connection).
   */
  faults(): { readonly offline: boolean; readonly refusals: number; readonly silenced: boolean };
}

interface Registry {
  readonly sockets: Set<InspectedSocket>;
  readonly watchers: Set<(sockets: readonly InspectedSocket[]) => void>;
  next: number;
}

const KEY = Symbol.for("@lifeline/core/devtools");

/** The page's list, made by the first caller that needs one. */
export function registry(): Registry {
  const scope = globalThis as { [KEY]?: Registry };
  scope[KEY] ??= { sockets: new Set(), watchers: new Set(), next: 0 };
  return scope[KEY];
}

/** Whether devtools are on the page: until they are, development builds put nothing on any list. */
export const watched = () => KEY in globalThis;

export function changed(list: Registry) {
  const sockets = [...list.sockets];
  for (const watcher of list.watchers) watcher(sockets);
}

/**
 * Calls `listener` now and whenever a socket is made or closed by its app, with every inspectable socket of the
 * page: in development, every Lifeline socket made once devtools were on the page (the first call of this function,
 * or of `inspectSockets()`); in a production build, those with `inspectable()` in their `use`.
 */
export function watchSockets(listener: (sockets: readonly InspectedSocket[]) => void): () => void {
  const list = registry();
  list.watchers.add(listener);
  listener([...list.sockets]);
  return () => void list.watchers.delete(listener);
}

/**
 * Says that devtools are on the page, before any socket is made: call it when the devtools' module loads, so that
 * development builds list every socket the app makes from then on. Does nothing outside a page (a server render).
 */
export function inspectSockets(): void {
  if (typeof document !== "undefined") registry();
}
