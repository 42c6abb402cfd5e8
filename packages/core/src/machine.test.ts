import { describe, expect, it } from "vitest";
import { DEFAULT_DELAYS } from "./backoff.js";
import { classifyClose } from "./classifyClose.js";
import type { DiagnosticEvent } from "./diagnosticEvent.js";
import { diagnostics } from "./diagnostics/feature.js";
import { type Host, machineParts } from "./feature.js";
import { heartbeat } from "./heartbeat/heartbeat.js";
import {
  INITIAL,
  type MachineConfig,
  type MachineContext,
  type MachineState,
  type SocketEffect,
  type SocketEvent,
  transition,
} from "./machine.js";
import { platform } from "./platform/platform.js";
import { verdictOf } from "./probe/httpProbe.js";
import { probe } from "./probe/probed.js";
import type { CloseClassification } from "./types.js";

// The machine alone: no timers, no WebSocket, no clock. Each test feeds events and reads the state and the effects.
// The machine runs with the platform's and the heartbeat's handlers (the heartbeat's settings come per test), and
// with the probe's where a test probes.
const FEATURES = [platform(), heartbeat({ intervalMs: 1, timeoutMs: 1 })];

const config: MachineConfig = {
  classify: classifyClose,
  delays: DEFAULT_DELAYS,
  connectTimeoutMs: 10_000,
  closeTimeoutMs: 3000,
  refreshTimeoutMs: 10_000,
  minUptimeMs: 5000,
  maxAttempts: Number.POSITIVE_INFINITY,
  offlineProbeMs: 30_000,
  ...machineParts(FEATURES),
};

function run(events: SocketEvent[], context: Partial<MachineContext> = {}, from: MachineState = INITIAL) {
  let state = from;
  let effects: ReturnType<typeof transition>["effects"] = [];
  for (const event of events) {
    const result = transition(state, event, {
      config,
      now: 1000,
      random: 0.5,
      online: true,
      visible: true,
      lastInboundAt: 1000,
      ...context,
    });
    state = result.state;
    effects = result.effects;
  }
  return { state, effects, types: effects.map((effect) => effect.type) };
}

/** What an app's diagnostics listener hears of a machine's note: the diagnostics feature redacts it on the way. */
function heard(effect: SocketEffect | undefined): DiagnosticEvent | undefined {
  let got: DiagnosticEvent | undefined;
  const host = { config: { onDiagnostic: (event: DiagnosticEvent) => (got = event) } } as unknown as Host;
  if (effect) diagnostics(() => {}).start?.(host)?.(effect);
  return got;
}

const open = (more: SocketEvent[] = []) =>
  run([
    { type: "connect" },
    { type: "resolved", id: 1, url: "wss://x.test/?token=secret" },
    { type: "opened", id: 1 },
    ...more,
  ]);

describe("transition", () => {
  it("starts an attempt with its own connect deadline, and listens to the platform from then on", () => {
    const { state, effects } = run([{ type: "connect" }]);
    expect(state.snapshot).toMatchObject({ status: "connecting", reason: "connect-called" });
    expect(effects).toEqual([
      { type: "drop" },
      { type: "deadline", ms: 10_000 },
      { type: "resolve", id: 1 },
      { type: "listen", on: true },
    ]);
  });

  it("creates the WebSocket once the URL is known, and says so with the token redacted", () => {
    const { effects } = run([{ type: "connect" }, { type: "resolved", id: 1, url: "wss://x.test/?token=secret" }]);
    expect(effects).toEqual([
      { type: "note", event: { type: "connecting", url: "wss://x.test/?token=secret", attempt: 0 } },
      { type: "create", id: 1, url: "wss://x.test/?token=secret" },
    ]);
    expect(heard(effects[0])).toEqual({ type: "connecting", url: "wss://x.test/?token=redacted", attempt: 0 });
  });

  it("opens: the minimum-uptime deadline replaces the connect deadline, and the queue is flushed", () => {
    const { state, types } = open();
    expect(state.snapshot).toMatchObject({ status: "open", openedAt: 1000, failedOpens: 0 });
    expect(types).toEqual(["note", "deadline", "flush"]);
  });

  // Issue 14: a server that accepts each upgrade and cuts it at once made every 1 ms open look like a recovery.
  it("says a connection held only once it stayed open for the minimum uptime, and not while it is new", () => {
    const { state, effects } = open();
    expect(state.snapshot.stableAt).toBeNull();
    expect(effects).toContainEqual({ type: "deadline", ms: 5000 });
    const held = run([{ type: "deadline" }], { now: 6000 }, state).state;
    expect(held.snapshot).toMatchObject({ status: "open", openedAt: 1000, stableAt: 6000, attempt: 0 });
  });

  it("never marks an open that is cut before the minimum uptime as held, and backs off further", () => {
    const drop = { type: "closed", id: 1, event: { code: 1006, reason: "", wasClean: false } } as const;
    let { state } = open([drop]);
    expect(state.snapshot).toMatchObject({ status: "reconnecting", attempt: 1, stableAt: null });
    ({ state } = run([{ type: "deadline" }, { type: "resolved", id: 2, url: "wss://x.test/" }], {}, state));
    ({ state } = run([{ type: "opened", id: 2 }], {}, state));
    expect(state.snapshot).toMatchObject({ status: "open", attempt: 1, stableAt: null });
    ({ state } = run([{ ...drop, id: 2 }], {}, state));
    expect(state.snapshot).toMatchObject({ status: "reconnecting", attempt: 2, stableAt: null });
  });

  it("forgets that a connection held once it closes, and on every status after it", () => {
    const held = run([{ type: "deadline" }], { now: 6000 }, open().state).state;
    const lost = run([{ type: "closed", id: 1, event: { code: 1006, reason: "", wasClean: false } }], {}, held).state;
    expect(lost.snapshot).toMatchObject({ status: "reconnecting", stableAt: null });
    const closing = run([{ type: "close" }], {}, held).state;
    expect(closing.snapshot).toMatchObject({ status: "closing", openedAt: 1000, stableAt: null });
    expect(run([{ type: "reconnect" }], {}, held).state.snapshot).toMatchObject({
      status: "connecting",
      stableAt: null,
    });
  });

  it("ignores an answer from an attempt it has abandoned", () => {
    const abandoned = run([{ type: "connect" }, { type: "reconnect" }]);
    const late = run([{ type: "opened", id: 1 }], {}, abandoned.state);
    expect(late.state).toBe(abandoned.state);
    expect(late.effects).toEqual([]);
  });

  it("keeps the snapshot's identity when an event changes nothing in it", () => {
    const { state } = open();
    expect(run([{ type: "queued", size: 0 }], {}, state).state.snapshot).toBe(state.snapshot);
    expect(run([{ type: "queued", size: 2 }], {}, state).state.snapshot).not.toBe(state.snapshot);
  });

  // Issue 12: close() from a subscriber that saw "reconnecting" was undone by a retry timer armed afterwards.
  it("closes from reconnecting for good: the retry deadline is cleared and nothing starts", () => {
    const lost = open([{ type: "closed", id: 1, event: { code: 1006, reason: "", wasClean: false } }]);
    expect(lost.state.snapshot.status).toBe("reconnecting");
    const { state, effects } = run([{ type: "close" }], {}, lost.state);
    expect(state.snapshot).toMatchObject({ status: "closed", reason: "close-called", nextRetryAt: null });
    expect(effects).toContainEqual({ type: "deadline", ms: null });
    expect(effects).toContainEqual({ type: "listen", on: false });
    expect(effects.map((effect) => effect.type)).not.toContain("resolve");
    expect(run([{ type: "deadline" }], {}, state).effects).toEqual([]);
  });

  // Issue 12: connect() from a subscriber on "closing" lost its connect timeout and stayed connecting forever.
  it("gives an attempt started from closing its own connect deadline", () => {
    const closing = open([{ type: "close", code: 1000 }]);
    expect(closing.state.snapshot.status).toBe("closing");
    const { state, effects } = run([{ type: "connect" }], {}, closing.state);
    expect(state.snapshot).toMatchObject({ status: "connecting", reason: "connect-called" });
    expect(effects).toContainEqual({ type: "deadline", ms: 10_000 });
  });

  it("reports the message a 1009 refused and never sends it again", () => {
    const { effects } = open([
      { type: "closed", id: 1, event: { code: 1009, reason: "", wasClean: true }, sent: "x".repeat(2000) },
    ]);
    expect(effects).toContainEqual({ type: "note", event: { type: "message-too-big", bytes: 2000 } });
    expect(effects).toContainEqual({ type: "too-big", data: "x".repeat(2000) });
    expect(effects.map((effect) => effect.type)).not.toContain("flush");
  });

  it("redacts a close reason before it goes to the diagnostics", () => {
    const { effects } = open([
      { type: "closed", id: 1, event: { code: 4000, reason: "bad token=abc123 for you", wasClean: true } },
    ]);
    const closed = heard(effects.find((effect) => effect.type === "note" && effect.event.type === "closed"));
    expect(JSON.stringify(closed)).toContain("token=redacted");
    expect(JSON.stringify(closed)).not.toContain("abc123");
  });

  it("pings after a quiet interval and presumes the connection dead when the ping goes unanswered", () => {
    const heartbeat = { ...config, heartbeat: { intervalMs: 1000, timeoutMs: 500 } };
    const at = (now: number, lastInboundAt = 1000) => ({ config: heartbeat, now, lastInboundAt });
    let { state } = run([{ type: "connect" }, { type: "resolved", id: 1, url: "wss://x.test" }], at(1000));
    ({ state } = run([{ type: "opened", id: 1 }], at(1000), state));
    const quiet = run([{ type: "heartbeat" }], at(2000), state);
    expect(quiet.effects).toEqual([{ type: "ping" }, { type: "heartbeat", ms: 500 }]);
    // Any message after the ping answers it: the next check waits a whole interval from that message.
    expect(run([{ type: "heartbeat" }], at(2500, 2100), quiet.state).effects).toEqual([{ type: "heartbeat", ms: 600 }]);
    const dead = run([{ type: "heartbeat" }], at(2500), quiet.state);
    expect(dead.state.snapshot).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
    expect(dead.effects).toContainEqual({ type: "note", event: { type: "heartbeat-missed", silentMs: 1500 } });
    expect(dead.effects).toContainEqual({ type: "drop" });
  });

  it("refreshes credentials once, and a refresh that never settles counts as failed after its deadline", () => {
    const rejected = open([{ type: "closed", id: 1, event: { code: 4401, reason: "", wasClean: true } }]);
    expect(rejected.state.snapshot.status).toBe("reconnecting");
    const refreshing = run([{ type: "deadline" }], {}, rejected.state);
    expect(refreshing.effects).toEqual([
      { type: "deadline", ms: 10_000 },
      { type: "refresh", id: 2 },
    ]);
    expect(refreshing.state.snapshot.nextRetryAt).toBeNull();
    const { state } = run([{ type: "deadline" }], {}, refreshing.state);
    expect(state.snapshot).toMatchObject({ status: "closed", reason: "credentials-failed" });
  });

  // Issue 12: after credentials-failed, connect() never called refreshCredentials again.
  it("refreshes again after connect(), for a user who signed in again", () => {
    const rejected = open([{ type: "closed", id: 1, event: { code: 4401, reason: "", wasClean: true } }]);
    let { state } = run(
      [{ type: "deadline" }, { type: "refresh-failed", id: 2, error: "Error: 401" }],
      {},
      rejected.state,
    );
    expect(state.snapshot.reason).toBe("credentials-failed");
    ({ state } = run(
      [
        { type: "connect" },
        { type: "resolved", id: 4, url: "wss://x.test" },
        { type: "opened", id: 4 },
        { type: "closed", id: 4, event: { code: 4401, reason: "", wasClean: true } },
      ],
      {},
      state,
    ));
    expect(state.snapshot).toMatchObject({ status: "reconnecting", reason: "closed-by-server" });
    expect(run([{ type: "deadline" }], {}, state).types).toContain("refresh");
  });

  it("keeps a terminal close terminal while offline, and waits for the network after a retryable one", () => {
    const offline = { online: false };
    const refused = run(
      [{ type: "closed", id: 1, event: { code: 4403, reason: "", wasClean: true } }],
      offline,
      open().state,
    );
    expect(refused.state.snapshot).toMatchObject({ status: "closed", reason: "retry-refused" });
    const lost = run(
      [{ type: "closed", id: 1, event: { code: 1006, reason: "", wasClean: false } }],
      offline,
      open().state,
    );
    expect(lost.state.snapshot).toMatchObject({ status: "offline", reason: "network-offline", attempt: 0 });
    expect(run([{ type: "online" }], {}, lost.state).state.snapshot.status).toBe("connecting");
  });

  it("gives up by the global limit, and by a code's own limit over closes of its kind only", () => {
    const limited = { config: { ...config, maxAttempts: 1 } };
    let { state } = run(
      [{ type: "connect" }, { type: "resolved", id: 1, url: "wss://x.test" }, { type: "opened", id: 1 }],
      limited,
    );
    ({ state } = run([{ type: "closed", id: 1, event: { code: 1006, reason: "", wasClean: false } }], limited, state));
    expect(state.snapshot.status).toBe("reconnecting");
    ({ state } = run([{ type: "deadline" }, { type: "url-failed", id: 2, error: "no" }], limited, state));
    expect(state.snapshot).toMatchObject({ status: "closed", reason: "retries-exhausted" });
  });

  it("puts the decision it applied in the snapshot: the hint it follows, and `never` once it stops", () => {
    const hinted = open([
      { type: "closed", id: 1, event: { code: 1008, reason: "rate limit exceeded; retry-after=3", wasClean: true } },
    ]);
    expect(hinted.state.snapshot.decision).toEqual({
      action: "after-hint",
      category: "rejected",
      delayMs: 3500,
      retryAfterMs: 3000,
    });
    const refused = open([{ type: "closed", id: 1, event: { code: 4403, reason: "", wasClean: true } }]);
    expect(refused.state.snapshot.decision).toEqual({
      action: "never",
      category: "rejected",
      delayMs: null,
      retryAfterMs: null,
    });
    expect(run([{ type: "connect" }], {}, refused.state).state.snapshot.decision).toBeNull();
  });
});

describe("transition: the heartbeat", () => {
  const heartbeat = { ...config, heartbeat: { intervalMs: 1000, timeoutMs: 500 } };
  const at = (now: number, lastInboundAt: number) => ({ config: heartbeat, now, lastInboundAt });
  const opened = () => {
    const { state } = run([{ type: "connect" }, { type: "resolved", id: 1, url: "wss://x.test" }], at(0, 0));
    return run([{ type: "opened", id: 1 }], at(0, 0), state).state;
  };

  it("does not ping a busy connection: any message is proof of life", () => {
    expect(run([{ type: "heartbeat" }], at(1000, 900), opened()).effects).toEqual([{ type: "heartbeat", ms: 900 }]);
  });

  it("raises no false alarm when a throttled timer fires a minute late but the pong came in time", () => {
    const pinged = run([{ type: "heartbeat" }], at(1000, 0), opened());
    const late = run([{ type: "heartbeat" }], at(61_000, 1100), pinged.state);
    expect(late.state.snapshot.status).toBe("open");
    expect(late.effects).toEqual([{ type: "ping" }, { type: "heartbeat", ms: 500 }]);
  });

  it("reports a stale deadline at once when it checks after a sleep", () => {
    const pinged = run([{ type: "heartbeat" }], at(1000, 0), opened());
    const woke = run([{ type: "visible" }], at(3_600_000, 0), pinged.state);
    expect(woke.state.snapshot).toMatchObject({ status: "reconnecting", reason: "heartbeat-timeout" });
  });

  it("pings again one interval after the pong, not one timeout after the ping", () => {
    const pinged = run([{ type: "heartbeat" }], at(1000, 0), opened());
    expect(run([{ type: "heartbeat" }], at(1500, 1100), pinged.state).effects).toEqual([
      { type: "heartbeat", ms: 600 },
    ]);
  });

  it("stops when the connection is no longer open", () => {
    const closing = run([{ type: "close" }], at(500, 0), opened());
    expect(run([{ type: "heartbeat" }], at(5000, 0), closing.state).effects).toEqual([]);
  });
});

describe("transition: the handshake probe", () => {
  const told = (state: MachineState, status: number, retryAfterMs?: number) =>
    verdictOf(state.snapshot.lastClose as CloseClassification, status, retryAfterMs);
  const probing = { config: { ...config, ...machineParts([...FEATURES, probe(() => null)]) } };
  /** `count` handshakes in a row that never opened. */
  const refused = (count: number) => {
    let state = INITIAL;
    let effects: ReturnType<typeof transition>["effects"] = [];
    ({ state } = run([{ type: "connect" }], probing, state));
    for (let index = 0; index < count; index++) {
      const id = state.id;
      ({ state, effects } = run(
        [
          { type: "resolved", id, url: "wss://x.test/live" },
          { type: "closed", id, event: { code: 1006, reason: "", wasClean: false } },
        ],
        probing,
        state,
      ));
      if (index < count - 1) ({ state } = run([{ type: "deadline" }], probing, state));
    }
    return { state, effects };
  };

  it("asks after 3 handshakes in a row that never opened, then after 6 and 12, and not in between", () => {
    expect(refused(2).effects.map((effect) => effect.type)).not.toContain("probe");
    expect(refused(3).effects).toContainEqual(
      expect.objectContaining({ type: "probe", id: 3, url: "wss://x.test/live" }),
    );
    expect(refused(4).effects.map((effect) => effect.type)).not.toContain("probe");
    expect(refused(6).effects.map((effect) => effect.type)).toContain("probe");
    expect(refused(12).effects.map((effect) => effect.type)).toContain("probe");
  });

  it("turns a 429 with Retry-After into a rate-limit rejection that waits for it, without counting an attempt", () => {
    const { state } = refused(3);
    const { state: next } = run([{ type: "probed", id: state.id, close: told(state, 429, 5000) }], probing, state);
    expect(next.snapshot).toMatchObject({
      status: "reconnecting",
      attempt: state.snapshot.attempt,
      lastClose: { policy: "rate-limited", category: "rejected", httpStatus: 429 },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    expect(next.snapshot.nextRetryAt).toBeGreaterThanOrEqual(1000 + 5000);
  });

  it.each([
    [401, { status: "reconnecting", lastClose: { policy: "unauthorized" }, decision: { action: "refresh-auth" } }],
    [403, { status: "closed", reason: "retry-refused", lastClose: { policy: "forbidden" } }],
    [503, { status: "reconnecting", lastClose: { category: "overloaded" }, decision: { action: "slow" } }],
  ] as const)("maps a probed %i into the decision", (status, expected) => {
    const { state } = refused(3);
    expect(
      run([{ type: "probed", id: state.id, close: told(state, status) }], probing, state).state.snapshot,
    ).toMatchObject(expected);
  });

  /** One more handshake that never opens, from `state` (reconnecting): its retry falls due, then it is refused. */
  const refusedAgain = (state: MachineState) => {
    const moved = run([{ type: "deadline" }], probing, state).state;
    return run(
      [
        { type: "resolved", id: moved.id, url: "wss://x.test/live" },
        { type: "closed", id: moved.id, event: { code: 1006, reason: "", wasClean: false } },
      ],
      probing,
      moved,
    );
  };

  it("decides every later refusal by a standing verdict, and asks again after each one", () => {
    const { state } = refused(3);
    const limited = run([{ type: "probed", id: state.id, close: told(state, 429, 5000) }], probing, state).state;
    const fourth = refusedAgain(limited);
    // Not back to "can't reach the server" between two probes: the 4th refusal is still the rate limit.
    expect(fourth.state.snapshot).toMatchObject({
      status: "reconnecting",
      failedOpens: 4,
      lastClose: { policy: "rate-limited", httpStatus: 429 },
      decision: { action: "after-hint", retryAfterMs: 5000 },
    });
    expect(fourth.effects).toContainEqual(expect.objectContaining({ type: "probe", id: fourth.state.id }));
    // The same answer again keeps the schedule as it is.
    const same = run(
      [{ type: "probed", id: fourth.state.id, close: told(fourth.state, 429, 5000) }],
      probing,
      fourth.state,
    );
    expect(same.state.snapshot).toBe(fourth.state.snapshot);
    // An answer with no status (the server is reachable, the reason unknown) ends the verdict: a plain lost close.
    const gone = run([{ type: "probed", id: fourth.state.id, close: null }], probing, fourth.state).state;
    expect(gone.snapshot.lastClose).toMatchObject({ code: 1006, category: "lost" });
    expect(gone.snapshot.lastClose?.httpStatus).toBeUndefined();
    expect(gone.snapshot.decision).toMatchObject({ action: "backoff" });
    expect(gone.snapshot.attempt).toBe(fourth.state.snapshot.attempt);
    // …and the probe goes back to asking at 6, 12…
    expect(refusedAgain(gone).effects.map((effect) => effect.type)).not.toContain("probe");
  });

  it("stops on a second 401 after credentials were refreshed, without waiting for another probe", () => {
    const { state } = refused(3);
    const auth = run([{ type: "probed", id: state.id, close: told(state, 401) }], probing, state).state;
    expect(auth.snapshot.decision).toMatchObject({ action: "refresh-auth" });
    const refreshing = run([{ type: "deadline" }], probing, auth).state;
    const retried = run([{ type: "refreshed", id: refreshing.id }], probing, refreshing).state;
    const again = run(
      [
        { type: "resolved", id: retried.id, url: "wss://x.test/live" },
        { type: "closed", id: retried.id, event: { code: 1006, reason: "", wasClean: false } },
      ],
      probing,
      retried,
    ).state;
    expect(again.snapshot).toMatchObject({
      status: "closed",
      reason: "credentials-failed",
      lastClose: { policy: "unauthorized", httpStatus: 401 },
    });
  });

  it("forgets the verdict once a connection opens, and on connect()", () => {
    const { state } = refused(3);
    const limited = run([{ type: "probed", id: state.id, close: told(state, 503) }], probing, state).state;
    const moved = run([{ type: "deadline" }], probing, limited).state;
    const opened = run(
      [
        { type: "resolved", id: moved.id, url: "wss://x.test/live" },
        { type: "opened", id: moved.id },
      ],
      probing,
      moved,
    ).state;
    expect(opened.verdict).toBeNull();
    expect(run([{ type: "reconnect" }], probing, limited).state.verdict).toBeNull();
  });

  it("keeps the schedule for any other status, and ignores an answer that comes too late", () => {
    const { state } = refused(3);
    const reachable = run([{ type: "probed", id: state.id, close: told(state, 426) }], probing, state);
    expect(reachable.state.snapshot).toBe(state.snapshot);
    const moved = run([{ type: "deadline" }], probing, state).state;
    expect(run([{ type: "probed", id: state.id, close: told(state, 429) }], probing, moved).state.snapshot).toBe(
      moved.snapshot,
    );
  });
});
