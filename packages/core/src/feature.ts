import type { CloseClassifier } from "./classifyClose.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import type { Kernel } from "./kernel.js";
import type { SendData, SendOutcome } from "./sendTypes.js";
import type { StatusReason } from "./status.js";
import type { CloseClassification } from "./types.js";

export type { Kernel } from "./kernel.js";

// A feature is what an app passes in `use`: `createSocket(url, { use: [browser(), heartbeat({ … })] })`. The kernel
// (kernel.ts lists its files) does what every app needs; a feature brings the rest as hooks the kernel calls at its
// decisions. It is started with the socket's `Kernel` record, which it reads, and acts through the functions of the
// kernel's files (`act`, `start`, `afterClose`…), as the kernel itself does. A feature starts once per socket, when it
// first appears in `use` (at creation or in a later setOptions); its settings are read through `current()`, which
// follows setOptions, and its hooks run only while it is in `use`.

/** What the kernel asks a feature, each at one of its decisions. All optional. */
export interface Hooks {
  /** The socket became active (true: connected, trying to be, or waiting to) or inactive: listen, or stop. */
  listen?(on: boolean): void;
  /** Settings changed (setOptions). */
  configured?(): void;
  /** Something happened, for the diagnostics. */
  note?(event: DiagnosticEvent): void;
  /**
   * An attempt is about to start, for `reason`: true takes it over, and the kernel starts nothing (another tab holds
   * the connection, or which tab will is not known yet: `tabs()`).
   */
  intercept?(reason: StatusReason): boolean;
  /** The app called close(), before the socket acts on it. */
  close?(): void;
  /** A new attempt starts; with `restart`, the schedule starts over too. */
  attempt?(restart: boolean): void;
  opened?(): void;
  /** The connection is let go of, or its closing handshake started: its timers stop. */
  dropped?(): void;
  /** Takes an app's send over (another tab holds the connection): what became of it. */
  send?(data: SendData): SendOutcome | undefined;
  /** Sees each message first: true keeps it from the app's listeners (a heartbeat's pong); undefined says nothing. */
  inbound?(data: unknown): boolean | undefined;
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
  /** When the heartbeat's ping that still waits for an answer went out; null when none waits. */
  pinging?(): number | null;
  /** True while the platform says the network is gone, or the page hidden. */
  offline?(): boolean | undefined;
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
