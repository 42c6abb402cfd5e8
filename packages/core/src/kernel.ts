import type { DiagnosticEvent } from "./diagnosticEvent.js";
import type { Environment, WebSocketLike } from "./environment.js";
import { rethrowLater } from "./errors.js";
import type { Feature, Hooks } from "./feature.js";
import type { MessageListener, SendData, UrlSource } from "./sendTypes.js";
import type { RateLimiter, SocketOptions } from "./socketOptions.js";
import type { SocketState, SocketStatus, StatusReason } from "./status.js";

// The kernel is imperative (issue 21): one socket's state is a plain record, `Kernel`, and each call, transport event
// and timer runs as one step that changes it directly, through the functions of these files:
// - kernel.ts (this one): the record, steps run one at a time, the snapshot, features asked, app callbacks guarded;
// - attempt.ts: an attempt's life (URL, open, close) and the app's close();
// - schedule.ts: what comes after a close (retry, refresh or stop) and the status deadlines;
// - transport.ts: the WebSocket itself: messages in, the queue and sends out, letting go of it;
// - socket.ts: createSocket, which makes the record and the public methods.
// The rules of the pure machine it replaced still hold: steps run to the end one at a time (a call made from inside a
// callback is queued as the next step), the snapshot is a frozen object replaced only when a value changes, and
// subscribers are told once, after the steps ran out. App callbacks run after the state they may read is set.

/**
 * One socket's kernel state. Features (feature.ts) are started with it, read it, and act through the functions of
 * the kernel's files, as the kernel itself does.
 */
export interface Kernel {
  readonly url: UrlSource;
  options: SocketOptions;
  readonly env: Environment;
  // Kept from creation: a limiter holds its allowance, which a new one (made afresh each render) would forget.
  readonly rateLimit: RateLimiter | undefined;
  snapshot: SocketState;
  // Numbers the attempts and refreshes, so an answer for an abandoned one is ignored.
  id: number;
  // The URL of the current attempt once known, "" before.
  attemptUrl: string;
  // The kind of the last close, and how many retries in a row followed closes of that kind.
  kind: string | null;
  kindAttempts: number;
  // Credentials were refreshed since the connection was last healthy: a second auth rejection stops.
  refreshed: boolean;
  // What `reconnecting` waits for: an attempt, a credential refresh, or a refresh under way.
  pending: "attempt" | "refresh" | "refreshing";
  ws: WebSocketLike | null;
  // The last message sent on the current WebSocket, for a 1009's onDrop.
  lastSent: SendData | undefined;
  readonly queue: SendData[];
  flushTimer: unknown;
  readonly steps: (() => void)[];
  draining: boolean;
  notifying: boolean;
  // The subscriber and the snapshot it was last called for: nobody is told twice about the same snapshot.
  readonly subscribers: Map<() => void, SocketState>;
  // Copied on change and read by index, so delivering a message allocates no iterator.
  listeners: readonly MessageListener[];
  // Features by name: started once, and the ones in the current `use` (their hooks run, in order).
  readonly started: Map<string, Hooks>;
  using: Map<string, Feature>;
  hooks: Hooks[];
  // While another tab holds the connection, the feature that relays it (tabs.ts) is the only one asked: a list of it
  // alone, made once, so that asking it allocates nothing (messages are asked about one by one).
  relay: readonly Hooks[] | null;
  // The current status's one deadline (see `enter`).
  arm(ms?: number | null): void;
  // Starts an attempt (attempt.ts's start), for schedule.ts, which attempt.ts itself imports.
  start(reason: StatusReason): void;
}

/** Nothing under way; every other status is active (connected, trying to be, or waiting to) and features listen. */
export const isActive = (status: SocketStatus) => status !== "idle" && status !== "closed";

/** Asks every feature in use; the last answer given counts. */
export function hook<Name extends keyof Hooks>(
  k: Kernel,
  name: Name,
  ...args: Parameters<NonNullable<Hooks[Name]>>
): unknown {
  let answer: unknown;
  for (const part of k.relay ?? k.hooks)
    answer = (part[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args) ?? answer;
  return answer;
}

export const note = (k: Kernel, event: DiagnosticEvent) => void hook(k, "note", event);

/** An app callback that threw: said in the diagnostics, rethrown on its own; the socket goes on with the default. */
export function report(k: Kernel, callback: string, error: unknown) {
  note(k, { type: "callback-failed", callback, error: String(error) });
  rethrowLater(error);
}

/**
 * Runs an app callback that may return a Promise. Failing is an outcome (a token endpoint that is down), so it
 * becomes state; a synchronous throw is also a bug in the callback, so it is reported and rethrown as well.
 */
export function settle(
  k: Kernel,
  name: string,
  callback: () => unknown,
  done: (value: unknown) => void,
  failed: (error: string) => void,
) {
  let result: unknown;
  try {
    result = callback();
  } catch (error) {
    report(k, name, error);
    return void Promise.resolve().then(() => failed(String(error)));
  }
  Promise.resolve(result).then(done, (error: unknown) => failed(String(error)));
}

/** Runs `step`, and every step it leads to, to the end; then tells the subscribers. */
export function act(k: Kernel, step: () => void) {
  k.steps.push(step);
  if (k.draining) return;
  k.draining = true;
  try {
    for (let next = k.steps.shift(); next; next = k.steps.shift()) {
      const was = isActive(k.snapshot.status);
      next();
      // Features listen to the platform only while the socket is active.
      if (was !== isActive(k.snapshot.status)) hook(k, "listen", !was);
    }
  } finally {
    k.draining = false;
  }
  notify(k);
}

/** One round per change: a subscriber that changes the socket starts another round, after this one. */
function notify(k: Kernel) {
  if (k.notifying) return;
  k.notifying = true;
  try {
    for (let again = true; again; ) {
      again = false;
      for (const [listener, seen] of k.subscribers) {
        const current = k.snapshot;
        if (seen === current) continue;
        k.subscribers.set(listener, current);
        try {
          listener();
        } catch (error) {
          report(k, "subscribe", error);
        }
        if (k.snapshot !== current) again = true;
      }
    }
  } finally {
    k.notifying = false;
  }
}

/** Changes the snapshot: a new frozen object only when a value differs. */
export function set(k: Kernel, patch: Partial<SocketState>) {
  for (const key in patch) {
    if (!Object.is(patch[key as keyof SocketState], k.snapshot[key as keyof SocketState])) {
      k.snapshot = Object.freeze({ ...k.snapshot, ...patch });
      return;
    }
  }
}

/**
 * Enters a status with its reason and its one deadline, clearing what belonged to the last: connecting → the
 * connect timeout; open → the minimum uptime after which the schedule resets; closing → the closing handshake's
 * timeout; reconnecting → the retry, or the credential refresh's timeout while it runs; offline → the slow probe.
 */
export function enter(
  k: Kernel,
  status: SocketStatus,
  reason: StatusReason,
  ms: number | null,
  more: Partial<SocketState> = {},
) {
  set(k, { status, reason, nextRetryAt: null, openedAt: null, stableAt: null, ...more });
  k.arm(ms);
}
