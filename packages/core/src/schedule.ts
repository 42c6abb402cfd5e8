import { resolveDelays, retryDelay } from "./backoff.js";
import { type CloseClassifier, classifyByCode } from "./classifyClose.js";
import { act, enter, hook, type Kernel, note, report, set, settle } from "./kernel.js";
import type { AppliedDecision, StatusReason } from "./status.js";
import { discard, drop } from "./transport.js";
import type { CloseClassification, RetryAction } from "./types.js";

// What comes after a close: retry (when, and how), refresh credentials, or stop; and what each status's deadline
// means when it passes. The close table (closeTable.ts) says what each code asks for; afterClose applies it.
// A new attempt starts through `k.start` (attempt.ts's start: attempt.ts imports this file).

const reconnectOptions = (k: Kernel) => k.options.reconnect ?? {};
const offline = (k: Kernel) => hook(k, "offline") === true;

const decide = (action: RetryAction, close: CloseClassification | null, delayMs: number | null): AppliedDecision => ({
  action,
  category: close?.category ?? "lost",
  delayMs,
  retryAfterMs: action === "never" ? null : (close?.retry.retryAfterMs ?? null),
});

/** The app's classifier, which never throws: one that does is reported, and the default decides. */
export function classify(k: Kernel, ...args: Parameters<CloseClassifier>): CloseClassification {
  const fallback = () => (hook(k, "classify", ...args) ?? classifyByCode(...args)) as CloseClassification;
  const own = k.options.classify;
  if (!own) return fallback();
  try {
    return own(...args);
  } catch (error) {
    report(k, "classify", error);
    return fallback();
  }
}

/** A close the socket made up itself (a timeout, the network gone), classified like a 1006. */
export const local = (k: Kernel, reason: string, opened: boolean) =>
  classify(k, { code: 1006, reason, wasClean: false }, { opened });

/** Closed for good, until connect(): no deadline, socket, platform listener or queued message is left. */
export function finish(k: Kernel, reason: StatusReason, close: CloseClassification | null) {
  const byApp = reason === "close-called";
  const lastClose = close ?? k.snapshot.lastClose;
  k.id++;
  drop(k);
  if (!byApp) note(k, { type: "gave-up", reason });
  enter(k, "closed", reason, null, { lastClose, decision: byApp ? null : decide("never", lastClose, null) });
  discard(k);
}

/**
 * Decides after a close: retry (when, and how), refresh credentials, or stop. Offline, or the page's own lifecycle
 * (a background kill, a restore), such a close says nothing about the server, so it counts toward no limit and
 * toward no "can't reach the server". A probe's answer re-decides the same close.
 */
export function afterClose(
  k: Kernel,
  close: CloseClassification,
  reason: StatusReason,
  lifecycle = false,
  counted = !offline(k) && !lifecycle,
) {
  const { retry } = close;
  const attempt = k.snapshot.attempt + (counted ? 1 : 0);
  const ofKind = counted ? (k.kind === close.kind ? k.kindAttempts + 1 : 1) : k.kindAttempts;
  if (retry.action === "never") return finish(k, "retry-refused", close);
  // The global limit counts every attempt in a row; a code's own limit counts only closes of its kind, so one
  // 1002 after two drops still gets its one retry.
  if (attempt > (reconnectOptions(k).maxAttempts ?? Infinity) || ofKind > (retry.maxAttempts ?? ofKind)) {
    return finish(k, "retries-exhausted", close);
  }
  const refresh = retry.action === "refresh-auth";
  if (refresh && k.refreshed) return finish(k, "credentials-failed", close);
  const { failedOpens: failed } = k.snapshot;
  const failedOpens = !counted ? failed : close.beforeOpen ? failed + 1 : 0;
  k.kind = close.kind;
  k.kindAttempts = ofKind;
  k.pending = refresh ? "refresh" : "attempt";
  // Offline, the attempt would fail anyway: wait for the network instead of spending it.
  if (offline(k)) {
    const decided = decide(retry.action, close, null);
    const probeMs = reconnectOptions(k).offlineProbeMs ?? 30_000;
    return enter(k, "offline", "network-offline", probeMs, { lastClose: close, failedOpens, decision: decided });
  }
  // Back in view, a lifecycle close retries at once, so the socket is back before any banner's grace period ends.
  const delays = resolveDelays(k.options.reconnect);
  const random = k.env.random();
  const delay =
    lifecycle && !hook(k, "hidden") ? 0 : retryDelay(retry, Math.max(1, attempt), random, delays, close.policy);
  // Told first, so a diagnostics log read when subscribers are notified already has the entry.
  note(k, { type: "retry-scheduled", delayMs: delay, attempt });
  enter(k, "reconnecting", reason, delay, {
    attempt,
    nextRetryAt: k.env.now() + delay,
    lastClose: close,
    failedOpens,
    decision: decide(retry.action, close, delay),
  });
  hook(k, "scheduled", close, counted);
}

/** The wait is over: the next attempt, or first the credential refresh that the last close asked for. */
export function retryDue(k: Kernel) {
  if (k.pending === "attempt") return k.start("retry-timer");
  const refresh = ++k.id;
  k.pending = "refreshing";
  k.refreshed = true;
  set(k, { nextRetryAt: null });
  k.arm(k.options.refreshTimeoutMs ?? 10_000);
  const answered = (error?: string) => () => {
    if (refresh !== k.id || k.snapshot.status !== "reconnecting" || k.pending !== "refreshing") return;
    if (error !== undefined) {
      note(k, { type: "credentials-failed", error });
      return finish(k, "credentials-failed", null);
    }
    note(k, { type: "credentials-refreshed" });
    k.start("credentials-refreshed");
  };
  settle(
    k,
    "refreshCredentials",
    () => k.options.refreshCredentials?.(),
    () => act(k, answered()),
    (error) => act(k, answered(error)),
  );
}

/** The current status's deadline passed: what it means depends on the status (see `enter`). */
export function due(k: Kernel) {
  const { status } = k.snapshot;
  if (status === "connecting") {
    note(k, { type: "connect-timeout", afterMs: k.options.connectTimeoutMs ?? 10_000 });
    drop(k);
    afterClose(k, local(k, "connect timeout", false), "connect-timeout");
  } else if (status === "open") {
    // The connection held for minUptimeMs: the schedule starts over.
    k.kind = null;
    k.kindAttempts = 0;
    k.refreshed = false;
    set(k, { attempt: 0, stableAt: k.env.now() });
  } else if (status === "closing") finish(k, "close-called", null);
  else if (status === "offline") k.start("network-probe");
  else if (status === "reconnecting") {
    if (k.pending !== "refreshing") return retryDue(k);
    const error = `refreshCredentials did not settle within ${k.options.refreshTimeoutMs ?? 10_000} ms`;
    note(k, { type: "credentials-failed", error });
    finish(k, "credentials-failed", null);
  }
}
