import {
  type AppliedDecision,
  type CloseClassification,
  classifyClose,
  type RetryAction,
  type SocketState,
} from "@lifeline/core";
import { createCloseClassifier } from "@lifeline/core/classify";
import { verdictOf } from "@lifeline/core/probe";
import { describe, expect, it } from "vitest";
import { type BannerMemory, decideBanner, isTrouble, rememberBanner } from "./bannerState.js";

const base: SocketState = {
  status: "reconnecting",
  reason: "connection-lost",
  attempt: 1,
  nextRetryAt: 10_000,
  lastClose: classifyClose({ code: 1006 }, { opened: true }),
  openedAt: null,
  stableAt: null,
  queued: 0,
  failedOpens: 0,
  decision: null,
};
const troubled: BannerMemory = { troubleSince: 0, recoveredAt: null };
const state = (patch: Partial<SocketState>): SocketState => ({ ...base, ...patch });
const closed = (code: number, reason = "") => classifyClose({ code, reason }, { opened: true });
// What the socket did about a close, as it records it in `decision`: the close's own action while it retries,
// "never" once it stopped. The banner reads this, not the close's own retry advice.
const applied = (close: CloseClassification, action: RetryAction = close.retry.action): AppliedDecision => ({
  action,
  category: close.category,
  delayMs: action === "never" ? null : 9000,
  retryAfterMs: action === "never" ? null : (close.retry.retryAfterMs ?? null),
});

describe("decideBanner", () => {
  const ownRestart = createCloseClassifier({ codes: { 4500: { category: "planned", retry: "soon" } } })({ code: 4500 });

  it("stays hidden through a blip shorter than the grace period", () => {
    expect(decideBanner(base, troubled, 1499).visible).toBe(false);
    expect(decideBanner(base, troubled, 1500)).toMatchObject({
      visible: true,
      case: "lost",
      secondsLeft: 9,
      attempt: 1,
    });
  });

  it("counts down in whole seconds to the next attempt and offers Retry now", () => {
    const decision = decideBanner(base, troubled, 6_001);
    expect(decision).toMatchObject({
      case: "lost",
      tone: "warning",
      politeness: "polite",
      secondsLeft: 4,
      actions: ["retry-now"],
    });
  });

  it.each([
    [state({ lastClose: closed(1012), decision: applied(closed(1012)) }), "restarting"],
    [state({ lastClose: closed(1001), decision: applied(closed(1001)) }), "restarting"],
    // Issue 12: a server's own restart code, taught to the close table with the category "planned".
    [
      state({
        lastClose: ownRestart,
        decision: applied(ownRestart),
      }),
      "restarting",
    ],
    [state({ lastClose: closed(1013), decision: applied(closed(1013)) }), "busy"],
    [
      state({ failedOpens: 3, reason: "connect-failed", lastClose: classifyClose({ code: 1006 }, { opened: false }) }),
      "unreachable",
    ],
    [state({ failedOpens: 2, reason: "connect-failed" }), "lost"],
    [state({ status: "connecting", reason: "retry-timer", nextRetryAt: null }), "reconnecting"],
    [
      state({ reason: "heartbeat-timeout", lastClose: classifyClose({ code: 1006, reason: "heartbeat timeout" }) }),
      "lost",
    ],
  ])("after the grace period shows %#: %s", (snapshot, kase) => {
    expect(decideBanner(snapshot, troubled, 2000).case).toBe(kase);
  });

  it("shows a rate-limit rejection at once, with when it will try again", () => {
    const decision = decideBanner(
      state({
        lastClose: closed(1008, "rate limit exceeded"),
        decision: applied(closed(1008, "rate limit exceeded")),
        nextRetryAt: 31_000,
      }),
      { troubleSince: 1000, recoveredAt: null },
      1000,
    );
    expect(decision).toMatchObject({ visible: true, case: "rate-limited", willRetry: true, secondsLeft: 30 });
  });

  it("says a stopped rate-limited socket will not try again, and offers Reconnect", () => {
    const decision = decideBanner(
      state({
        status: "closed",
        reason: "retries-exhausted",
        nextRetryAt: null,
        lastClose: closed(4429),
        decision: applied(closed(4429), "never"),
      }),
      troubled,
      5000,
    );
    expect(decision).toMatchObject({
      case: "rate-limited",
      willRetry: false,
      secondsLeft: null,
      actions: ["reconnect"],
    });
  });

  it("asks the user to sign in, assertively, once credentials failed", () => {
    const decision = decideBanner(
      state({
        status: "closed",
        reason: "credentials-failed",
        nextRetryAt: null,
        lastClose: closed(4401),
        decision: applied(closed(4401), "never"),
      }),
      troubled,
      100,
    );
    expect(decision).toMatchObject({ case: "auth", tone: "danger", politeness: "assertive", actions: ["sign-in"] });
  });

  // Issue 20: a token renewed by refreshCredentials was back 30 ms later, yet "Reconnecting…" showed at once.
  it("stays quiet through the grace period while a credential refresh is under way, then says reconnecting, not expired", () => {
    const refreshing = state({ lastClose: closed(4401), decision: applied(closed(4401)) });
    expect(decideBanner(refreshing, troubled, 100).visible).toBe(false);
    expect(decideBanner(refreshing, troubled, 1500).case).toBe("reconnecting");
  });

  it.each([
    [closed(3003), "forbidden"],
    [closed(1008), "rejected"],
  ])("shows the rejection %# as %s", (close, kase) => {
    const decision = decideBanner(
      state({
        status: "closed",
        reason: "retry-refused",
        nextRetryAt: null,
        lastClose: close,
        decision: applied(close),
      }),
      troubled,
      100,
    );
    expect(decision).toMatchObject({ case: kase, politeness: "assertive", willRetry: false });
  });

  it("shows offline at once and gives up with a Reconnect action", () => {
    expect(
      decideBanner(state({ status: "offline", reason: "network-offline", nextRetryAt: null }), troubled, 0).case,
    ).toBe("offline");
    const gaveUp = decideBanner(
      state({
        status: "closed",
        reason: "retries-exhausted",
        nextRetryAt: null,
        decision: applied(closed(1006), "never"),
      }),
      troubled,
      0,
    );
    expect(gaveUp).toMatchObject({ case: "gave-up", actions: ["reconnect"], politeness: "assertive" });
  });

  // Issue 14: a button is only worth showing when pressing it changes something.
  const retries = (snapshot: SocketState) =>
    decideBanner(snapshot, troubled, 5000).actions.filter((action) => action !== "sign-in");
  it.each([
    ["lost", state({})],
    ["restarting", state({ lastClose: closed(1012), decision: applied(closed(1012)) })],
    ["busy", state({ lastClose: closed(1013), decision: applied(closed(1013)) })],
    ["unreachable", state({ failedOpens: 3, lastClose: classifyClose({ code: 1006 }, { opened: false }) })],
  ])("offers Retry now while %s and waiting for the next attempt", (_, snapshot) => {
    expect(retries(snapshot)).toEqual(["retry-now"]);
  });

  it.each([
    [
      "gave up",
      state({
        status: "closed",
        reason: "retries-exhausted",
        nextRetryAt: null,
        decision: applied(closed(1006), "never"),
      }),
    ],
    [
      "rejected",
      state({
        status: "closed",
        reason: "retry-refused",
        nextRetryAt: null,
        lastClose: closed(1008),
        decision: applied(closed(1008)),
      }),
    ],
    [
      "rate limited",
      state({
        status: "closed",
        reason: "retries-exhausted",
        nextRetryAt: null,
        lastClose: closed(4429),
        decision: applied(closed(4429), "never"),
      }),
    ],
  ])("offers Reconnect once stopped (%s): nothing else will try", (_, snapshot) => {
    expect(retries(snapshot)).toEqual(["reconnect"]);
  });

  it.each([
    // An attempt is already under way: another would only drop it and start over.
    ["connecting", state({ status: "connecting", reason: "retry-timer", nextRetryAt: null })],
    ["refreshing credentials", state({ lastClose: closed(4401), decision: applied(closed(4401)), nextRetryAt: null })],
    // The server asked for the wait; retrying early would only be refused again.
    [
      "rate limited and waiting",
      state({
        lastClose: closed(1008, "rate limit exceeded"),
        decision: applied(closed(1008, "rate limit exceeded")),
        nextRetryAt: 31_000,
      }),
    ],
    // Refused for good: the same credentials get the same answer. Signing in is the way out.
    [
      "forbidden",
      state({
        status: "closed",
        reason: "retry-refused",
        nextRetryAt: null,
        lastClose: closed(3003),
        decision: applied(closed(3003)),
      }),
    ],
    [
      "expired",
      state({
        status: "closed",
        reason: "credentials-failed",
        nextRetryAt: null,
        lastClose: closed(4401),
        decision: applied(closed(4401), "never"),
      }),
    ],
    ["offline", state({ status: "offline", reason: "network-offline", nextRetryAt: null })],
    ["open", state({ status: "open", reason: "opened", nextRetryAt: null })],
    ["paused", state({ status: "paused", reason: "page-hidden", nextRetryAt: null })],
    ["closed by the app", state({ status: "closed", reason: "close-called", nextRetryAt: null })],
  ])("offers neither Retry now nor Reconnect while %s", (_, snapshot) => {
    expect(retries(snapshot)).toEqual([]);
  });
  it("offers no retry while Reconnected shows", () => {
    const open = state({ status: "open", reason: "opened", nextRetryAt: null, stableAt: 4000 });
    expect(decideBanner(open, { troubleSince: null, recoveredAt: 4000 }, 5000)).toMatchObject({
      case: "recovered",
      actions: [],
    });
  });

  it("shows Reconnected for a few seconds after shown trouble, then hides", () => {
    const open = state({ status: "open", reason: "opened", nextRetryAt: null, stableAt: 10_000 });
    const memory = { troubleSince: null, recoveredAt: 10_000 };
    expect(decideBanner(open, memory, 12_999)).toMatchObject({ case: "recovered", tone: "success" });
    expect(decideBanner(open, memory, 13_000).visible).toBe(false);
  });

  it("hides for an app's own close and for an idle socket", () => {
    // Issue 13: the back/forward cache and a long-hidden tab pause the socket; that is no trouble to show.
    expect(
      decideBanner(state({ status: "paused", reason: "page-hidden", nextRetryAt: null }), troubled, 9000).visible,
    ).toBe(false);
    expect(
      decideBanner(state({ status: "closed", reason: "close-called", nextRetryAt: null }), troubled, 9000).visible,
    ).toBe(false);
    expect(
      decideBanner(state({ status: "idle", reason: "created" }), { troubleSince: null, recoveredAt: null }, 0).visible,
    ).toBe(false);
  });
});

describe("decideBanner: the close an outage began with", () => {
  const restart = closed(1012);
  const refused = classifyClose({ code: 1006 }, { opened: false });
  const since = (troubleClose: BannerMemory["troubleClose"]): BannerMemory => ({
    troubleSince: 0,
    recoveredAt: null,
    troubleClose,
  });

  it("keeps saying the server is restarting while the handshakes after a 1012 fail", () => {
    const down = state({ lastClose: refused, decision: applied(refused), failedOpens: 2, reason: "connect-failed" });
    expect(decideBanner(down, since(restart), 2000).case).toBe("restarting");
    // The latest close is still the one shown under Details.
    expect(decideBanner(down, since(restart), 2000).close?.code).toBe(1006);
  });

  it("keeps saying the server is busy after a 1013, and says it can't be reached once that lasts", () => {
    const overload = closed(1013, "retry-after=5");
    expect(decideBanner(state({ lastClose: refused, failedOpens: 1 }), since(overload), 2000).case).toBe("busy");
    expect(decideBanner(state({ lastClose: refused, failedOpens: 3 }), since(overload), 2000).case).toBe("unreachable");
  });

  it("says the connection is lost when the outage began with a drop", () => {
    const drop = closed(1006);
    expect(decideBanner(state({ lastClose: refused, failedOpens: 1 }), since(drop), 2000).case).toBe("lost");
  });

  it("goes by the latest close when the connection did open in between", () => {
    const lost = closed(1006);
    expect(decideBanner(state({ lastClose: lost, failedOpens: 0 }), since(restart), 2000).case).toBe("lost");
  });
});

describe("rememberBanner", () => {
  const fine: BannerMemory = { troubleSince: null, recoveredAt: null };

  it("notes when trouble starts and keeps that time while it lasts", () => {
    const first = rememberBanner(fine, base, 100, false);
    expect(first).toEqual({ troubleSince: 100, recoveredAt: null, troubleClose: base.lastClose, shown: false });
    expect(rememberBanner(first, state({ status: "connecting" }), 900, false)).toBe(first);
    expect(rememberBanner(first, state({ status: "connecting" }), 1600, true)).toEqual({ ...first, shown: true });
  });

  it("records a recovery only when a trouble banner was shown, and only once the connection held", () => {
    const open = state({ status: "open", reason: "opened", openedAt: 4000 });
    expect(rememberBanner({ troubleSince: 100, recoveredAt: null, shown: true }, open, 5000, false)).toEqual({
      troubleSince: null,
      recoveredAt: 5000,
    });
    expect(rememberBanner({ troubleSince: 100, recoveredAt: null }, open, 5000, false)).toEqual({
      troubleSince: null,
      recoveredAt: null,
    });
    const shown: BannerMemory = { troubleSince: 100, recoveredAt: null, troubleClose: base.lastClose, shown: true };
    expect(rememberBanner(shown, open, 4999, true)).toBe(shown);
    // The app's own setting: with heldMs 3000 the same open has not held at 5000.
    expect(rememberBanner(shown, open, 5000, true, { heldMs: 3000 })).toBe(shown);
  });
});

// Issue 14: a server that accepts each upgrade and cuts it at once. One run recorded
// `1781 lost > 1973 reconnecting > 1977 hidden > 1979 recovered > 1979 hidden`: every 1 ms open hid "Connection
// lost", flashed "Reconnected." and started the grace period over.
describe("decideBanner and rememberBanner over time: recovery is a connection that held", () => {
  const lost = state({ status: "reconnecting", reason: "connection-lost", nextRetryAt: null });
  const connecting = state({ status: "connecting", reason: "retry-timer", nextRetryAt: null });
  const opened = (at: number) => state({ status: "open", reason: "opened", nextRetryAt: null, openedAt: at });

  /** Feeds snapshots at their times as the hook does, and records what the banner shows at each one and between. */
  function play(timeline: readonly (readonly [number, SocketState])[], until: number, step = 1) {
    let memory: BannerMemory = { troubleSince: null, recoveredAt: null };
    const shown: string[] = [];
    let index = 0;
    let current: SocketState | null = null;
    for (let now = 0; now <= until; now += step) {
      while (index < timeline.length && (timeline[index]?.[0] ?? Number.POSITIVE_INFINITY) <= now) {
        current = timeline[index]?.[1] ?? null;
        index++;
        // The render with the new snapshot and the old memory: what the user sees first.
        if (current) record(decideBanner(current, memory, now).case);
      }
      if (!current) continue;
      const decision = decideBanner(current, memory, now);
      record(decision.case);
      memory = rememberBanner(memory, current, now, decision.visible && decision.case !== "recovered");
      record(decideBanner(current, memory, now).case);
    }
    return shown;
    function record(kase: string) {
      if (shown.at(-1) !== kase) shown.push(kase);
    }
  }

  it("keeps the trouble on screen through opens that are cut at once, and never says Reconnected", () => {
    const timeline: [number, SocketState][] = [[0, lost]];
    // Opens lasting 1 ms, every 400 ms for 6 s: each is cut long before the banner's 1 s heldMs.
    for (let at = 200; at < 6000; at += 400) timeline.push([at, connecting], [at + 4, opened(at + 4)], [at + 5, lost]);
    const shown = play(timeline, 7000);
    // Quiet through the grace period, which the short opens do not start over; from 1.5 s, "lost" and then, at each
    // of the 11 attempts from 1.8 s to 5.8 s, "reconnecting" (through its 1 ms open) and "lost" again.
    expect(shown).toEqual(["hidden", "lost", ...Array.from({ length: 11 }, () => ["reconnecting", "lost"]).flat()]);
    expect(shown).not.toContain("recovered");
  });

  // Issue 20: "Reconnected." waited for the socket's 5 s minUptimeMs; it comes once the connection held for heldMs.
  it("says Reconnected once the connection held for a second, with no empty frame after Reconnecting", () => {
    const timeline: [number, SocketState][] = [
      [0, lost],
      [2000, connecting],
      [2010, opened(2010)],
    ];
    expect(play(timeline, 3009)).toEqual(["hidden", "lost", "reconnecting"]);
    expect(play(timeline, 3010)).toEqual(["hidden", "lost", "reconnecting", "recovered"]);
    expect(play(timeline, 6009)).toEqual(["hidden", "lost", "reconnecting", "recovered"]);
    expect(play(timeline, 6010)).toEqual(["hidden", "lost", "reconnecting", "recovered", "hidden"]);
  });

  it("stays quiet through a blip whose connection then holds, and says nothing at the end", () => {
    const timeline: [number, SocketState][] = [
      [0, lost],
      [300, connecting],
      [310, opened(310)],
    ];
    expect(play(timeline, 9000)).toEqual(["hidden"]);
  });

  it("does not start the grace period over at a short open: a drop soon after shows the loss when it ends", () => {
    const timeline: [number, SocketState][] = [
      [0, lost],
      [300, connecting],
      [310, opened(310)],
      [1000, lost],
    ];
    expect(play(timeline, 1500)).toEqual(["hidden", "lost"]);
  });

  // Issue 20: the page's first connection opened at load and was still "not stable" 3 s later, so a drop then counted
  // as trouble since load and showed "Connection lost." with no grace period.
  it("gives a drop after the page's first connection held its own grace period", () => {
    const first = state({ status: "connecting", reason: "connect-called", attempt: 0, lastClose: null });
    const timeline: [number, SocketState][] = [
      [0, first],
      [100, { ...opened(100), lastClose: null }],
      [3000, lost],
    ];
    expect(play(timeline, 4499)).toEqual(["hidden"]);
    expect(play(timeline, 4500)).toEqual(["hidden", "lost"]);
  });

  it("names trouble that began with the first connect by its first close: a 1012 soon after load says restarting", () => {
    const first = state({ status: "connecting", reason: "connect-called", attempt: 0, lastClose: null });
    const restart = state({
      reason: "closed-by-server",
      nextRetryAt: null,
      lastClose: closed(1012),
      decision: applied(closed(1012)),
    });
    const refused = classifyClose({ code: 1006 }, { opened: false });
    const timeline: [number, SocketState][] = [
      [0, first],
      [100, { ...opened(100), lastClose: null }],
      [600, restart],
      [800, connecting],
      [810, state({ reason: "connect-failed", nextRetryAt: null, lastClose: refused, failedOpens: 1 })],
    ];
    expect(play(timeline, 2000)).toEqual(["hidden", "restarting"]);
  });

  it("says nothing at all when an expired token is renewed and the connection is back at once", () => {
    const timeline: [number, SocketState][] = [
      [0, opened(-10_000)],
      [
        100,
        state({
          reason: "closed-by-server",
          nextRetryAt: null,
          lastClose: closed(4401),
          decision: applied(closed(4401)),
        }),
      ],
      [
        120,
        state({
          status: "connecting",
          reason: "credentials-refreshed",
          lastClose: closed(4401),
          decision: applied(closed(4401)),
        }),
      ],
      [130, opened(130)],
    ];
    expect(play(timeline, 9000)).toEqual(["hidden"]);
  });
});

describe("isTrouble", () => {
  it.each([
    ["connecting", "retry-timer", true],
    ["reconnecting", "connection-lost", true],
    ["offline", "network-offline", true],
    ["closed", "retries-exhausted", true],
    ["closed", "retry-refused", true],
    ["closed", "credentials-failed", true],
    ["closed", "invalid-url", true],
    // The page's first connect is trouble too until it opens: a server down at load must be said after the grace.
    ["connecting", "connect-called", true],
    ["open", "opened", false],
    ["idle", "created", false],
    ["paused", "page-hidden", false],
    ["paused", "hidden-too-long", false],
    ["closing", "close-called", false],
    ["closed", "close-called", false],
  ] as const)("says %s after %s is trouble: %s", (status, reason, expected) => {
    expect(isTrouble(state({ status, reason }))).toBe(expected);
  });

  it("is what decideBanner hides on and rememberBanner starts the trouble on", () => {
    const fine: BannerMemory = { troubleSince: null, recoveredAt: null };
    for (const snapshot of [
      state({ status: "closing", reason: "close-called", nextRetryAt: null }),
      state({ status: "paused", reason: "hidden-too-long", nextRetryAt: null }),
    ]) {
      expect(decideBanner(snapshot, troubled, 9000).visible).toBe(false);
      expect(rememberBanner(fine, snapshot, 100, false)).toBe(fine);
    }
    const stopped = state({ status: "closed", reason: "retries-exhausted", nextRetryAt: null });
    expect(rememberBanner(fine, stopped, 100, true).troubleSince).toBe(100);
  });
});

// Issue 21: the socket records what it did about each close in `decision` (its limits, rules and the probe's verdict
// applied), and the banner says that, not what the close alone would suggest.
describe("decideBanner: the socket's decision, not the close", () => {
  const lost = classifyClose({ code: 1006 }, { opened: true });

  it("says the socket gave up at its attempt limit, though the close alone would be retried", () => {
    const snapshot = state({
      status: "closed",
      reason: "retries-exhausted",
      nextRetryAt: null,
      lastClose: lost,
      decision: applied(lost, "never"),
    });
    expect(lost.retry.action).toBe("backoff");
    expect(decideBanner(snapshot, troubled, 100)).toMatchObject({
      case: "gave-up",
      politeness: "assertive",
      willRetry: false,
      secondsLeft: null,
      actions: ["reconnect"],
    });
  });

  // A server's own code that the app taught to refresh credentials carries no auth policy of its own.
  const ownAuth = createCloseClassifier({ codes: { 4000: { retry: "refresh-auth" } } })({ code: 4000 });

  it("stays quiet while the socket refreshes credentials for a server's own code, then says reconnecting", () => {
    const refreshing = state({
      reason: "closed-by-server",
      nextRetryAt: 0,
      lastClose: ownAuth,
      decision: applied(ownAuth),
    });
    expect(ownAuth.policy).toBeUndefined();
    expect(decideBanner(refreshing, troubled, 100).visible).toBe(false);
    expect(decideBanner(refreshing, troubled, 1500)).toMatchObject({ case: "reconnecting", actions: [] });
  });

  it("asks the user to sign in once refreshing credentials failed, whatever the close was", () => {
    const failed = state({
      status: "closed",
      reason: "credentials-failed",
      nextRetryAt: null,
      lastClose: ownAuth,
      decision: applied(ownAuth, "never"),
    });
    expect(decideBanner(failed, troubled, 100)).toMatchObject({
      case: "auth",
      politeness: "assertive",
      actions: ["sign-in"],
    });
  });

  it("says an auth rejection the socket retries on a schedule is a rejection with a countdown, not a refresh", () => {
    const retried = createCloseClassifier({ codes: { 4401: { policy: "unauthorized", retry: "backoff" } } })({
      code: 4401,
    });
    const snapshot = state({ reason: "closed-by-server", lastClose: retried, decision: applied(retried) });
    // A rejection is the server's answer: it shows at once, without the grace period.
    expect(decideBanner(snapshot, troubled, 100)).toMatchObject({
      visible: true,
      case: "rejected",
      willRetry: true,
      secondsLeft: 10,
    });
  });

  it("says a close the app's rule calls a rejection is one, though it names no policy", () => {
    const refused = createCloseClassifier({ codes: { 4100: { category: "rejected", retry: "slow" } } })({
      code: 4100,
    });
    const snapshot = state({ reason: "closed-by-server", lastClose: refused, decision: applied(refused) });
    expect(refused.policy).toBeUndefined();
    expect(decideBanner(snapshot, troubled, 100)).toMatchObject({ visible: true, case: "rejected", willRetry: true });
  });

  it("says what the handshake probe found once its verdict decided the refused handshakes", () => {
    const refused = classifyClose({ code: 1006 }, { opened: false });
    const memory: BannerMemory = { troubleSince: 0, recoveredAt: null, troubleClose: refused };
    const probed = (status: number, retryAfterMs?: number) => {
      const verdict = verdictOf(refused, status, retryAfterMs);
      if (!verdict) throw new Error(`no verdict for ${status}`);
      return verdict;
    };
    const limited = probed(429, 5000);
    expect(
      decideBanner(
        state({ reason: "connect-failed", failedOpens: 3, lastClose: limited, decision: applied(limited) }),
        memory,
        100,
      ),
    ).toMatchObject({ case: "rate-limited", willRetry: true, secondsLeft: 10 });
    const denied = probed(403);
    expect(
      decideBanner(
        state({
          status: "closed",
          reason: "retry-refused",
          nextRetryAt: null,
          failedOpens: 3,
          lastClose: denied,
          decision: applied(denied, "never"),
        }),
        memory,
        100,
      ),
    ).toMatchObject({ case: "forbidden", politeness: "assertive", willRetry: false });
    const overloaded = probed(503, 20_000);
    expect(
      decideBanner(
        state({ reason: "connect-failed", failedOpens: 3, lastClose: overloaded, decision: applied(overloaded) }),
        memory,
        2000,
      ),
    ).toMatchObject({ case: "busy", actions: ["retry-now"] });
  });
});
