import { connectionHandlers } from "./connectionHandlers.js";
import { checkHeartbeat } from "./heartbeat.js";
import { begin, config, context, effects, type Handler, next, status } from "./machineSteps.js";
import type { EventOf, MachineContext, MachineState, SocketEffect, SocketEvent } from "./machineTypes.js";
import { platformHandlers } from "./platform.js";
import { onProbed } from "./probe/probed.js";
import type { SocketStatus } from "./status.js";

// The socket as a pure state machine: `transition(state, event, context)` returns the next state and the effects
// to run, and does nothing itself. socket.ts runs the effects (WebSockets, timers, app callbacks) and feeds what
// comes back in as new events, one at a time, so a call made from any callback is simply the next event.
// The status diagram and the table of reasons: closeCodes.md.
//
// The transition is a table: each event has one small named handler, in the file of its concern.
// - machineTypes.ts: the events, the effects, the state and the settings;
// - connectionHandlers.ts: the app's calls, the attempt (URL, open, close), the deadlines, credentials;
// - machineSteps.ts: the steps they share, and afterClose, which decides after every close;
// - platform.ts: network, visibility, the back/forward cache, and which closes the page itself caused;
// - heartbeat.ts: the dead-connection check; probe/probed.ts: the handshake probe's answer.

export { OFFLINE_PROBE_TIMEOUT_MS } from "./heartbeat.js";
export { PROBE_AFTER } from "./machineSteps.js";
export * from "./machineTypes.js";
export { RESUME_GRACE_MS } from "./platform.js";

type Handlers = { readonly [Type in SocketEvent["type"]]: Handler<EventOf<Type>> };

/** Every event and its handler. */
const HANDLERS: Handlers = {
  ...connectionHandlers,
  ...platformHandlers,
  heartbeat: checkHeartbeat,
  probed: onProbed,
};

// Nothing under way; every other status is active (connected, trying to be, or waiting to) and listens to the platform.
const INACTIVE: ReadonlySet<SocketStatus> = new Set<SocketStatus>(["idle", "closed"]);

/** The next state and the effects that take the socket there. Pure: no clock, no randomness, no I/O. */
export function transition(
  state: MachineState,
  event: SocketEvent,
  world: MachineContext,
): { readonly state: MachineState; readonly effects: readonly SocketEffect[] } {
  begin(state, world);
  (HANDLERS[event.type] as Handler<SocketEvent>)(event);
  // Start or stop listening to the platform when the transition crossed between active and inactive.
  const active = !INACTIVE.has(next.snapshot.status);
  if (active === INACTIVE.has(status)) {
    effects.push({ type: "listen", on: active });
    // A tab opened in the background never fires "hidden": starting hidden starts the pause's clock too.
    const { pauseWhenHiddenMs } = config;
    if (active && !context.visible && pauseWhenHiddenMs !== null)
      effects.push({ type: "pause", ms: pauseWhenHiddenMs });
  }
  return { state: next, effects };
}
