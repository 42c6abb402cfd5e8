import type { CloseClassifier } from "./classifyClose.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import type { Environment, WebSocketLike } from "./environment.js";
import type { SocketOptions } from "./socketOptions.js";
import type { SocketState, SocketStatus, StatusReason } from "./status.js";
import type { CloseClassification } from "./types.js";

// A feature is what an app passes in `use`: `createSocket(url, { use: [browser(), heartbeat({ … })] })`. The kernel
// (kernel.ts lists its files) does what every app needs; a feature brings the rest as hooks the kernel calls at its
// decisions, and acts on the socket through the `Kernel` it is started with. A feature starts once per socket, when it first appears in `use` (at creation or in a later setOptions);
// its settings are read through `current()`, which follows setOptions, and its hooks run only while it is in `use`.

/** What a feature may do to its socket. Each call is part of the event under way (see `act`). */
export interface Kernel {
  readonly env: Environment;
  /** The socket's current options. */
  options(): SocketOptions;
  /** Runs `step` as an event of its own: after the one under way, with subscribers told afterwards. */
  act(step: () => void): void;
  /** The current snapshot. */
  state(): SocketState;
  /** Numbers the attempts: a feature's answer for an older one is stale. */
  id(): number;
  /** The URL of the current attempt, once known; "" before. */
  url(): string;
  /** What `reconnecting` waits for: an attempt, a refresh, or a refresh under way. */
  pending(): "attempt" | "refresh" | "refreshing";
  /** The current WebSocket, while there is one. */
  ws(): WebSocketLike | null;
  /** Starts an attempt (or, offline, waits for the network), for `reason`. */
  start(reason: StatusReason): void;
  /** Enters `status` with its reason and its deadline (ms, or null for none). */
  enter(status: SocketStatus, reason: StatusReason, deadlineMs: number | null): void;
  /** Decides after a close: retry, refresh or stop (see schedule.ts's afterClose). */
  after(close: CloseClassification, reason: StatusReason, lifecycle?: boolean, counted?: boolean): void;
  /** A close the socket made up itself, classified like a 1006. */
  local(reason: string, opened: boolean): CloseClassification;
  /** Lets go of the current WebSocket, closing it (with `code`) if it is still live. */
  drop(code?: number): void;
  /** The retry's wait is over: the next attempt, or first the credential refresh. */
  due(): void;
  /** Tells the diagnostics. */
  note(event: DiagnosticEvent): void;
  /** Reports an app callback that threw: in the diagnostics, and rethrown on its own. */
  report(callback: string, error: unknown): void;
  /** Runs an app callback that may return a Promise; a synchronous throw is reported too. */
  settle(name: string, callback: () => unknown, done: (value: unknown) => void, failed: (error: string) => void): void;
  /** Asks every feature in use: the last answer given (see `Hooks`). */
  hook<Name extends keyof Hooks>(name: Name, ...args: Parameters<NonNullable<Hooks[Name]>>): unknown;
}

/** What the kernel asks a feature, each at one of its decisions. All optional. */
export interface Hooks {
  /** The socket became active (true: connected, trying to be, or waiting to) or inactive: listen, or stop. */
  listen?(on: boolean): void;
  /** Settings changed (setOptions). */
  configured?(): void;
  /** Something happened, for the diagnostics. */
  note?(event: DiagnosticEvent): void;
  /** A new attempt starts; with `restart`, the schedule starts over too. */
  attempt?(restart: boolean): void;
  opened?(): void;
  /** The connection is let go of, or its closing handshake started: its timers stop. */
  dropped?(): void;
  /** Sees each message first: true keeps it from the app's listeners (a heartbeat's pong). */
  inbound?(data: unknown): boolean;
  /** Classifies closes when the app gives no classifier (closeReasons). */
  classify?: CloseClassifier;
  /** A refused handshake (1006 before open, online): the close to decide by instead, when known (the probe's). */
  refused?(close: CloseClassification): CloseClassification | null | undefined;
  /** Whether a 1006 on an open connection may be the page's own doing, so that it counts toward nothing. */
  lifecycle?(code: number, opened: boolean): boolean;
  /** After each close that scheduled a retry, and whether that close counted. */
  scheduled?(close: CloseClassification, counted: boolean): void;
  /** Checks that the open connection lives (within `withinMs`: ping now); true when the feature can tell. */
  alive?(withinMs?: number): boolean;
  /** True while the platform says the network is gone, or the page hidden. */
  offline?(): boolean;
  hidden?(): boolean;
}

/** A feature: what `createSocket`'s `use` takes. Made by a function such as `heartbeat({ … })` or `browser()`. */
export interface Feature<Settings = unknown> {
  /** Names the feature; a later feature of the same name replaces an earlier one. */
  readonly name: string;
  /** Its settings: what `current()` answers. */
  readonly settings?: Settings;
  /** Starts the feature for one socket; `current` answers the settings of the latest `use` (undefined once taken out). */
  start(kernel: Kernel, current: () => Settings | undefined): Hooks;
}

/** `use`: features, or presets (lists of features) such as `browser()`. */
export type Use = readonly (Feature | readonly Feature[])[];
