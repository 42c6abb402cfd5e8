import { retryDelay } from "./backoff.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import type { MachineConfig, MachineContext, MachineState, SocketEffect } from "./machineTypes.js";
import type { AppliedDecision, SocketState, SocketStatus, StatusReason } from "./status.js";
import type { CloseClassification, RetryAction } from "./types.js";

// The steps every handler is made of: change the snapshot, enter a status, stop for good, start an attempt, decide
// after a close. They act on the transition under way, which lives in this module's variables from `begin()` until
// transition() returns. transition() runs to the end before it is called again (socket.ts queues events), so one
// set is enough, and handlers in any file read them as plain names, as they did when the machine was one closure.
// transition() stays pure: nothing here outlives a call.

/** The state the event arrived in, and its status. */
export let state: MachineState;
export let status: SocketStatus;
/** What the interpreter read from the world for this transition, and the socket's settings. */
export let context: MachineContext;
export let config: MachineConfig;
/** The state so far: each set() replaces it. */
export let next: MachineState;
/** The effects to run, in order. */
export let effects: SocketEffect[];

export type { Handler } from "./machineTypes.js";

/** Starts a transition from `from`, with what the interpreter read from the world. */
export function begin(from: MachineState, world: MachineContext) {
  state = next = from;
  status = from.snapshot.status;
  context = world;
  config = world.config;
  effects = [];
}

/** What starts the schedule over: the app's own calls, the network or the page coming back. */
const RESTARTS: ReadonlySet<StatusReason> = new Set<StatusReason>([
  "connect-called",
  "reconnect-called",
  "network-online",
  "page-restored",
  "page-visible",
]);
/** The app's own calls, and the slow probe, try even while the platform says offline. */
const TRIES_OFFLINE: ReadonlySet<StatusReason> = new Set<StatusReason>([
  "connect-called",
  "reconnect-called",
  "network-probe",
]);
export const emit = (effect: SocketEffect) => void effects.push(effect);
export const note = (event: DiagnosticEvent) => emit({ type: "note", event });

/** Changes the snapshot (a new frozen object only when a value differs) and the machine's own fields. */
export function set(snapshot: Partial<SocketState>, machine: Partial<MachineState> = {}) {
  let changed: SocketState = next.snapshot;
  for (const key in snapshot) {
    if (!Object.is(snapshot[key as keyof SocketState], changed[key as keyof SocketState])) {
      changed = Object.freeze({ ...changed, ...snapshot });
      break;
    }
  }
  next = { ...next, ...machine, snapshot: changed };
}

/** Enters a status with its reason and its one deadline (see `SocketEffect`), clearing what belonged to the last. */
export function enter(
  to: SocketStatus,
  reason: StatusReason,
  deadlineMs: number | null,
  more: Partial<SocketState> = {},
) {
  set({ status: to, reason, nextRetryAt: null, openedAt: null, stableAt: null, ...more });
  emit({ type: "deadline", ms: deadlineMs });
}

export const decide = (
  action: RetryAction,
  close: CloseClassification | null,
  delayMs: number | null,
): AppliedDecision => ({
  action,
  category: close?.category ?? "lost",
  delayMs,
  retryAfterMs: action === "never" ? null : (close?.retry.retryAfterMs ?? null),
});

/** A close the socket made up itself (a timeout, the network gone), classified like a 1006. */
export const local = (reason: string, opened: boolean) =>
  config.classify({ code: 1006, reason, wasClean: false }, { opened });

/** Closed for good, until connect(): no deadline, socket, platform listener or queued message is left. */
export function finish(reason: StatusReason, close: CloseClassification | null) {
  emit({ type: "drop" });
  emit({ type: "discard" });
  const byApp = reason === "close-called";
  if (!byApp) note({ type: "gave-up", reason });
  const lastClose = close ?? next.snapshot.lastClose;
  set({}, { id: next.id + 1 });
  enter("closed", reason, null, { lastClose, decision: byApp ? null : decide("never", lastClose, null) });
}

export function startAttempt(reason: StatusReason) {
  emit({ type: "drop" });
  // connect() and reconnect() start the schedule over, and a user who signed in again gets a fresh refresh; so does
  // the network or the page coming back.
  const restart = RESTARTS.has(reason);
  const reset = restart ? { attempt: 0, failedOpens: 0, decision: null } : {};
  const resetMachine = restart ? { kind: null, kindAttempts: 0, refreshed: false, verdict: null } : {};
  const id = next.id + 1;
  set({}, { ...resetMachine, id, url: "", pending: "attempt", pingAt: null });
  // Offline is a hint, not a gate (VPNs and some Linux setups report it wrongly): the app's own calls and the slow
  // probe still try; only the schedule waits.
  if (!context.online && !TRIES_OFFLINE.has(reason)) {
    return enter("offline", "network-offline", config.offlineProbeMs, reset);
  }
  enter("connecting", reason, config.connectTimeoutMs, reset);
  emit({ type: "resolve", id });
}

/**
 * Decides after a close: retry (when, and how), refresh credentials, or stop. Offline, or the page's own lifecycle
 * (a background kill, a restore), such a close says nothing about the server, so it counts toward no limit and
 * toward no "can't reach the server". A probe's answer re-decides the same close.
 */
export function afterClose(
  close: CloseClassification,
  reason: StatusReason,
  lifecycle = false,
  counted = context.online && !lifecycle,
) {
  const decision = close.retry;
  const { snapshot } = next;
  const attempt = snapshot.attempt + (counted ? 1 : 0);
  const kindAttempts = counted ? (next.kind === close.kind ? next.kindAttempts + 1 : 1) : next.kindAttempts;
  if (decision.action === "never") return finish("retry-refused", close);
  // The global limit counts every attempt in a row; a code's own limit counts only closes of its kind, so one
  // 1002 after two drops still gets its one retry.
  if (attempt > config.maxAttempts || kindAttempts > (decision.maxAttempts ?? kindAttempts)) {
    return finish("retries-exhausted", close);
  }
  const refresh = decision.action === "refresh-auth";
  if (refresh && next.refreshed) return finish("credentials-failed", close);
  const failedOpens = !counted ? snapshot.failedOpens : close.beforeOpen ? snapshot.failedOpens + 1 : 0;
  set({}, { kind: close.kind, kindAttempts, pending: refresh ? "refresh" : "attempt" });
  // Offline, the attempt would fail anyway: wait for the network instead of spending it.
  if (!context.online) {
    return enter("offline", "network-offline", config.offlineProbeMs, {
      lastClose: close,
      failedOpens,
      decision: decide(decision.action, close, null),
    });
  }
  // Back in view, a lifecycle close retries at once, so the socket is back before any banner's grace period ends.
  const delay =
    lifecycle && context.visible
      ? 0
      : retryDelay(decision, Math.max(1, attempt), context.random, config.delays, close.policy);
  // Told first, so a diagnostics log read when subscribers are notified already has the entry.
  note({ type: "retry-scheduled", delayMs: delay, attempt });
  enter("reconnecting", reason, delay, {
    attempt,
    nextRetryAt: context.now + delay,
    lastClose: close,
    failedOpens,
    decision: decide(decision.action, close, delay),
  });
  config.scheduled?.(close, counted);
}

/** The wait is over: the next attempt, or first the credential refresh that the last close asked for. */
export function retryDue() {
  if (next.pending === "attempt") return startAttempt("retry-timer");
  const id = next.id + 1;
  set({ nextRetryAt: null }, { id, pending: "refreshing", refreshed: true });
  emit({ type: "deadline", ms: config.refreshTimeoutMs });
  emit({ type: "refresh", id });
}
