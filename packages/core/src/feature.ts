import type { Environment, WebSocketLike } from "./environment.js";
import type { Handler, MachineConfig, MachinePart, SocketEffect, SocketEvent } from "./machineTypes.js";

export type { Handlers, MachinePart } from "./machineTypes.js";

// A feature is what an app passes in `use`: `createSocket(url, { use: [browser(), heartbeat({ … })] })`. The kernel
// (machine.ts with connectionHandlers.ts, socket.ts) does what every app needs; each feature brings the rest in two
// halves, so the machine stays pure:
// - `machine`: handlers for the feature's events and the hooks the kernel asks at its decisions, pure like it;
// - `start`: the interpreter's half for one socket, which runs the feature's effects and listens to its sources.
// A feature's settings sit in `config`, read again after every setOptions; its interpreter half starts when the
// feature first appears in `use` (at creation, or in a later setOptions) and keeps running.

/** What a feature's interpreter half gets from its socket. */
export interface Host {
  readonly env: Environment;
  /** The machine's settings: replaced by setOptions, so read it when needed rather than keeping it. */
  readonly config: MachineConfig;
  /** Hands the machine an event; it is handled after the one under way. */
  dispatch(event: SocketEvent): void;
  /** Sets (ms) or clears (null) the timer whose firing is the event of the same name. */
  arm(slot: "heartbeat" | "pause", ms: number | null): void;
  /** Runs an app callback that may return a Promise: see socket.ts. */
  settle(name: string, callback: () => unknown, done: (value: unknown) => void, failed: (error: string) => void): void;
  /** Reports an app callback that threw: in the diagnostics, and rethrown on its own. */
  report(callback: string, error: unknown): void;
  /** Whether the feature of this name is in the socket's current options (setOptions may take one out). */
  readonly using: ReadonlySet<string>;
  /** The current WebSocket, while there is one. */
  readonly ws: WebSocketLike | null;
  /** The platform's word on the network and the page: true unless a feature says otherwise. */
  online: () => boolean;
  visible: () => boolean;
  /** When the current connection last received anything; kept up by a feature that sets `inbound`. */
  lastInboundAt: number;
  /** Sees each message first; true keeps it from the app's listeners (a heartbeat's pong). */
  inbound: ((data: unknown) => boolean) | null;
}

/** A feature: what `createSocket`'s `use` takes. Made by a function such as `heartbeat({ … })` or `browser()`. */
export interface Feature {
  /** Names the feature in messages. */
  readonly name: string;
  readonly machine?: MachinePart;
  /** The feature's settings, as the machine reads them. */
  readonly config?: Partial<MachineConfig>;
  /** Starts the interpreter's half for one socket: returns what sees every effect after the kernel ran it. */
  readonly start?: (host: Host) => ((effect: SocketEffect) => void) | undefined;
}

/** `use`: features, or presets (lists of features) such as `browser()`. */
export type Use = readonly (Feature | readonly Feature[])[];

/** The machine's part of `features`: the handlers of each event, and the hooks. */
export function machineParts(features: readonly Feature[]): Pick<MachineConfig, "on" | "lifecycle" | "scheduled"> {
  const on: Record<string, Handler<never>[]> = {};
  let lifecycle: MachinePart["lifecycle"];
  let scheduled: MachinePart["scheduled"];
  for (const { machine } of features) {
    for (const [type, handler] of Object.entries(machine?.on ?? {})) {
      on[type] = [...(on[type] ?? []), handler as Handler<never>];
    }
    lifecycle = machine?.lifecycle ?? lifecycle;
    scheduled = machine?.scheduled ?? scheduled;
  }
  return { on, lifecycle, scheduled };
}
