import { type ReconnectDelays, retryDelay } from "./backoff.js";
import type { CloseClassifier } from "./classifyClose.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { redactText } from "./redactUrl.js";
import { type AppliedDecision, IDLE, type SocketState, type SocketStatus, type StatusReason } from "./status.js";
import type { CloseClassification, CloseEventLike, RetryAction } from "./types.js";
import { utf8ByteLength } from "./utf8.js";

// The socket as a pure state machine: `transition(state, event, context)` returns the next state and the effects
// to run, and does nothing itself. socket.ts runs the effects (WebSockets, timers, app callbacks) and feeds what
// comes back in as new events, one at a time, so a call made from any callback is simply the next event.
// The status diagram and the table of reasons: closeCodes.md.

/** Everything that can happen to a socket: the app's calls, the transport, the timers, the platform, credentials. */
export type SocketEvent =
  | { readonly type: "connect" }
  | { readonly type: "reconnect" }
  | { readonly type: "close"; readonly code?: number; readonly reason?: string }
  /** The send queue now holds `size` messages. */
  | { readonly type: "queued"; readonly size: number }
  /** The URL of attempt `id` is known (a string URL at once, a url function when it settles). */
  | { readonly type: "resolved"; readonly id: number; readonly url: string }
  /** The url function failed (`invalid`: what it gave is no WebSocket URL, or the constructor refused it). */
  | { readonly type: "url-failed"; readonly id: number; readonly error: string; readonly invalid?: boolean }
  | { readonly type: "opened"; readonly id: number }
  /** The WebSocket of attempt `id` closed; `sent` is the last message sent on it, for a 1009. */
  | { readonly type: "closed"; readonly id: number; readonly event: CloseEventLike; readonly sent?: unknown }
  /** The deadline of the current status passed (see `Deadline`). */
  | { readonly type: "deadline" }
  /** The heartbeat's timer: time to check for silence. */
  | { readonly type: "heartbeat" }
  | { readonly type: "online" }
  | { readonly type: "offline" }
  | { readonly type: "visible" }
  | { readonly type: "hidden" }
  /** The page left (`pagehide`) or came back (`pageshow`); `persisted` when it is in the back/forward cache. */
  | { readonly type: "pagehide" | "pageshow"; readonly persisted: boolean }
  /** The tab has been hidden for `pauseWhenHiddenMs`. */
  | { readonly type: "pause" }
  /** What the handshake probe of attempt `id` found: the refused handshakes' close, told why; null: nothing usable. */
  | { readonly type: "probed"; readonly id: number; readonly close: CloseClassification | null }
  | { readonly type: "refreshed"; readonly id: number }
  | { readonly type: "refresh-failed"; readonly id: number; readonly error: string };

/**
 * What the interpreter does for the machine. Each status has at most one deadline, set with every change of status:
 * connecting → the connect timeout; open → the minimum uptime after which the schedule resets; closing → the
 * closing handshake's timeout; reconnecting → the retry, or the credential refresh's timeout while it runs.
 */
export type SocketEffect =
  /** Find the URL of attempt `id`: answered with `resolved` or `url-failed`. */
  | { readonly type: "resolve"; readonly id: number }
  /** Create the WebSocket of attempt `id`; its events come back as `opened` and `closed`. */
  | { readonly type: "create"; readonly id: number; readonly url: string }
  /** Let go of the current WebSocket (closing it if still live, with `code` if given); nothing from it arrives afterwards. */
  | { readonly type: "drop"; readonly code?: number }
  /** Start the closing handshake on the current WebSocket and keep listening for its close. */
  | { readonly type: "shut"; readonly code?: number; readonly reason?: string }
  /** Set (ms) or clear (null) the current status's deadline. */
  | { readonly type: "deadline"; readonly ms: number | null }
  /** Check the heartbeat again in `ms`. */
  | { readonly type: "heartbeat"; readonly ms: number }
  /** Pause the socket in `ms` unless the tab becomes visible first (null: do not). */
  | { readonly type: "pause"; readonly ms: number | null }
  | { readonly type: "ping" }
  /** Send what is queued, as far as the connection and the rate limit allow. */
  | { readonly type: "flush" }
  /** Empty the queue: nothing in it can leave any more. Every message is reported as dropped. */
  | { readonly type: "discard" }
  /** Ask why upgrades to `url` are refused, given their last close: answered with `probed`. */
  | { readonly type: "probe"; readonly id: number; readonly url: string; readonly close: CloseClassification }
  /** Call the app's `refreshCredentials`: answered with `refreshed` or `refresh-failed`. */
  | { readonly type: "refresh"; readonly id: number }
  /** Start (true) or stop (false) listening to the platform's online and visibility signals. */
  | { readonly type: "listen"; readonly on: boolean }
  | { readonly type: "note"; readonly event: DiagnosticEvent }
  /** A message that will never be delivered: the server refused it as too big. */
  | { readonly type: "too-big"; readonly data: unknown };

/** The machine's fixed settings, resolved from the socket's options. */
export interface MachineConfig {
  /** Never throws: the interpreter falls back to the default table when the app's classifier does. */
  readonly classify: CloseClassifier;
  readonly delays: ReconnectDelays;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly refreshTimeoutMs: number;
  readonly minUptimeMs: number;
  readonly maxAttempts: number;
  /** While offline, one attempt per this long, in case the platform is wrong about the network. */
  readonly offlineProbeMs: number;
  /** Pause a tab hidden this long; null: never. */
  readonly pauseWhenHiddenMs: number | null;
  /** A handshake probe is configured: after 3, 6, 12… handshakes in a row that never opened, ask why. */
  readonly probe: boolean;
  readonly heartbeat?: { readonly intervalMs: number; readonly timeoutMs: number } | undefined;
}

/** What the interpreter reads from the world for one transition. Passing it in keeps `transition` pure. */
export interface MachineContext {
  readonly config: MachineConfig;
  readonly now: number;
  /** In [0, 1), for jitter. */
  readonly random: number;
  /** False only when the platform says it is offline. */
  readonly online: boolean;
  /** False only while the page is hidden. */
  readonly visible: boolean;
  /** When the current connection last received anything. */
  readonly lastInboundAt: number;
}

/** The public snapshot plus what only the machine needs. */
export interface MachineState {
  readonly snapshot: SocketState;
  /** Numbers the asynchronous work (an attempt, a refresh), so an answer to an abandoned one is ignored. */
  readonly id: number;
  /** The URL of the current attempt. */
  readonly url: string;
  /** The kind of the last close, and how many retries in a row followed closes of that kind. */
  readonly kind: string | null;
  readonly kindAttempts: number;
  /** Credentials were refreshed since the connection was last healthy: a second auth rejection stops. */
  readonly refreshed: boolean;
  /** What `reconnecting` waits for: an attempt, a refresh, or a refresh under way. */
  readonly pending: "attempt" | "refresh" | "refreshing";
  /** When the unanswered heartbeat ping went out, or null, and how long it has for an answer. */
  readonly pingAt: number | null;
  readonly pingTimeoutMs: number;
  /** When the page last became visible or came back from the back/forward cache. */
  readonly resumedAt: number | null;
  /**
   * The attempt whose connection was open when the page was last hidden or shown: the only connection the page's
   * lifecycle can have cut. One made while hidden that drops is the server's or the network's doing.
   */
  readonly upAtPageChange: number;
  /**
   * What the handshake probe last found behind this run of refused handshakes, or null. While it stands, every
   * handshake that fails is decided by it, and the probe asks again after each one.
   */
  readonly verdict: CloseClassification | null;
}

export const INITIAL: MachineState = {
  snapshot: IDLE,
  id: 0,
  url: "",
  kind: null,
  kindAttempts: 0,
  refreshed: false,
  pending: "attempt",
  pingAt: null,
  pingTimeoutMs: 0,
  resumedAt: null,
  upAtPageChange: 0,
  verdict: null,
};

/** How long the heartbeat's probe may take when the platform says the network went away. */
export const OFFLINE_PROBE_TIMEOUT_MS = 1000;
/** Handshakes in a row that never opened before the first probe; then it waits twice as long each time. */
export const PROBE_AFTER = 3;
/** A close this soon after the page came back belongs to the page's lifecycle, not to the network. */
export const RESUME_GRACE_MS = 1000;

// Nothing under way; every other status is active (connected, trying to be, or waiting to) and listens to the platform.
const INACTIVE = /^(idle|closed)$/;
// What may be paused: a socket that is connected, or trying to be.
const PAUSABLE = /^(connecting|open|reconnecting|offline)$/;

/** The next state and the effects that take the socket there. Pure: no clock, no randomness, no I/O. */
export function transition(
  state: MachineState,
  event: SocketEvent,
  context: MachineContext,
): { readonly state: MachineState; readonly effects: readonly SocketEffect[] } {
  const { config, now } = context;
  const effects: SocketEffect[] = [];
  let next = state;
  const status = state.snapshot.status;
  const emit = (effect: SocketEffect) => effects.push(effect);
  const note = (diagnostic: DiagnosticEvent) => emit({ type: "note", event: diagnostic });
  const set = (snapshot: Partial<SocketState>, machine: Partial<MachineState> = {}) => {
    let changed: SocketState = next.snapshot;
    for (const key in snapshot) {
      if (!Object.is(snapshot[key as keyof SocketState], changed[key as keyof SocketState])) {
        changed = Object.freeze({ ...changed, ...snapshot });
        break;
      }
    }
    next = { ...next, ...machine, snapshot: changed };
  };
  const enter = (
    to: SocketStatus,
    reason: StatusReason,
    deadlineMs: number | null,
    more: Partial<SocketState> = {},
  ) => {
    set({ status: to, reason, nextRetryAt: null, openedAt: null, stableAt: null, ...more });
    emit({ type: "deadline", ms: deadlineMs });
  };
  const decide = (action: RetryAction, close: CloseClassification | null, delayMs: number | null): AppliedDecision => ({
    action,
    category: close?.category ?? "lost",
    delayMs,
    retryAfterMs: action === "never" ? null : (close?.retry.retryAfterMs ?? null),
  });
  const isAttempt = (id: number) => id === state.id && status === "connecting";
  const local = (reason: string, opened: boolean) =>
    config.classify({ code: 1006, reason, wasClean: false }, { opened });

  /** Closed for good, until connect(): no deadline, socket, platform listener or queued message is left. */
  function finish(reason: StatusReason, close: CloseClassification | null) {
    emit({ type: "drop" });
    emit({ type: "discard" });
    const byApp = reason === "close-called";
    if (!byApp) note({ type: "gave-up", reason });
    const lastClose = close ?? next.snapshot.lastClose;
    set({}, { id: next.id + 1 });
    enter("closed", reason, null, {
      lastClose,
      decision: byApp ? null : decide("never", lastClose, null),
    });
  }

  function startAttempt(reason: StatusReason) {
    emit({ type: "drop" });
    // connect() and reconnect() start the schedule over, and a user who signed in again gets a fresh refresh; so does
    // the network or the page coming back.
    const restart = /^(connect-called|reconnect-called|network-online|page-restored|page-visible)$/.test(reason);
    const reset = restart ? { attempt: 0, failedOpens: 0, decision: null } : {};
    const resetMachine = restart ? { kind: null, kindAttempts: 0, refreshed: false, verdict: null } : {};
    const id = next.id + 1;
    set({}, { ...resetMachine, id, url: "", pending: "attempt", pingAt: null });
    // Offline is a hint, not a gate (VPNs and some Linux setups report it wrongly): the app's own calls and the slow
    // probe still try; only the schedule waits.
    if (!context.online && !/^(connect-called|reconnect-called|network-probe)$/.test(reason)) {
      return enter("offline", "network-offline", config.offlineProbeMs, reset);
    }
    enter("connecting", reason, config.connectTimeoutMs, reset);
    emit({ type: "resolve", id });
  }

  // Offline, or the page's own lifecycle (a background kill, a restore): such a close says nothing about the server,
  // so it counts toward no limit and toward no "can't reach the server". A probe's answer re-decides the same close.
  function afterClose(
    close: CloseClassification,
    reason: StatusReason,
    lifecycle = false,
    counted = context.online && !lifecycle,
  ) {
    const decision = close.retry;
    const attempt = next.snapshot.attempt + (counted ? 1 : 0);
    const kindAttempts = counted ? (next.kind === close.kind ? next.kindAttempts + 1 : 1) : next.kindAttempts;
    if (decision.action === "never") return finish("retry-refused", close);
    // The global limit counts every attempt in a row; a code's own limit counts only closes of its kind, so one
    // 1002 after two drops still gets its one retry.
    if (attempt > config.maxAttempts || kindAttempts > (decision.maxAttempts ?? kindAttempts)) {
      return finish("retries-exhausted", close);
    }
    const refresh = decision.action === "refresh-auth";
    if (refresh && next.refreshed) return finish("credentials-failed", close);
    const failedOpens = !counted ? next.snapshot.failedOpens : close.beforeOpen ? next.snapshot.failedOpens + 1 : 0;
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
      nextRetryAt: now + delay,
      lastClose: close,
      failedOpens,
      decision: decide(decision.action, close, delay),
    });
    // Browsers hide the HTTP status of a refused upgrade; a plain request to the same URL can show it. Once it has
    // shown one, it asks after every refusal, so the banner never goes back to "can't reach" in between and a server
    // that changes its answer (or stops answering) is believed at once.
    const rounds = failedOpens / PROBE_AFTER;
    // Only a handshake that was tried has something to ask about: after a url function failed there is no URL.
    if (config.probe && counted && next.url && (next.verdict !== null || Number.isInteger(Math.log2(rounds)))) {
      emit({ type: "probe", id: next.id, url: next.url, close });
    }
  }

  function retryDue() {
    if (next.pending === "attempt") return startAttempt("retry-timer");
    const id = next.id + 1;
    set({ nextRetryAt: null }, { id, pending: "refreshing", refreshed: true });
    emit({ type: "deadline", ms: config.refreshTimeoutMs });
    emit({ type: "refresh", id });
  }

  /** Deadlines are compared with the clock, so a timer that a background tab ran late still finds the truth. */
  function checkHeartbeat() {
    const heartbeat = config.heartbeat;
    if (!heartbeat || next.snapshot.status !== "open") return;
    const last = context.lastInboundAt;
    const pingAt = next.pingAt;
    const awaiting = pingAt !== null && last < pingAt;
    if (awaiting && now - pingAt >= next.pingTimeoutMs) {
      note({ type: "heartbeat-missed", silentMs: now - last });
      emit({ type: "drop" });
      return afterClose(local("heartbeat timeout", true), "heartbeat-timeout");
    }
    if (!awaiting && now - last >= heartbeat.intervalMs) return ping(heartbeat.timeoutMs);
    emit({
      type: "heartbeat",
      ms: Math.max(0, (awaiting ? pingAt + next.pingTimeoutMs : last + heartbeat.intervalMs) - now),
    });
  }

  function ping(timeoutMs: number) {
    set({}, { pingAt: now, pingTimeoutMs: timeoutMs });
    emit({ type: "ping" });
    emit({ type: "heartbeat", ms: timeoutMs });
  }

  /** Closes with 1000 and waits for the page, keeping the queue: nothing is lost, and no banner has cause to show. */
  function pause(reason: StatusReason) {
    emit({ type: "drop", code: 1000 });
    set({}, { id: next.id + 1 });
    enter("paused", reason, null);
  }

  /** The page was hidden or shown (`resumedAt`): remember which connection, if any, was up through it. */
  function pageChanged(resumedAt = state.resumedAt) {
    set({}, { resumedAt, upAtPageChange: status === "open" ? state.id : state.upAtPageChange });
  }

  switch (event.type) {
    case "connect":
      // From closing too: a component that unmounts and mounts again must get its connection back at once.
      if (INACTIVE.test(status) || status === "closing") startAttempt("connect-called");
      break;
    case "reconnect":
      startAttempt("reconnect-called");
      break;
    case "close":
      // With a WebSocket under way, close it and wait for its close event (a CONNECTING one reports 1006, marked as
      // ours); with none yet (the url function still running), there is nothing to wait for.
      if (status === "open" || (status === "connecting" && state.url)) {
        emit({ type: "discard" });
        emit({ type: "shut", code: event.code, reason: event.reason });
        // A half-open connection never answers the closing handshake; the deadline lets go of it anyway.
        enter("closing", "close-called", config.closeTimeoutMs, { openedAt: next.snapshot.openedAt, decision: null });
      } else if (status !== "closing" && status !== "closed") finish("close-called", null);
      break;
    case "queued":
      set({ queued: event.size });
      break;
    case "resolved":
      if (!isAttempt(event.id)) break;
      set({}, { url: event.url });
      note({ type: "connecting", url: redactText(event.url), attempt: next.snapshot.attempt });
      emit({ type: "create", id: event.id, url: event.url });
      break;
    case "url-failed":
      if (!isAttempt(event.id)) break;
      note({ type: "url-failed", error: event.error });
      if (event.invalid) finish("invalid-url", null);
      else afterClose(local("url failed", false), "url-failed");
      break;
    case "opened":
      if (!isAttempt(event.id)) break;
      note({ type: "opened", url: redactText(state.url) });
      set({}, { pingAt: null, verdict: null });
      // The schedule starts over only once a connection has stayed up: a server that accepts and drops at once
      // must still see the backoff grow.
      enter("open", "opened", config.minUptimeMs, { openedAt: now, failedOpens: 0 });
      if (config.heartbeat) emit({ type: "heartbeat", ms: config.heartbeat.intervalMs });
      emit({ type: "flush" });
      break;
    case "closed": {
      if (event.id !== state.id || !/^(connecting|open|closing)$/.test(status)) break;
      // Open, or closing after having been open; a socket closed while CONNECTING never opened.
      const opened = state.snapshot.openedAt !== null;
      const classified = config.classify(event.event, { opened, closeRequested: status === "closing" });
      // The reason is the server's free text: it may quote a token back.
      note({ type: "closed", close: { ...classified, reason: redactText(classified.reason) } });
      // A refused handshake looks like any 1006 to the page; while the probe's verdict stands, it is that verdict.
      const refused = !opened && classified.code === 1006 && context.online && status === "connecting";
      const close = refused && state.verdict ? state.verdict : classified;
      emit({ type: "drop" });
      if (status === "closing") {
        finish("close-called", close);
        break;
      }
      if (close.kind === "message-too-big" && event.sent !== undefined) {
        note({ type: "message-too-big", bytes: byteLength(event.sent) });
        emit({ type: "too-big", data: event.sent });
      }
      // Only a connection that was up when the page hid (or came back) can have been cut by the page's lifecycle. A
      // handshake that fails is the server or the network, and so is a connection made while hidden that drops:
      // taking those for the page would retry a failing server from every background tab, never counting.
      const lifecycle =
        opened &&
        close.code === 1006 &&
        state.upAtPageChange === state.id &&
        (!context.visible || (state.resumedAt !== null && now - state.resumedAt < RESUME_GRACE_MS));
      afterClose(
        close,
        !opened
          ? "connect-failed"
          : close.code === 1006 || close.code === 1015
            ? "connection-lost"
            : "closed-by-server",
        lifecycle,
      );
      break;
    }
    case "deadline":
      if (status === "connecting") {
        note({ type: "connect-timeout", afterMs: config.connectTimeoutMs });
        emit({ type: "drop" });
        afterClose(local("connect timeout", false), "connect-timeout");
      } else if (status === "open") {
        set({ attempt: 0, stableAt: now }, { kind: null, kindAttempts: 0, refreshed: false });
      } else if (status === "closing") {
        finish("close-called", null);
      } else if (status === "reconnecting" && next.pending === "refreshing") {
        note({
          type: "credentials-failed",
          error: `refreshCredentials did not settle within ${config.refreshTimeoutMs} ms`,
        });
        finish("credentials-failed", null);
      } else if (status === "reconnecting") retryDue();
      else if (status === "offline") startAttempt("network-probe");
      break;
    case "heartbeat":
      checkHeartbeat();
      break;
    case "online":
      note({ type: "online" });
      if (status === "offline") startAttempt("network-online");
      else checkHeartbeat();
      break;
    case "offline":
      note({ type: "offline" });
      if (status === "reconnecting") enter("offline", "network-offline", config.offlineProbeMs);
      else if (status === "open") {
        // An open socket is often dead but silent after a network change: find out at once. With a heartbeat, a
        // ping with a short deadline tells (and a false "offline" keeps the connection); without one, let it go.
        if (config.heartbeat) ping(Math.min(config.heartbeat.timeoutMs, OFFLINE_PROBE_TIMEOUT_MS));
        else {
          emit({ type: "drop" });
          afterClose(local("network offline", true), "connection-lost");
        }
      }
      break;
    case "hidden":
      pageChanged();
      if (config.pauseWhenHiddenMs !== null && PAUSABLE.test(status)) {
        emit({ type: "pause", ms: config.pauseWhenHiddenMs });
      }
      break;
    case "pause":
      if (PAUSABLE.test(status)) pause("hidden-too-long");
      break;
    case "pagehide":
      // Into the back/forward cache: Chrome would cut the socket and report it after the restore, Safari closes it,
      // Firefox refuses to cache the page. Closing it ourselves, cleanly, is the same everywhere.
      if (event.persisted && PAUSABLE.test(status)) pause("page-hidden");
      break;
    case "pageshow":
      pageChanged(now);
      if (event.persisted && status === "paused") startAttempt("page-restored");
      break;
    case "visible":
      pageChanged(now);
      emit({ type: "pause", ms: null });
      if (status === "paused" && state.snapshot.reason === "hidden-too-long") {
        startAttempt("page-visible");
        break;
      }
      // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
      checkHeartbeat();
      if (status === "reconnecting" && next.pending !== "refreshing" && (state.snapshot.nextRetryAt ?? 0) <= now) {
        retryDue();
      }
      break;
    case "probed": {
      if (event.id !== state.id || status !== "reconnecting" || state.pending !== "attempt") break;
      const verdict = event.close;
      const standing = state.verdict;
      note({ type: "probed", status: verdict?.httpStatus ?? 0 });
      set({}, { verdict });
      // A verdict re-decides the same close, without counting another attempt; the same answer as last time keeps
      // the schedule. No verdict (426, 400, 404…: reachable, reason unknown) keeps it too, unless the close was
      // decided by an earlier verdict, which no longer holds.
      if (verdict && !sameVerdict(verdict, standing)) afterClose(verdict, state.snapshot.reason, false, false);
      else if (!verdict && standing) afterClose(local("", false), state.snapshot.reason, false, false);
      break;
    }
    case "refreshed":
    case "refresh-failed":
      if (event.id !== state.id || status !== "reconnecting" || state.pending !== "refreshing") break;
      if (event.type === "refreshed") {
        note({ type: "credentials-refreshed" });
        startAttempt("credentials-refreshed");
      } else {
        note({ type: "credentials-failed", error: event.error });
        finish("credentials-failed", null);
      }
      break;
  }
  // Written against INACTIVE alone, which keeps core + hook inside its size ceiling: start or stop listening when the
  // transition crossed between active and inactive.
  const active = !INACTIVE.test(next.snapshot.status);
  if (active === INACTIVE.test(status)) {
    effects.push({ type: "listen", on: active });
    // A tab opened in the background never fires "hidden": starting hidden starts the pause's clock too.
    if (active && !context.visible && config.pauseWhenHiddenMs !== null) {
      effects.push({ type: "pause", ms: config.pauseWhenHiddenMs });
    }
  }
  return { state: next, effects };
}

function byteLength(data: unknown): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  const size = (data as ArrayBufferLike).byteLength ?? (data as Blob).size;
  return typeof size === "number" ? size : null;
}

function sameVerdict(a: CloseClassification, b: CloseClassification | null): boolean {
  return (
    b !== null &&
    a.httpStatus === b.httpStatus &&
    a.retry.action === b.retry.action &&
    a.retry.retryAfterMs === b.retry.retryAfterMs
  );
}
