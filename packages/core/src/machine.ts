import { connectionHandlers } from "./connectionHandlers.js";
import { begin, config, effects, type Handler, next, status } from "./machineSteps.js";
import type { MachineContext, MachineState, SocketEffect, SocketEvent } from "./machineTypes.js";
import type { SocketStatus } from "./status.js";

// The socket as a pure state machine: `transition(state, event, context)` returns the next state and the effects
// to run, and does nothing itself. socket.ts runs the effects (WebSockets, timers, app callbacks) and feeds what
// comes back in as new events, one at a time, so a call made from any callback is simply the next event.
// The status diagram and the table of reasons: closeCodes.md.
//
// The transition is a table: each event has one small named handler, in the file of its concern.
// - machineTypes.ts: the events, the effects, the state and the settings;
// - connectionHandlers.ts: the kernel's events: the app's calls, the attempt (URL, open, close), the deadlines,
//   credentials;
// - machineSteps.ts: the steps they share, and afterClose, which decides after every close;
// - the features an app passes in `use` (feature.ts) bring their own events and handlers: platform/platform.ts
//   (network, visibility, the back/forward cache, closes the page caused), heartbeat/heartbeat.ts, probe/probed.ts.

export * from "./machineTypes.js";

// Nothing under way; every other status is active (connected, trying to be, or waiting to) and listens to the platform.
const INACTIVE: ReadonlySet<SocketStatus> = new Set<SocketStatus>(["idle", "closed"]);

/**
 * Runs the handlers of `event` inside the transition under way: the kernel's, then each feature's. A feature calls it
 * to ask another one (the platform asks the heartbeat whether a connection still lives).
 */
export function handle(event: SocketEvent): void {
  (connectionHandlers[event.type as keyof typeof connectionHandlers] as Handler<SocketEvent> | undefined)?.(event);
  for (const handler of (config.on[event.type] ?? []) as Handler<SocketEvent>[]) handler(event);
}

/** The next state and the effects that take the socket there. Pure: no clock, no randomness, no I/O. */
export function transition(
  state: MachineState,
  event: SocketEvent,
  world: MachineContext,
): { readonly state: MachineState; readonly effects: readonly SocketEffect[] } {
  begin(state, world);
  handle(event);
  // Start or stop listening to the platform when the transition crossed between active and inactive.
  const active = !INACTIVE.has(next.snapshot.status);
  if (active === INACTIVE.has(status)) effects.push({ type: "listen", on: active });
  return { state: next, effects };
}
