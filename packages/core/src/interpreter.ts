import { resolveDelays } from "./backoff.js";
import { type CloseClassifier, classifyByCode } from "./classifyClose.js";
import type { Environment, WebSocketLike } from "./environment.js";
import { rethrowLater } from "./errors.js";
import type { Feature, Host } from "./feature.js";
import { machineParts } from "./feature.js";
import { type MachineConfig, type MachineState, type SocketEffect, type SocketEvent, transition } from "./machine.js";
import type { MessageListener, SendData, UrlSource } from "./sendTypes.js";
import type { DropCause, RateLimiter, SocketOptions } from "./socketOptions.js";
import type { SocketState } from "./status.js";

// The interpreter: it runs the pure machine of machine.ts. Every call, transport event, timer and platform signal
// becomes an event, handled one at a time to the end (state committed, effects run) before the next, and
// subscribers hear of the result afterwards. effects.ts runs each effect; connection.ts has the WebSocket's side:
// create, receive, send, drop.

/** One socket's moving parts. A feature sees the `Host` part of it. */
export interface Kernel extends Host {
  readonly url: UrlSource;
  options: SocketOptions;
  readonly env: Environment;
  using: ReadonlySet<string>;
  /** The features whose interpreter half runs, by name: started when they first appear in `use`. */
  readonly started: Set<string>;
  readonly rateLimit: RateLimiter | undefined;
  config: MachineConfig;
  /** The subscriber and the snapshot it was last called for: nobody is told twice about the same snapshot. */
  readonly subscribers: Map<() => void, SocketState>;
  /** Copied on change and read by index, so delivering a message allocates no iterator. */
  listeners: readonly MessageListener[];
  readonly queue: SendData[];
  readonly events: SocketEvent[];
  /** The features' interpreter halves: each sees every effect after the kernel ran it. */
  readonly runtimes: ((effect: SocketEffect) => void)[];
  /** Runs one effect: effects.ts's `run`, handed in by socket.ts so that this file needs none of the transport's. */
  readonly run: (effect: SocketEffect) => void;
  draining: boolean;
  notifying: boolean;
  state: MachineState;
  ws: WebSocketLike | null;
  /** The last message sent on the current WebSocket, for a 1009's onDrop. */
  lastSent: SendData | undefined;
  flushTimer: unknown;
  readonly timers: Record<string, unknown>;
}

/**
 * Resolves the machine's settings from the options and the features' settings: at creation and after each
 * setOptions. The machine reads them afresh at every event, so a new number shapes the next decision and leaves
 * the timers already set alone.
 */
export function configure(kernel: Kernel): void {
  const { options } = kernel;
  // A feature given twice counts once, as the later one: a hook's default `browser()` gives way to the app's own.
  const byName = new Map<string, Feature>();
  for (const feature of options.use?.flat() ?? []) {
    byName.delete(feature.name);
    byName.set(feature.name, feature);
  }
  const features = [...byName.values()];
  kernel.using = new Set(byName.keys());
  const reconnect = options.reconnect ?? {};
  let config: MachineConfig = {
    // By the code alone, unless a feature (closeReasons) reads reasons too.
    classify: classifyByCode,
    delays: resolveDelays(reconnect),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 3000,
    refreshTimeoutMs: options.refreshTimeoutMs ?? 10_000,
    minUptimeMs: reconnect.minUptimeMs ?? 5000,
    // Infinity rather than Number.POSITIVE_INFINITY: minifiers keep the long name.
    maxAttempts: reconnect.maxAttempts ?? Infinity,
    offlineProbeMs: reconnect.offlineProbeMs ?? 30_000,
    ...machineParts(features),
  };
  for (const feature of features) config = { ...config, ...feature.config };
  const appClassify = options.classify;
  if (appClassify) config = { ...config, classify: guarded(kernel, appClassify, config.classify) };
  kernel.config = config;
  // A feature added later starts then; one taken out keeps its half, which finds its settings gone (or, for one that
  // listens, `using` without it) and does nothing.
  for (const feature of features) {
    if (kernel.started.has(feature.name)) continue;
    kernel.started.add(feature.name);
    const runtime = feature.start?.(kernel);
    if (!runtime) continue;
    kernel.runtimes.push(runtime);
    // On an active socket the platform's listeners were set up already: this one has to start listening now.
    const { status } = kernel.state.snapshot;
    if (status !== "idle" && status !== "closed") runtime({ type: "listen", on: true });
  }
}

/** The app's classifier, which never throws: one that does is reported, and the fallback decides. */
function guarded(kernel: Kernel, classify: CloseClassifier, fallback: CloseClassifier): CloseClassifier {
  return (event, context) => {
    try {
      return classify(event, context);
    } catch (error) {
      report(kernel, "classify", error);
      return fallback(event, context);
    }
  };
}

/** Handles `event`, and every event it leads to, to the end; then tells the subscribers. */
export function dispatch(kernel: Kernel, event: SocketEvent): void {
  kernel.events.push(event);
  if (kernel.draining) return;
  kernel.draining = true;
  try {
    for (let next = kernel.events.shift(); next; next = kernel.events.shift()) {
      const { env } = kernel;
      const result = transition(kernel.state, next, {
        config: kernel.config,
        now: env.now(),
        random: env.random(),
        online: kernel.online(),
        visible: kernel.visible(),
        lastInboundAt: kernel.lastInboundAt,
      });
      kernel.state = result.state;
      for (const effect of result.effects) kernel.run(effect);
    }
  } finally {
    kernel.draining = false;
  }
  notify(kernel);
}

/** One round per change: a subscriber that changes the socket starts another round, after this one. */
function notify(kernel: Kernel): void {
  if (kernel.notifying) return;
  kernel.notifying = true;
  try {
    for (let again = true; again; ) {
      again = false;
      for (const [listener, seen] of kernel.subscribers) {
        const current = kernel.state.snapshot;
        if (seen === current) continue;
        kernel.subscribers.set(listener, current);
        try {
          listener();
        } catch (error) {
          report(kernel, "subscribe", error);
        }
        if (kernel.state.snapshot !== current) again = true;
      }
    }
  } finally {
    kernel.notifying = false;
  }
}

/** Tells the features (diagnostics) what happened outside the machine. */
export function note(kernel: Kernel, event: Extract<SocketEffect, { type: "note" }>["event"]): void {
  for (const runtime of kernel.runtimes) runtime({ type: "note", event });
}

/** An app callback that threw: said in the diagnostics, rethrown on its own; the socket goes on with the default. */
export function report(kernel: Kernel, callback: string, error: unknown): void {
  note(kernel, { type: "callback-failed", callback, error: String(error) });
  rethrowLater(error);
}

/** A message that will never be delivered, told to the app's `queue.onDrop`. */
export function dropped(kernel: Kernel, data: unknown, cause: DropCause): void {
  try {
    kernel.options.queue?.onDrop?.(data, cause);
  } catch (error) {
    report(kernel, "queue.onDrop", error);
  }
}

/**
 * Runs an app callback that may return a Promise. Failing is an outcome (a token endpoint that is down), so it
 * becomes state; a synchronous throw is also a bug in the callback, so it is reported and rethrown as well.
 */
export function settle(
  kernel: Kernel,
  name: string,
  callback: () => unknown,
  done: (value: unknown) => void,
  failed: (error: string) => void,
): void {
  let result: unknown;
  try {
    result = callback();
  } catch (error) {
    report(kernel, name, error);
    return void Promise.resolve().then(() => failed(String(error)));
  }
  Promise.resolve(result).then(done, (error: unknown) => failed(String(error)));
}

/** Sets (or, with null, clears) a timer whose firing becomes the event of the same name. */
export function arm(kernel: Kernel, slot: "deadline" | "heartbeat" | "pause", ms: number | null): void {
  const { timers, env } = kernel;
  if (timers[slot] != null) env.clearTimeout(timers[slot]);
  timers[slot] = null;
  if (ms === null) return;
  const handle = env.setTimeout(() => {
    if (timers[slot] !== handle) return;
    timers[slot] = null;
    dispatch(kernel, { type: slot });
  }, ms);
  timers[slot] = handle;
}
