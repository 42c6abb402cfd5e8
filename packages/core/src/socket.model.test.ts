// Model-based test of createSocket against the issue 12 contract (re-entrancy, close wins, queue, snapshots).
// Each run drives the real socket with a random sequence of API calls, fake-server events, fake time, platform
// signals and one-step re-entrant hooks, and checks the invariants after every step. The model is an oracle, not a
// second implementation: it tracks only what the contract lets a test predict (who called close() last, which
// messages were handed over, when a retry may start).
//
// A failure prints the seed, the path and the shrunk list of commands. FC_RUNS raises the number of runs (default
// 1000, well under a second) for a long local session; FC_SEED, FC_PATH and FC_REPLAY (the counterexample's
// replayPath) replay a printed failure exactly.

import {
  createFakeSignal,
  createFakeWebSocket,
  type FakeSignal,
  type FakeWebSocket,
  type FakeWebSocketFactory,
} from "@lifeline/testing/fake";
import fc from "fast-check";
import { describe, it, vi } from "vitest";
import { type FeatureOptions, withFeatures } from "./__fixtures__/features.js";
import {
  createSocket,
  type DiagnosticEvent,
  LifelineError,
  type SendOutcome,
  type Socket,
  type SocketOptions,
  type SocketState,
  type SocketStatus,
} from "./index.js";

const NUM_RUNS = Number(process.env.FC_RUNS ?? 1000);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;
const REPLAY = process.env.FC_REPLAY;

// The contract's defaults; the test passes none of these options, so it checks the defaults.
const CONNECT_TIMEOUT_MS = 10_000;
const REFRESH_TIMEOUT_MS = 10_000;
// Far enough past a close() for the closing handshake's own deadline (closeTimeoutMs, 3 s) to have passed.
const FAR_MS = 30_000;
// Small, so that "queue full" is reachable within a run.
const QUEUE_SIZE = 3;
// Small, so that runs reach the end of a series of failed attempts, hidden tab or not.
const MAX_ATTEMPTS = 6;
const URL_TRIED = "wss://example.test/socket";

const STATUSES: readonly SocketStatus[] = [
  "idle",
  "connecting",
  "open",
  "closing",
  "reconnecting",
  "offline",
  "closed",
];
const CONNECTING = 0;
const OPEN = 1;
const READY_STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

type Call = "close()" | "close(1000)" | "close(4000)" | "connect()" | "reconnect()" | "send()";
type Hook =
  | { readonly via: "subscriber"; readonly when: SocketStatus; readonly call: Call }
  | { readonly via: "onDiagnostic"; readonly when: DiagnosticEvent["type"]; readonly call: Call };
type Refresh = "resolves" | "rejects" | "resolves after 2 s" | "never settles";
/** What the url function answers: a URL, or (issue 20) something that is none, while a token is not ready. */
type UrlAnswer = "a string" | "a URL object" | "undefined" | "a number" | "a rejection";
type StepKind = "api" | "transport" | "time" | "platform";
type Fate = "queued" | "delivered" | "dropped";

/**
 * Per run: the jitter every delay draws, where the re-entrant subscriber sits among the observing ones, and the
 * features: every one plugged in, or none (the kernel alone, which hears no platform and reads no close reason).
 */
interface RunSettings {
  readonly random: number;
  readonly subscribers: "observer, hook" | "observer, hook, observer";
  readonly features: "all" | "none";
}

interface Created {
  readonly at: number;
  /** connect()/reconnect() calls made before this WebSocket was constructed. */
  readonly startCalls: number;
}

/** One subscriber's view: every snapshot it was handed, in order. */
interface Observer {
  readonly name: string;
  readonly seen: SocketState[];
  readonly distinct: Set<SocketState>;
}

interface Before {
  readonly snapshot: SocketState;
  readonly sockets: number;
  readonly startCalls: number;
  /** How many snapshots each observer had seen. */
  readonly notifications: readonly number[];
}

const isLive = (ws: FakeWebSocket) => ws.readyState === CONNECTING || ws.readyState === OPEN;
const describeState = (state: SocketState) =>
  `${state.status}:${state.reason} attempt=${state.attempt} nextRetryAt=${state.nextRetryAt} queued=${state.queued}`;
// Microtasks are real under Vitest's fake timers: the fake's closing handshake and every promise settle here.
const flushMicrotasks = async () => {
  for (let index = 0; index < 30; index++) await Promise.resolve();
};

/** The system under test and the oracle beside it; fast-check gets it as both model and real system. */
class World {
  readonly fake: FakeWebSocketFactory = createFakeWebSocket();
  readonly online: FakeSignal = createFakeSignal(true);
  readonly visible: FakeSignal = createFakeSignal(true);
  readonly socket: Socket;
  readonly created = new Map<FakeWebSocket, Created>();
  readonly observers: Observer[];

  stepIndex = 0;
  /** Broken invariants seen inside callbacks, where throwing would only reach the socket's guard. */
  violations: string[] = [];

  // Who called last among close() and connect()/reconnect(): "close() always wins" until a start call.
  closedByUser = false;
  closedAt = 0;
  closedAtStep = -1;
  closedFromCallback = false;
  startCalls = 0;

  // Messages are numbered 1, 2, 3…; each has one fate, and the sent lists of the fakes are read once each.
  nextMessage = 0;
  readonly fate = new Map<number, Fate>();
  readonly readUpTo = new Map<FakeWebSocket, number>();
  lastDelivered = 0;

  pendingHook: Hook | null = null;
  hook: Hook | null = null;
  hookFired = false;

  refresh: Refresh = "resolves";
  urlAnswer: UrlAnswer = "a string";
  /** The connections that were open when the page was hidden or shown: the only ones it can have cut. */
  readonly upAtPageChange = new Set<FakeWebSocket>();
  /** A refreshCredentials call that never settles, and the snapshot when it was made. */
  hangingRefresh: { readonly at: number; readonly snapshot: SocketState } | null = null;
  /** Timers this test armed itself (a refresh that resolves later), so they are not counted as the socket's. */
  ownTimers = 0;

  readonly features: RunSettings["features"];

  constructor({ random, subscribers, features }: RunSettings) {
    this.features = features;
    const world = this;
    class RecordingWebSocket extends this.fake.WebSocket {
      constructor(url: string | URL, protocols?: string | readonly string[]) {
        super(url, protocols);
        world.constructed(this);
      }
    }
    const plugged =
      features === "all"
        ? withFeatures
        : ({ probe, onDiagnostic, ...kernel }: FeatureOptions & SocketOptions) => kernel;
    this.socket = createSocket(
      () => this.url(),
      plugged({
        autoConnect: false,
        // Each message the queue lets go of, oldest first: made room for (overflow) or discarded at a final close.
        // A 1009's message (too-big) had left the queue already.
        queue: { maxSize: QUEUE_SIZE, onDrop: (_data, cause) => cause !== "too-big" && this.discardOldest(1) },
        reconnect: { maxAttempts: MAX_ATTEMPTS },
        // The probe must only ever be asked about a handshake that was tried (issue 20: it was asked for "").
        probe: (url) => {
          if (url !== URL_TRIED) this.violations.push(`the probe was asked about ${JSON.stringify(url)}`);
          return null;
        },
        refreshCredentials: () => this.refreshCredentials(),
        onDiagnostic: (event) => this.heard(event),
        environment: {
          WebSocket: RecordingWebSocket,
          random: () => random,
          online: this.online,
          visible: this.visible,
        },
      }),
    );
    // An observer after the re-entrant subscriber sees what a nested notification round does to the subscribers
    // that come after the one that called back into the socket. Without one, the same runs reach further: the
    // shrinker then reports what re-entrancy breaks beyond the notifications.
    const first = this.observe("first");
    this.socket.subscribe(() => this.subscriberHook());
    this.observers = subscribers === "observer, hook, observer" ? [first, this.observe("last")] : [first];
  }

  observe(name: string): Observer {
    const initial = this.socket.getSnapshot();
    const observer: Observer = { name, seen: [initial], distinct: new Set([initial]) };
    // Reads the snapshot the way useSyncExternalStore does: getSnapshot() inside the notification.
    this.socket.subscribe(() => {
      const state = this.socket.getSnapshot();
      observer.seen.push(state);
      observer.distinct.add(state);
    });
    return observer;
  }

  constructed(ws: FakeWebSocket) {
    this.created.set(ws, { at: Date.now(), startCalls: this.startCalls });
    const others = this.fake.sockets.filter((other) => other !== ws && isLive(other));
    if (others.length) {
      this.violations.push(
        `a new WebSocket was created while an older one was still ${READY_STATES[others[0]!.readyState]}`,
      );
    }
    // A close() from a callback of the running event may still let that event store its WebSocket (it is closed
    // right after); any other attempt after close() breaks "close() always wins".
    if (this.closedByUser && (this.closedAtStep < this.stepIndex || !this.closedFromCallback)) {
      this.violations.push("a new WebSocket was created after close(), with no connect()/reconnect() since");
    }
  }

  heard(event: DiagnosticEvent) {
    const hook = this.hook;
    if (hook?.via === "onDiagnostic" && hook.when === event.type && !this.hookFired) {
      this.hookFired = true;
      this.callFromCallback(hook.call);
    }
  }

  subscriberHook() {
    const hook = this.hook;
    if (hook?.via === "subscriber" && hook.when === this.socket.getSnapshot().status && !this.hookFired) {
      this.hookFired = true;
      this.callFromCallback(hook.call);
    }
  }

  callFromCallback(call: Call) {
    try {
      this.call(call, true);
    } catch (error) {
      this.violations.push(`${call} from a callback threw ${String(error)}`);
    }
  }

  call(call: Call, fromCallback: boolean) {
    if (call === "connect()" || call === "reconnect()") {
      // Recorded before the call: a callback inside it may call close(), and the last call must win.
      this.startCalls++;
      this.closedByUser = false;
      if (call === "connect()") {
        const before = this.socket.getSnapshot();
        const sockets = this.fake.sockets.length;
        this.socket.connect();
        // "Does nothing while it is already active": no new WebSocket, not even a new snapshot.
        const active = before.status === "open" || before.status === "connecting";
        if (!fromCallback && active && (this.fake.sockets.length !== sockets || this.socket.getSnapshot() !== before)) {
          this.violations.push(`connect() while ${before.status} did something: it must leave an active socket alone`);
        }
      } else this.socket.reconnect();
    } else if (call === "send()") {
      this.send(fromCallback);
    } else {
      this.closedByUser = true;
      this.closedAt = Date.now();
      this.closedAtStep = this.stepIndex;
      this.closedFromCallback = fromCallback;
      if (call === "close()") this.socket.close();
      else if (call === "close(1000)") this.socket.close(1000, "done");
      else this.socket.close(4000, "bye");
    }
  }

  send(fromCallback: boolean) {
    const n = ++this.nextMessage;
    const before = this.socket.getSnapshot();
    this.syncDeliveries();
    const queuedBefore = this.queued().length;
    this.fate.set(n, "queued");
    let outcome: SendOutcome;
    try {
      outcome = this.socket.send(String(n));
    } catch (error) {
      // send() never throws: a closed socket and a full queue are outcomes.
      this.fate.delete(n);
      this.violations.push(`send(${n}) threw ${String(error)}`);
      return;
    }
    const closed = before.status === "closed" || before.status === "closing";
    if (outcome === "closed" || outcome === "full") {
      this.fate.delete(n);
      // From inside a callback the contract defers calls, so only the kind of answer is checked there.
      if (!fromCallback && outcome === "closed" && !closed) {
        this.violations.push(`send(${n}) answered "closed" while ${before.status}`);
      }
      if (!fromCallback && outcome === "full" && queuedBefore < QUEUE_SIZE) {
        this.violations.push(`send(${n}) answered "full" with ${queuedBefore} of ${QUEUE_SIZE} queued`);
      }
    } else if (!fromCallback && closed) {
      this.violations.push(`send(${n}) on a ${before.status} socket answered "${outcome}"`);
    }
    this.syncDeliveries();
    if (outcome === "sent" && !fromCallback && this.fate.get(n) !== "delivered") {
      this.violations.push(`send(${n}) answered "sent", but no WebSocket got the message`);
    }
    if (outcome === "queued" && !fromCallback && this.fate.get(n) === "delivered") {
      this.violations.push(`send(${n}) answered "queued", but went out at once`);
    }
  }

  /** Reads what the fakes were sent since last time: each message at most once, in increasing order overall. */
  syncDeliveries() {
    // Only one WebSocket is ever open at a time, so creation order is the order in which they sent.
    for (const ws of this.fake.sockets) {
      let index = this.readUpTo.get(ws) ?? 0;
      for (; index < ws.sent.length; index++) {
        const n = Number(ws.sent[index]);
        const fate = this.fate.get(n);
        if (fate !== "queued") {
          this.violations.push(`message ${n} reached the server, but it was ${fate ?? "never accepted by send()"}`);
        }
        if (n <= this.lastDelivered) {
          this.violations.push(`message ${n} reached the server after message ${this.lastDelivered}`);
        }
        this.lastDelivered = Math.max(this.lastDelivered, n);
        this.fate.set(n, "delivered");
      }
      this.readUpTo.set(ws, index);
    }
  }

  queued(): number[] {
    return [...this.fate].filter(([, fate]) => fate === "queued").map(([n]) => n);
  }

  /** The socket says it discarded `count` messages: the oldest still waiting, as the queue is first in, first out. */
  discardOldest(count: number) {
    this.syncDeliveries();
    const queued = this.queued();
    if (count > queued.length) {
      this.violations.push(`the socket discarded ${count} message(s) but only ${queued.length} were queued`);
    }
    for (const n of queued.slice(0, count)) this.fate.set(n, "dropped");
  }

  url(): string | URL {
    switch (this.urlAnswer) {
      case "a string":
        return URL_TRIED;
      case "a URL object":
        return new URL(URL_TRIED);
      case "undefined":
        return undefined as never;
      case "a number":
        return 42 as never;
      case "a rejection":
        return Promise.reject(new Error("token service down")) as never;
    }
  }

  refreshCredentials(): Promise<void> {
    this.hangingRefresh = null;
    switch (this.refresh) {
      case "resolves":
        return Promise.resolve();
      case "rejects":
        return Promise.reject(new Error("refresh endpoint down"));
      case "resolves after 2 s":
        this.ownTimers++;
        return new Promise((resolve) =>
          setTimeout(() => {
            this.ownTimers--;
            resolve();
          }, 2000),
        );
      case "never settles":
        this.hangingRefresh = { at: Date.now(), snapshot: this.socket.getSnapshot() };
        return new Promise(() => {});
    }
  }

  latest(): FakeWebSocket | undefined {
    return this.fake.sockets.at(-1);
  }

  /** Runs one step with the hook armed for it, lets every microtask settle, then checks all invariants. */
  async step(kind: StepKind, action: () => unknown, extra?: (before: Before, problems: string[]) => void) {
    this.stepIndex++;
    this.hook = this.pendingHook;
    this.pendingHook = null;
    this.hookFired = false;
    const before: Before = {
      snapshot: this.socket.getSnapshot(),
      sockets: this.fake.sockets.length,
      startCalls: this.startCalls,
      notifications: this.observers.map((observer) => observer.seen.length),
    };
    await action();
    await flushMicrotasks();
    this.hook = null;
    const problems = this.check(kind, before);
    extra?.(before, problems);
    if (problems.length) {
      throw new Error(
        `step ${this.stepIndex}: ${problems.join("; ")} [now ${describeState(this.socket.getSnapshot())}]`,
      );
    }
  }

  check(kind: StepKind, before: Before): string[] {
    const problems = this.violations;
    this.violations = [];
    const state = this.socket.getSnapshot();
    const now = Date.now();

    // 5. Identity: nothing ran in between.
    if (this.socket.getSnapshot() !== state) {
      problems.push("two getSnapshot() calls in a row returned different objects");
    }
    if (!STATUSES.includes(state.status)) problems.push(`unknown status ${JSON.stringify(state.status)}`);
    if (state.attempt > MAX_ATTEMPTS) problems.push(`attempt ${state.attempt} is past maxAttempts ${MAX_ATTEMPTS}`);

    // 1. At most one live WebSocket, and the status agrees with it.
    const live = this.fake.sockets.filter(isLive);
    if (live.length > 1) problems.push(`${live.length} live WebSockets`);
    if (/^(idle|reconnecting|offline|closed)$/.test(state.status) && live.length) {
      problems.push(`status ${state.status}, but a WebSocket is still ${READY_STATES[live[0]!.readyState]}`);
    }
    if (state.status === "open" && live[0]?.readyState !== OPEN) problems.push("status open, but no WebSocket is open");
    if (state.status === "connecting" && live[0]?.readyState !== CONNECTING) {
      problems.push("status connecting, but no WebSocket is connecting");
    }
    // The contract's connect timeout: every attempt has its own, also one started from a callback on "closing".
    for (const ws of live) {
      const age = now - this.created.get(ws)!.at;
      if (ws.readyState === CONNECTING && age > CONNECT_TIMEOUT_MS) {
        problems.push(`a WebSocket has been CONNECTING for ${age} ms, past connectTimeoutMs (${CONNECT_TIMEOUT_MS})`);
      }
    }

    // 2./3. close() always wins, and a closed socket starts nothing by itself.
    if (this.closedByUser && state.status !== "closing" && state.status !== "closed") {
      problems.push(`close() was the last call (step ${this.closedAtStep}), but the status is ${state.status}`);
    }
    const newSockets = this.fake.sockets.slice(before.sockets);
    if (before.snapshot.status === "closed" && this.startCalls === before.startCalls) {
      if (newSockets.length) problems.push("a closed socket started an attempt without connect()/reconnect()");
      if (state.status !== "closed") problems.push(`a closed socket went to ${state.status} by itself`);
    }
    // 3. A retry starts no earlier than the time the snapshot announced.
    const retryAt = before.snapshot.nextRetryAt;
    if (kind === "time" && before.snapshot.status === "reconnecting" && retryAt !== null) {
      for (const ws of newSockets) {
        const created = this.created.get(ws)!;
        if (created.startCalls === before.startCalls && created.at < retryAt) {
          problems.push(`a retry started at ${created.at} ms, before nextRetryAt ${retryAt}`);
        }
      }
    }
    // A refreshCredentials that never settles counts as a failure after refreshTimeoutMs: the socket must not
    // sit in the snapshot it had when it asked, waiting for an answer that never comes.
    const hanging = this.hangingRefresh;
    if (
      hanging &&
      now - hanging.at > REFRESH_TIMEOUT_MS &&
      state === hanging.snapshot &&
      (state.status === "reconnecting" || state.status === "connecting")
    ) {
      problems.push(`still ${state.status} ${now - hanging.at} ms after a refreshCredentials that never settles`);
    }

    // 4. Messages: at most once, in order, and `queued` is what is still waiting.
    this.syncDeliveries();
    problems.push(...this.violations);
    this.violations = [];
    const queued = this.queued();
    const skipped = queued.filter((n) => n < this.lastDelivered);
    if (skipped.length) problems.push(`message(s) ${skipped} still queued, but ${this.lastDelivered} was delivered`);
    if (state.queued !== queued.length) {
      problems.push(`snapshot.queued is ${state.queued}, but ${queued.length} message(s) wait: [${queued}]`);
    }
    if (state.queued > QUEUE_SIZE) problems.push(`queued ${state.queued} is above queue.maxSize ${QUEUE_SIZE}`);
    if (state.status === "closed" && queued.length) {
      problems.push(`closed (${state.reason}) with message(s) [${queued}] still queued instead of discarded`);
    }

    // 6. One notification per new snapshot, none without one, and none missed. `seen` starts with the snapshot the
    // observer had before it was first told anything. (Consecutive snapshots are not compared field by field: a
    // socket may commit "queued 1" and "queued 0" within one event and notify once, which the contract allows.)
    this.observers.forEach((observer, index) => {
      const { seen, distinct, name } = observer;
      if (seen.length !== distinct.size) {
        problems.push(`the ${name} subscriber got ${seen.length - 1} notifications for ${distinct.size - 1} snapshots`);
      }
      for (let at = Math.max(1, before.notifications[index]!); at < seen.length; at++) {
        const [previous, next] = [seen[at - 1]!, seen[at]!];
        if (next === previous) {
          problems.push(`the ${name} subscriber was told twice about the same ${next.status} snapshot`);
        }
      }
      if (seen.at(-1) !== state) problems.push(`the snapshot changed, but the ${name} subscriber was not told`);
    });
    return problems;
  }

  /** Long after close(): closed and nothing live; once every timer has run, nothing pending either. */
  checkNothingLive(problems: string[], allTimersRan: boolean) {
    const state = this.socket.getSnapshot();
    if (state.status !== "closed") problems.push(`long after close(), the status is ${state.status}`);
    const live = this.fake.sockets.filter(isLive);
    if (live.length) problems.push(`long after close(), a WebSocket is ${READY_STATES[live[0]!.readyState]}`);
    const timers = vi.getTimerCount() - this.ownTimers;
    if (allTimersRan && timers !== 0) {
      problems.push(`after close() and all timers, ${timers} timer(s) are still pending`);
    }
  }
}

type Step = fc.AsyncCommand<World, World>;
const always = () => true;
const command = (name: string, check: (world: World) => boolean, run: (world: World) => Promise<void>): Step => ({
  check,
  run: (world) => run(world),
  toString: () => name,
});

// --- API calls ---
const apiCommands: fc.Arbitrary<Step>[] = [
  fc
    .constantFrom<Call>("connect()", "reconnect()", "close()", "close(1000)", "close(4000)", "send()")
    .map((call) => command(call, always, (world) => world.step("api", () => world.call(call, false)))),
  // A code browsers refuse: it throws and changes nothing, not even the snapshot's identity.
  fc.constant(
    command("close(1006) (invalid)", always, (world) =>
      world.step(
        "api",
        () => {
          try {
            world.socket.close(1006);
            world.violations.push("close(1006) did not throw");
          } catch (error) {
            if (!(error instanceof LifelineError && error.code === "invalid-close-code")) {
              world.violations.push(`close(1006) threw ${String(error)}`);
            }
          }
        },
        (before, problems) => {
          if (world.socket.getSnapshot() !== before.snapshot) problems.push("close(1006) changed the snapshot");
        },
      ),
    ),
  ),
];

// --- the server and the network, on the latest fake WebSocket when its readyState allows ---
const isConnecting = (world: World) => world.latest()?.readyState === CONNECTING;
const isOpen = (world: World) => world.latest()?.readyState === OPEN;
const closes: readonly [number, string][] = [
  [1000, ""],
  [1001, "going away"],
  [1006, ""],
  [1008, ""],
  [1008, "rate limit exceeded"],
  [1008, "rate limit; retry-after=0"],
  [1008, "rate limit; retry-after=3"],
  [1009, "message too big"],
  [1011, "internal error"],
  [1012, "restarting"],
  [1013, "try again later"],
  [4401, "unauthorized"],
  [4403, "forbidden"],
  [4000, "custom"],
];
const retryAfterMs = (reason: string) => {
  const match = /retry-after=(\d+)/.exec(reason);
  return match ? Number(match[1]) * 1000 : undefined;
};
const transportCommands: fc.Arbitrary<Step>[] = [
  fc.constant(
    command("server accepts", isConnecting, (world) => world.step("transport", () => world.latest()!.open())),
  ),
  fc.constant(
    command("handshake fails", isConnecting, (world) =>
      world.step("transport", () => world.latest()!.failHandshake(), countsAsFailure(world, world.latest()!)),
    ),
  ),
  fc.constant(
    command("server sends a message", isOpen, (world) =>
      world.step(
        "transport",
        () => world.latest()!.receive("news"),
        (before, problems) => {
          // 5. A message changes nothing in the snapshot.
          if (world.socket.getSnapshot() !== before.snapshot) problems.push("a received message changed the snapshot");
        },
      ),
    ),
  ),
  fc.constantFrom(...closes).map(([code, reason]) =>
    command(
      code === 1006 ? "connection drops (1006)" : `server closes ${code} ${JSON.stringify(reason)}`,
      isOpen,
      (world) => {
        const closedAt = Date.now();
        return world.step(
          "transport",
          () => (code === 1006 ? world.latest()!.drop() : world.latest()!.serverClose(code, reason)),
          (before, problems) => {
            if (code === 1006) countsAsFailure(world, world.latest()!)(before, problems);
            // A server's hint is a lower bound: never back before it, whatever else the decision says. Only
            // closeReasons() reads hints: the kernel alone decides by the code.
            const hint = world.features === "all" ? retryAfterMs(reason) : undefined;
            const state = world.socket.getSnapshot();
            if (
              hint !== undefined &&
              state.status === "reconnecting" &&
              world.startCalls === before.startCalls &&
              state.nextRetryAt !== null &&
              state.nextRetryAt < closedAt + hint
            ) {
              problems.push(`retry-after=${hint / 1000} s, but nextRetryAt is ${state.nextRetryAt - closedAt} ms away`);
            }
          },
        );
      },
    ),
  ),
];

/**
 * Issue 20: while online, every failed attempt counts toward maxAttempts, hidden tab or not. The one exception is
 * a connection that was open when the page was hidden or shown, which the page itself may have cut. Before the fix a
 * server that accepted and dropped every connection got retries from a hidden tab forever, none of them counted.
 */
function countsAsFailure(world: World, failing: FakeWebSocket) {
  const online = world.online.get();
  return (before: Before, problems: string[]) => {
    const state = world.socket.getSnapshot();
    if (!online || world.startCalls !== before.startCalls || state.status !== "reconnecting") return;
    if (!/^(connecting|open)$/.test(before.snapshot.status) || world.upAtPageChange.has(failing)) return;
    if (state.attempt !== before.snapshot.attempt + 1) {
      problems.push(
        `a failed attempt (page ${world.visible.get() ? "visible" : "hidden"}) left attempt at ${state.attempt}, from ${before.snapshot.attempt}`,
      );
    }
  };
}

// --- fake time ---
const timeCommands: fc.Arbitrary<Step>[] = [
  fc
    .oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 51, max: 5000 }), fc.integer({ min: 5001, max: 120_000 }))
    .map((ms) =>
      command(`advance ${ms} ms`, always, (world) =>
        world.step(
          "time",
          () => vi.advanceTimersByTimeAsync(ms),
          (_, problems) => {
            // Pending timers are not checked here: a delay may be as long as 2^31-1 ms and still be harmless.
            if (world.closedByUser && Date.now() - world.closedAt >= FAR_MS) world.checkNothingLive(problems, false);
          },
        ),
      ),
    ),
  fc.constant(command("run due timers", always, (world) => world.step("time", () => vi.runOnlyPendingTimersAsync()))),
  // Only after close(): otherwise a reconnecting socket arms timers forever and runAllTimers gives up.
  fc.constant(
    command(
      "run all timers",
      (world) => world.closedByUser,
      (world) =>
        world.step(
          "time",
          () => vi.runAllTimersAsync(),
          (_, problems) => world.checkNothingLive(problems, true),
        ),
    ),
  ),
];

// --- platform signals (the fakes tell listeners even when the value stays the same, like the browser's events) ---
const platformCommands: fc.Arbitrary<Step>[] = [
  fc
    .boolean()
    .map((value) =>
      command(value ? "network online" : "network offline", always, (world) =>
        world.step("platform", () => world.online.set(value)),
      ),
    ),
  fc.boolean().map((value) =>
    command(value ? "page visible" : "page hidden", always, (world) =>
      world.step("platform", () => {
        const latest = world.latest();
        if (latest?.readyState === OPEN && world.socket.getSnapshot().status === "open") {
          world.upAtPageChange.add(latest);
        }
        world.visible.set(value);
      }),
    ),
  ),
];

// --- one-step re-entrant hooks and refreshCredentials behaviour (they arm; the next step runs with them) ---
const calls = fc.constantFrom<Call>("close()", "close(1000)", "close(4000)", "connect()", "reconnect()", "send()");
const hooks: fc.Arbitrary<Hook> = fc.oneof(
  fc.record({
    via: fc.constant("subscriber" as const),
    when: fc.constantFrom<SocketStatus>("connecting", "open", "closing", "reconnecting", "offline", "closed"),
    call: calls,
  }),
  fc.record({
    via: fc.constant("onDiagnostic" as const),
    when: fc.constantFrom<DiagnosticEvent["type"]>(
      "connecting",
      "opened",
      "closed",
      "retry-scheduled",
      "gave-up",
      "connect-timeout",
      "offline",
      "online",
      "credentials-refreshed",
      "credentials-failed",
      "queue-discarded",
    ),
    call: calls,
  }),
);
const setupCommands: fc.Arbitrary<Step>[] = [
  hooks.map((hook) =>
    command(`next step: ${hook.via} on "${hook.when}" calls ${hook.call}`, always, async (world) => {
      world.pendingHook = hook;
    }),
  ),
  fc.constantFrom<UrlAnswer>("a string", "a URL object", "undefined", "a number", "a rejection").map((answer) =>
    command(`the url function answers ${answer}`, always, async (world) => {
      world.urlAnswer = answer;
    }),
  ),
  fc.constantFrom<Refresh>("resolves", "rejects", "resolves after 2 s", "never settles").map((refresh) =>
    command(`refreshCredentials ${refresh}`, always, async (world) => {
      world.refresh = refresh;
    }),
  ),
];

const allCommands = fc.oneof(
  { arbitrary: fc.oneof(...apiCommands), weight: 4 },
  { arbitrary: fc.oneof(...transportCommands), weight: 6 },
  { arbitrary: fc.oneof(...timeCommands), weight: 4 },
  { arbitrary: fc.oneof(...platformCommands), weight: 1 },
  { arbitrary: fc.oneof(...setupCommands), weight: 3 },
);

describe("createSocket: model-based", () => {
  it(
    "keeps the issue 12 invariants under any sequence of calls, server events, time and re-entrant callbacks",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.commands([allCommands], { maxCommands: 60, size: "medium", ...(REPLAY ? { replayPath: REPLAY } : {}) }),
          fc.record<RunSettings>({
            random: fc.constantFrom(0, 0.5, 0.999_999),
            subscribers: fc.constantFrom("observer, hook", "observer, hook, observer"),
            features: fc.constantFrom("all", "none"),
          }),
          async (steps, settings) => {
            vi.useFakeTimers({ now: 0 });
            try {
              await fc.asyncModelRun(() => {
                const world = new World(settings);
                return { model: world, real: world };
              }, steps);
            } finally {
              vi.useRealTimers();
            }
          },
        ),
        { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH ? { path: PATH } : {}) },
      );
    },
    // Shrinking a failure replays many runs; a long FC_RUNS session needs room too.
    Math.max(60_000, NUM_RUNS * 50),
  );
});
