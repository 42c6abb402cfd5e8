import { DEV, watchOptions } from "#dev";
import { resolveDelays, retryDelay } from "./backoff.js";
import { type CloseClassifier, classifyByCode } from "./classifyClose.js";
import { validateClose } from "./closeValidation.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { defaultEnvironment, MissingWebSocket, missingWebSocketError, type WebSocketLike } from "./environment.js";
import { rethrowLater } from "./errors.js";
import type { Feature, Hooks, Kernel } from "./feature.js";
import { enqueue, FULL } from "./sendQueue.js";
import type { MessageListener, SendData, SendOutcome, UrlSource } from "./sendTypes.js";
import type { DropCause, SocketOptions } from "./socketOptions.js";
import { resolveWebSocketUrl } from "./socketUrl.js";
import { type AppliedDecision, IDLE, type SocketState, type SocketStatus, type StatusReason } from "./status.js";
import { createTimer } from "./timer.js";
import type { CloseClassification, CloseEventLike, RetryAction } from "./types.js";
import { utf8ByteLength } from "./utf8.js";

export type { MessageListener, SendData, SendOutcome, UrlSource } from "./sendTypes.js";

/** A WebSocket that reconnects by itself and reports its state as an immutable snapshot. */
export interface Socket {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): SocketState;
  /** The snapshot for server rendering: always `idle`. */
  getServerSnapshot(): SocketState;
  /** Calls `listener` once per state change, after the change is complete; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  /** Calls `listener` with every inbound message (heartbeat replies excepted); returns the function that stops it. */
  onMessage(listener: MessageListener): () => void;
  /**
   * Sends now if open, else queues, and says which: `"sent"`, `"queued"`, or, with nothing kept, `"closed"` (the
   * socket is closing or closed: `connect()` first) or `"full"` (the queue is full and `queue.overflow` is
   * `"reject"`). Never throws: the caller keeps the message and decides.
   */
  send(data: SendData): SendOutcome;
  /** Closes for good (until `connect()`), with a code browsers accept: 1000 or 3000–4999. Always wins. */
  close(code?: number, reason?: string): void;
  /** Starts an `idle`, `closing` or `closed` socket; does nothing while it is already active. */
  connect(): void;
  /** Tries at once and resets the schedule, dropping the current connection if there is one. */
  reconnect(): void;
  /**
   * Replaces the options, as a whole: pass all of them each time, as at creation. What needs no new connection
   * applies from the socket's next decision (the next retry's delay, limit check, deadline, send or callback; a new
   * heartbeat interval at once), and the connection in place is kept. `protocols` and `binaryType` apply from the
   * next connection. Features in `use` apply too: a new one starts, one taken out stops. `environment`,
   * `rateLimit` and `autoConnect` keep their first values; in development a new one warns once.
   */
  setOptions(options: SocketOptions): void;
  /** The underlying WebSocket while one exists, for advanced use. */
  readonly webSocket: WebSocketLike | null;
}

// The kernel is imperative (issue 21): the socket's state lives in createSocket's closure, and each call, transport
// event and timer runs as one step that changes it directly. The rules of the pure machine it replaced still hold:
// steps run one at a time to the end (a call made from inside a callback is queued as the next step), the snapshot
// is a frozen object replaced only when a value changes, and subscribers are told once, after the steps ran out.
// App callbacks run after the state they may read is set. Closure variables are what minifiers shorten best, which
// is why the kernel is one closure of small functions rather than an object. The status diagram: closeCodes.md.

const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
const ignore = () => {};
// What starts the schedule over: the app's own calls, the network or the page coming back.
const RESTARTS: readonly StatusReason[] = [
  "connect-called",
  "reconnect-called",
  "network-online",
  "page-restored",
  "page-visible",
];
// Offline is a hint, not a gate (VPNs and some Linux setups report it wrongly): the app's own calls and the slow
// probe still try; only the schedule waits.
const TRIES_OFFLINE: readonly StatusReason[] = ["connect-called", "reconnect-called", "network-probe"];
// Nothing under way; every other status is active (connected, trying to be, or waiting to) and features listen.
const isActive = (status: SocketStatus) => status !== "idle" && status !== "closed";

const decide = (action: RetryAction, close: CloseClassification | null, delayMs: number | null): AppliedDecision => ({
  action,
  category: close?.category ?? "lost",
  delayMs,
  retryAfterMs: action === "never" ? null : (close?.retry.retryAfterMs ?? null),
});

function byteLength(data: unknown): number | null {
  if (typeof data === "string") return utf8ByteLength(data);
  const size = (data as ArrayBufferLike).byteLength ?? (data as Blob).size;
  return typeof size === "number" ? size : null;
}

/** Says what a url function gave instead of a URL; the value itself is not shown, as it may hold a credential. */
function notAUrl(value: unknown): string {
  const got = `[@lifeline/core] The url function returned ${value === null ? "null" : typeof value}, not a URL.`;
  return DEV ? `${got} Return a ws:// or wss:// URL (a string or a URL object), or throw until it can.` : got;
}

/**
 * Creates a reconnecting socket. Invalid URLs (and, in development, invalid options) are rejected here.
 *
 * The kernel alone connects, reconnects by the close table, keeps its deadlines, refreshes credentials and queues;
 * `options.use` adds features (feature.ts). Whatever an app does from inside a callback happens after the current
 * step, never in the middle of it.
 */
export function createSocket(url: UrlSource, options: SocketOptions = {}): Socket {
  // DEV first: a production bundle would keep `(void 0)?.(options)` where #dev's function is absent.
  const checkLater = DEV ? watchOptions?.(options) : undefined;
  if (typeof url !== "function") resolveWebSocketUrl(url);
  const env = defaultEnvironment(options.environment);
  // Kept from creation: a limiter holds its allowance, which a new one (made afresh each render) would forget.
  const { rateLimit } = options;
  let snapshot = IDLE;
  // Numbers the attempts and refreshes, so an answer for an abandoned one is ignored.
  let id = 0;
  let attemptUrl = "";
  // The kind of the last close, and how many retries in a row followed closes of that kind.
  let kind: string | null = null;
  let kindAttempts = 0;
  // Credentials were refreshed since the connection was last healthy: a second auth rejection stops.
  let refreshed = false;
  let pending: ReturnType<Kernel["pending"]> = "attempt";
  let ws: WebSocketLike | null = null;
  // The last message sent on the current WebSocket, for a 1009's onDrop.
  let lastSent: SendData | undefined;
  const queue: SendData[] = [];
  let flushTimer: unknown = null;
  const steps: (() => void)[] = [];
  let draining = false;
  let notifying = false;
  // The subscriber and the snapshot it was last called for: nobody is told twice about the same snapshot.
  const subscribers = new Map<() => void, SocketState>();
  // Copied on change and read by index, so delivering a message allocates no iterator.
  let listeners: readonly MessageListener[] = [];
  // Features by name: started once, and the ones in the current `use` (their hooks run, in order).
  const started = new Map<string, Hooks>();
  let using = new Map<string, Feature>();
  let hooks: Hooks[] = [];

  const hook: Kernel["hook"] = (name, ...args) => {
    let answer: unknown;
    for (const part of hooks) answer = (part[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args) ?? answer;
    return answer;
  };
  const note = (event: DiagnosticEvent) => void hook("note", event);
  const offline = () => hook("offline") === true;
  const reconnectOptions = () => options.reconnect ?? {};

  /** An app callback that threw: said in the diagnostics, rethrown on its own; the socket goes on with the default. */
  function report(callback: string, error: unknown) {
    note({ type: "callback-failed", callback, error: String(error) });
    rethrowLater(error);
  }

  /**
   * Runs an app callback that may return a Promise. Failing is an outcome (a token endpoint that is down), so it
   * becomes state; a synchronous throw is also a bug in the callback, so it is reported and rethrown as well.
   */
  function settle(name: string, callback: () => unknown, done: (v: unknown) => void, failed: (e: string) => void) {
    let result: unknown;
    try {
      result = callback();
    } catch (error) {
      report(name, error);
      return void Promise.resolve().then(() => failed(String(error)));
    }
    Promise.resolve(result).then(done, (error: unknown) => failed(String(error)));
  }

  /** Runs `step`, and every step it leads to, to the end; then tells the subscribers. */
  function act(step: () => void) {
    steps.push(step);
    if (draining) return;
    draining = true;
    try {
      for (let next = steps.shift(); next; next = steps.shift()) {
        const was = isActive(snapshot.status);
        next();
        // Features listen to the platform only while the socket is active.
        if (was !== isActive(snapshot.status)) hook("listen", !was);
      }
    } finally {
      draining = false;
    }
    notify();
  }

  /** One round per change: a subscriber that changes the socket starts another round, after this one. */
  function notify() {
    if (notifying) return;
    notifying = true;
    try {
      for (let again = true; again; ) {
        again = false;
        for (const [listener, seen] of subscribers) {
          const current = snapshot;
          if (seen === current) continue;
          subscribers.set(listener, current);
          try {
            listener();
          } catch (error) {
            report("subscribe", error);
          }
          if (snapshot !== current) again = true;
        }
      }
    } finally {
      notifying = false;
    }
  }

  /** Changes the snapshot: a new frozen object only when a value differs. */
  function set(patch: Partial<SocketState>) {
    for (const key in patch) {
      if (!Object.is(patch[key as keyof SocketState], snapshot[key as keyof SocketState])) {
        snapshot = Object.freeze({ ...snapshot, ...patch });
        return;
      }
    }
  }

  /**
   * Enters a status with its reason and its one deadline, clearing what belonged to the last: connecting → the
   * connect timeout; open → the minimum uptime after which the schedule resets; closing → the closing handshake's
   * timeout; reconnecting → the retry, or the credential refresh's timeout while it runs; offline → the slow probe.
   */
  function enter(status: SocketStatus, reason: StatusReason, ms: number | null, more: Partial<SocketState> = {}) {
    set({ status, reason, nextRetryAt: null, openedAt: null, stableAt: null, ...more });
    arm(ms);
  }

  const arm = createTimer(env, () => act(due));

  /** The current status's deadline passed: what it means depends on the status (see `enter`). */
  function due() {
    const { status } = snapshot;
    if (status === "connecting") {
      const afterMs = options.connectTimeoutMs ?? 10_000;
      note({ type: "connect-timeout", afterMs });
      drop();
      afterClose(local("connect timeout", false), "connect-timeout");
    } else if (status === "open") {
      // The connection held for minUptimeMs: the schedule starts over.
      kind = null;
      kindAttempts = 0;
      refreshed = false;
      set({ attempt: 0, stableAt: env.now() });
    } else if (status === "closing") finish("close-called", null);
    else if (status === "offline") start("network-probe");
    else if (status === "reconnecting") {
      if (pending !== "refreshing") return retryDue();
      const error = `refreshCredentials did not settle within ${options.refreshTimeoutMs ?? 10_000} ms`;
      note({ type: "credentials-failed", error });
      finish("credentials-failed", null);
    }
  }

  /** The app's classifier, which never throws: one that does is reported, and the default decides. */
  const classify: CloseClassifier = (event, context) => {
    const fallback = () => (hook("classify", event, context) ?? classifyByCode(event, context)) as CloseClassification;
    if (!options.classify) return fallback();
    try {
      return options.classify(event, context);
    } catch (error) {
      report("classify", error);
      return fallback();
    }
  };

  /** A close the socket made up itself (a timeout, the network gone), classified like a 1006. */
  const local = (reason: string, opened: boolean) => classify({ code: 1006, reason, wasClean: false }, { opened });

  /** Closed for good, until connect(): no deadline, socket, platform listener or queued message is left. */
  function finish(reason: StatusReason, close: CloseClassification | null) {
    const byApp = reason === "close-called";
    const lastClose = close ?? snapshot.lastClose;
    id++;
    drop();
    if (!byApp) note({ type: "gave-up", reason });
    enter("closed", reason, null, { lastClose, decision: byApp ? null : decide("never", lastClose, null) });
    discard();
  }

  function start(reason: StatusReason) {
    drop();
    // connect() and reconnect() start the schedule over, and a user who signed in again gets a fresh refresh; so does
    // the network or the page coming back.
    const restart = RESTARTS.includes(reason);
    if (restart) {
      kind = null;
      kindAttempts = 0;
      refreshed = false;
    }
    const reset = restart ? { attempt: 0, failedOpens: 0, decision: null } : {};
    const attempt = ++id;
    attemptUrl = "";
    pending = "attempt";
    hook("attempt", restart);
    if (offline() && !TRIES_OFFLINE.includes(reason)) {
      return enter("offline", "network-offline", reconnectOptions().offlineProbeMs ?? 30_000, reset);
    }
    enter("connecting", reason, options.connectTimeoutMs ?? 10_000, reset);
    resolve(attempt);
  }

  /**
   * Finds the URL of an attempt. The url function is part of the attempt: when it fails, the attempt failed, and that
   * is state. So is an answer that is no URL at all (undefined while a token is not ready yet): the schedule retries it.
   */
  function resolve(attempt: number) {
    if (typeof url !== "function") return resolved(attempt, String(url));
    settle(
      "url",
      url,
      (value) =>
        act(() =>
          typeof value === "string" || value instanceof URL
            ? resolved(attempt, String(value))
            : urlFailed(attempt, notAUrl(value)),
        ),
      (error) => act(() => urlFailed(attempt, error)),
    );
  }

  const isAttempt = (attempt: number) => attempt === id && snapshot.status === "connecting";

  function resolved(attempt: number, raw: string) {
    if (!isAttempt(attempt)) return;
    attemptUrl = raw;
    note({ type: "connecting", url: raw, attempt: snapshot.attempt });
    let socket: WebSocketLike;
    try {
      socket = ws = new env.WebSocket(resolveWebSocketUrl(raw), options.protocols);
    } catch (error) {
      // The constructor refused the URL: no later attempt can do better.
      return urlFailed(attempt, String((error as Error)?.message ?? error), true);
    }
    lastSent = undefined;
    if (options.binaryType) socket.binaryType = options.binaryType;
    socket.onmessage = receive;
    socket.onerror = ignore;
    socket.onopen = () => act(() => opened(attempt));
    socket.onclose = (event) => {
      const sent = lastSent;
      act(() => closed(attempt, event, sent));
    };
  }

  function urlFailed(attempt: number, error: string, invalid?: boolean) {
    if (!isAttempt(attempt)) return;
    note({ type: "url-failed", error });
    if (invalid) finish("invalid-url", null);
    else afterClose(local("url failed", false), "url-failed");
  }

  function opened(attempt: number) {
    if (!isAttempt(attempt)) return;
    note({ type: "opened", url: attemptUrl });
    // The schedule starts over only once a connection has stayed up: a server that accepts and drops at once
    // must still see the backoff grow.
    enter("open", "opened", reconnectOptions().minUptimeMs ?? 5000, { openedAt: env.now(), failedOpens: 0 });
    flush();
    hook("opened");
  }

  /** The WebSocket of an attempt closed: classify the close, then decide (afterClose), unless the app closed it. */
  function closed(attempt: number, event: CloseEventLike, sent: SendData | undefined) {
    const { status, openedAt } = snapshot;
    if (attempt !== id || (status !== "connecting" && status !== "open" && status !== "closing")) return;
    // Open, or closing after having been open; a socket closed while CONNECTING never opened.
    const wasOpen = openedAt !== null;
    const classified = classify(event, { opened: wasOpen, closeRequested: status === "closing" });
    note({ type: "closed", close: classified });
    // A refused handshake looks like any 1006 to the page; a feature (the probe) may know what it really was.
    const refused = !wasOpen && classified.code === 1006 && status === "connecting" && !offline();
    const close = (refused && (hook("refused", classified) as CloseClassification | null)) || classified;
    drop();
    if (status === "closing") return finish("close-called", close);
    const tooBig = close.kind === "message-too-big" && sent !== undefined;
    if (tooBig) note({ type: "message-too-big", bytes: byteLength(sent) });
    const reason = !wasOpen
      ? "connect-failed"
      : close.code === 1006 || close.code === 1015
        ? "connection-lost"
        : "closed-by-server";
    afterClose(close, reason, hook("lifecycle", close.code, wasOpen) === true);
    if (tooBig) dropped(sent, "too-big");
  }

  /**
   * Decides after a close: retry (when, and how), refresh credentials, or stop. Offline, or the page's own lifecycle
   * (a background kill, a restore), such a close says nothing about the server, so it counts toward no limit and
   * toward no "can't reach the server". A probe's answer re-decides the same close.
   */
  function afterClose(close: CloseClassification, reason: StatusReason, lifecycle = false, counted?: boolean) {
    counted ??= !offline() && !lifecycle;
    const decision = close.retry;
    const attempt = snapshot.attempt + (counted ? 1 : 0);
    const ofKind = counted ? (kind === close.kind ? kindAttempts + 1 : 1) : kindAttempts;
    if (decision.action === "never") return finish("retry-refused", close);
    // The global limit counts every attempt in a row; a code's own limit counts only closes of its kind, so one
    // 1002 after two drops still gets its one retry.
    if (attempt > (reconnectOptions().maxAttempts ?? Infinity) || ofKind > (decision.maxAttempts ?? ofKind)) {
      return finish("retries-exhausted", close);
    }
    const refresh = decision.action === "refresh-auth";
    if (refresh && refreshed) return finish("credentials-failed", close);
    const { failedOpens: failed } = snapshot;
    const failedOpens = !counted ? failed : close.beforeOpen ? failed + 1 : 0;
    kind = close.kind;
    kindAttempts = ofKind;
    pending = refresh ? "refresh" : "attempt";
    // Offline, the attempt would fail anyway: wait for the network instead of spending it.
    if (offline()) {
      const decided = decide(decision.action, close, null);
      const probeMs = reconnectOptions().offlineProbeMs ?? 30_000;
      return enter("offline", "network-offline", probeMs, { lastClose: close, failedOpens, decision: decided });
    }
    // Back in view, a lifecycle close retries at once, so the socket is back before any banner's grace period ends.
    const delays = resolveDelays(options.reconnect);
    const delay =
      lifecycle && !hook("hidden") ? 0 : retryDelay(decision, Math.max(1, attempt), env.random(), delays, close.policy);
    // Told first, so a diagnostics log read when subscribers are notified already has the entry.
    note({ type: "retry-scheduled", delayMs: delay, attempt });
    enter("reconnecting", reason, delay, {
      attempt,
      nextRetryAt: env.now() + delay,
      lastClose: close,
      failedOpens,
      decision: decide(decision.action, close, delay),
    });
    hook("scheduled", close, counted);
  }

  /** The wait is over: the next attempt, or first the credential refresh that the last close asked for. */
  function retryDue() {
    if (pending === "attempt") return start("retry-timer");
    const refresh = ++id;
    pending = "refreshing";
    refreshed = true;
    set({ nextRetryAt: null });
    arm(options.refreshTimeoutMs ?? 10_000);
    const answered = (error?: string) => () => {
      if (refresh !== id || snapshot.status !== "reconnecting" || pending !== "refreshing") return;
      if (error !== undefined) {
        note({ type: "credentials-failed", error });
        return finish("credentials-failed", null);
      }
      note({ type: "credentials-refreshed" });
      start("credentials-refreshed");
    };
    settle(
      "refreshCredentials",
      () => options.refreshCredentials?.(),
      () => act(answered()),
      (error) => act(answered(error)),
    );
  }

  /** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
  function drop(code?: number) {
    stopFlush();
    hook("dropped");
    const socket = ws;
    ws = null;
    lastSent = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.onerror = ignore;
    if (socket.readyState <= OPEN) {
      try {
        socket.close(code);
      } catch {
        // Some runtimes throw when closing a socket that is still connecting; it is being dropped either way.
      }
    }
  }

  // Per message: a feature's look first (the heartbeat's), and a loop over the listeners. Messages change no state, so
  // they go straight to the listeners instead of through a step.
  function receive(event: { data: unknown }) {
    const { data } = event;
    if (hook("inbound", data)) return;
    const current = listeners;
    for (let index = 0; index < current.length; index++) {
      try {
        (current[index] as MessageListener)(data, event);
      } catch (error) {
        report("onMessage", error);
      }
    }
  }

  /** A message that will never be delivered, told to the app's `queue.onDrop`. */
  function dropped(data: unknown, cause: DropCause) {
    try {
      options.queue?.onDrop?.(data, cause);
    } catch (error) {
      report("queue.onDrop", error);
    }
  }

  /** Empties the queue: nothing in it can leave any more. Every message is reported as dropped. */
  function discard() {
    const discarded = queue.splice(0);
    if (!discarded.length) return;
    set({ queued: 0 });
    note({ type: "queue-discarded", dropped: discarded.length });
    for (const data of discarded) dropped(data, "closed");
  }

  function stopFlush() {
    if (flushTimer !== null) env.clearTimeout(flushTimer);
    flushTimer = null;
  }

  /** Sends what is queued, as far as the connection and the rate limit allow. */
  function flush() {
    stopFlush();
    while (queue.length && ws?.readyState === OPEN && snapshot.status === "open") {
      if (rateLimit && !rateLimit.take(env.now())) {
        flushTimer = env.setTimeout(() => act(flush), rateLimit.waitMs(env.now()));
        break;
      }
      transmit(queue.shift() as SendData);
    }
    set({ queued: queue.length });
  }

  function transmit(data: SendData) {
    lastSent = data;
    ws?.send(data as never);
  }

  const usable = () => {
    // No WebSocket is a setup mistake, not a failed attempt: say so to whoever asked for a connection, before any
    // state changes. Making a socket without one is fine (a server render does), and it stays idle.
    if (env.WebSocket === MissingWebSocket) throw missingWebSocketError();
  };

  const kernel: Kernel = {
    env,
    options: () => options,
    act,
    hook,
    state: () => snapshot,
    id: () => id,
    url: () => attemptUrl,
    pending: () => pending,
    ws: () => ws,
    start,
    enter,
    after: afterClose,
    local,
    drop,
    due: retryDue,
    note,
    report,
    settle,
  };

  /**
   * Takes the features of the current options: a feature given twice counts once, as the later one (a hook's
   * default `browser()` gives way to the app's own). A new one starts; one taken out stops listening and is asked
   * nothing more, though it keeps its place should it come back.
   */
  function configure() {
    const before = hooks;
    using = new Map();
    for (const feature of options.use?.flat() ?? []) {
      using.delete(feature.name);
      using.set(feature.name, feature);
    }
    hooks = [];
    for (const [name, feature] of using) {
      const part = started.get(name) ?? feature.start(kernel, () => using.get(name)?.settings);
      started.set(name, part);
      hooks.push(part);
    }
    const active = isActive(snapshot.status);
    for (const part of before) if (!hooks.includes(part)) part.listen?.(false);
    for (const part of hooks) {
      if (active && !before.includes(part)) part.listen?.(true);
      part.configured?.();
    }
  }
  configure();

  const socket: Socket = {
    getSnapshot: () => snapshot,
    getServerSnapshot: () => IDLE,
    subscribe(listener) {
      subscribers.set(listener, snapshot);
      return () => subscribers.delete(listener);
    },
    onMessage(listener) {
      listeners = [...listeners, listener];
      let active = true;
      return () => {
        if (active) listeners = listeners.filter((candidate) => candidate !== listener);
        active = false;
      };
    },
    send(data) {
      // A closed socket or a full queue is an outcome, not a programming error: the caller still holds the message
      // and reads what happened from the answer. Only a bad close() call throws.
      const { status } = snapshot;
      if (status === "closed" || status === "closing") return "closed";
      if (status === "open" && ws?.readyState === OPEN && !queue.length && (!rateLimit || rateLimit.take(env.now()))) {
        transmit(data);
        return "sent";
      }
      const overflow = enqueue(queue, data, options.queue);
      if (overflow === FULL) return "full";
      if (overflow !== undefined) {
        note({ type: "queue-overflow", dropped: 1 });
        dropped(overflow, "overflow");
      }
      act(() => (snapshot.status === "open" && flushTimer === null ? flush() : set({ queued: queue.length })));
      return "queued";
    },
    close(code, reason) {
      validateClose(code, reason);
      act(() => {
        const { status, openedAt } = snapshot;
        // With a WebSocket under way, close it and wait for its close event (a CONNECTING one reports 1006, marked
        // as ours); with none yet (the url function still running), there is nothing to wait for.
        if (status === "open" || (status === "connecting" && attemptUrl)) {
          // A half-open connection never answers the closing handshake; the deadline lets go of it anyway.
          enter("closing", "close-called", options.closeTimeoutMs ?? 3000, { openedAt, decision: null });
          stopFlush();
          hook("dropped");
          ws?.close(code, reason);
          discard();
        } else if (status !== "closing" && status !== "closed") finish("close-called", null);
      });
    },
    connect() {
      usable();
      // From closing too: a component that unmounts and mounts again must get its connection back at once.
      act(() => {
        const { status } = snapshot;
        if (!isActive(status) || status === "closing") start("connect-called");
      });
    },
    reconnect() {
      usable();
      act(() => start("reconnect-called"));
    },
    setOptions(next) {
      checkLater?.(next);
      options = next;
      configure();
    },
    get webSocket() {
      return ws;
    },
  };
  if (options.autoConnect !== false) socket.connect();
  return socket;
}
