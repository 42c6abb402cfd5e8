import { redacted } from "../diagnostics/feature.js";
import type { Feature, Hooks } from "../feature.js";
import type { Kernel } from "../kernel.js";
import { redactText, redactUrl } from "../redactUrl.js";
import type { SendData } from "../sendTypes.js";
import { type FaultState, inject, refusing } from "./faults.js";
import { changed, type InspectedSocket, registry, type TimelineEntry, type TrafficEntry, watched } from "./registry.js";

// The feature behind the devtools: it puts its socket on the page's list (registry.ts), keeps its last messages and
// what it did, and carries the faults (faults.ts). Development builds add it to every socket by themselves (socket.ts,
// through #dev); a production build has it only where the app puts `inspectable()` in `use`.

/** How many messages and timeline entries a socket keeps for the devtools. */
export const KEPT = 100;
/** How much of a text message the devtools see. */
const PREVIEW = 200;

const keep = <T>(list: T[], entry: T) => {
  list.push(entry);
  if (list.length > KEPT) list.shift();
};

function trafficOf(direction: "in" | "out", at: number, data: unknown): TrafficEntry {
  if (typeof data === "string")
    return { direction, at, size: data.length, preview: redactText(data.slice(0, PREVIEW)) };
  const size = (data as { byteLength?: number; size?: number })?.byteLength ?? (data as { size?: number })?.size ?? 0;
  return { direction, at, size, preview: null };
}

function start(k: Kernel): Hooks {
  const list = registry();
  const traffic: TrafficEntry[] = [];
  const timeline: TimelineEntry[] = [];
  const listeners = new Set<() => void>();
  const faults: FaultState = { offline: false, refusals: 0, silenced: null };
  const tell = () => {
    for (const listener of listeners) listener();
  };
  // Snapshot changes reach the devtools through the socket's own subscribers; traffic and notes through `tell`.
  const onSnapshot = () => tell();
  const inspected: InspectedSocket = {
    id: ++list.next,
    url: () =>
      k.attemptUrl
        ? redactUrl(k.attemptUrl)
        : typeof k.url === "function"
          ? "(url function)"
          : redactUrl(String(k.url)),
    getSnapshot: () => k.snapshot,
    features: () => [...k.using.keys()].filter((name) => name !== "devtools"),
    queued: () => [...k.queue],
    pingSentAt: () => k.started.get("heartbeat")?.pinging?.(),
    traffic: () => [...traffic],
    timeline: () => [...timeline],
    subscribe(listener) {
      if (listeners.size === 0) k.subscribers.set(onSnapshot, k.snapshot);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) k.subscribers.delete(onSnapshot);
      };
    },
    fault: (fault) => inject(k, faults, fault),
    faults: () => ({
      offline: faults.offline,
      refusals: faults.refusals,
      silenced: faults.silenced === k.ws && !!k.ws,
    }),
  };
  const real = k.env.WebSocket;
  const Refused = refusing(real);
  // The kernel reads env.WebSocket at each attempt: the refused ones get a WebSocket that never opens.
  const env = k.env as { WebSocket: typeof real };
  const shown = (on: boolean) => {
    if (on === list.sockets.has(inspected)) return;
    if (on) list.sockets.add(inspected);
    else list.sockets.delete(inspected);
    changed(list);
  };
  shown(true);
  return {
    note(event) {
      keep(timeline, { at: k.env.now(), event: redacted(event) });
      tell();
    },
    attempt() {
      const refuse = faults.refusals > 0;
      if (refuse) faults.refusals--;
      env.WebSocket = refuse ? Refused : real;
    },
    // Undefined, not false: the kernel keeps the last answer given, and a heartbeat's "true" (a pong) must stand.
    inbound(data) {
      keep(traffic, trafficOf("in", k.env.now(), data));
      tell();
      return undefined;
    },
    send(data: SendData) {
      keep(traffic, trafficOf("out", k.env.now(), data));
      tell();
      return undefined;
    },
    offline: () => faults.offline || undefined,
    // The app closed it: off the list. (A close the server decided keeps it there, to be looked at.)
    close: () => shown(false),
    listen(on) {
      if (on) shown(true);
    },
  };
}

/**
 * Makes a socket visible to `@lifeline/devtools` in a production build: `use: [inspectable()]`. Development builds
 * show every socket without it.
 */
export function inspectable(): Feature {
  return { name: "devtools", start };
}

/**
 * For development builds (#dev): adds the feature to a socket's features, last, once devtools are on the page;
 * nothing before. An app's own inspectable() stays where the app put it.
 */
export function inspectorIfWatched(using: Map<string, Feature>) {
  if (watched() && !using.has("devtools")) using.set("devtools", inspectable());
}
