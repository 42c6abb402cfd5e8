import { classifyClose, type SocketState } from "@lifeline/core";
import { createCloseClassifier } from "@lifeline/core/classify";
import { describe, expect, it } from "vitest";
import { type BannerMemory, decideBanner, rememberBanner } from "./bannerState.js";

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

describe("decideBanner", () => {
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
    [state({ lastClose: closed(1012) }), "restarting"],
    [state({ lastClose: closed(1001) }), "restarting"],
    // Issue 12: a server's own restart code, taught to the close table with the category "planned".
    [
      state({
        lastClose: createCloseClassifier({ codes: { 4500: { category: "planned", retry: "soon" } } })({ code: 4500 }),
      }),
      "restarting",
    ],
    [state({ lastClose: closed(1013) }), "busy"],
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
      state({ lastClose: closed(1008, "rate limit exceeded"), nextRetryAt: 31_000 }),
      { troubleSince: 1000, recoveredAt: null },
      1000,
    );
    expect(decision).toMatchObject({ visible: true, case: "rate-limited", willRetry: true, secondsLeft: 30 });
  });

  it("says a stopped rate-limited socket will not try again, and offers Reconnect", () => {
    const decision = decideBanner(
      state({ status: "closed", reason: "retries-exhausted", nextRetryAt: null, lastClose: closed(4429) }),
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
      state({ status: "closed", reason: "credentials-failed", nextRetryAt: null, lastClose: closed(4401) }),
      troubled,
      100,
    );
    expect(decision).toMatchObject({ case: "auth", tone: "danger", politeness: "assertive", actions: ["sign-in"] });
  });

  it("says reconnecting, not expired, while the credential refresh is still under way", () => {
    expect(decideBanner(state({ lastClose: closed(4401) }), troubled, 100).case).toBe("reconnecting");
  });

  it.each([
    [closed(3003), "forbidden"],
    [closed(1008), "rejected"],
  ])("shows the rejection %# as %s", (close, kase) => {
    const decision = decideBanner(
      state({ status: "closed", reason: "retry-refused", nextRetryAt: null, lastClose: close }),
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
      state({ status: "closed", reason: "retries-exhausted", nextRetryAt: null }),
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
    ["restarting", state({ lastClose: closed(1012) })],
    ["busy", state({ lastClose: closed(1013) })],
    ["unreachable", state({ failedOpens: 3, lastClose: classifyClose({ code: 1006 }, { opened: false }) })],
  ])("offers Retry now while %s and waiting for the next attempt", (_, snapshot) => {
    expect(retries(snapshot)).toEqual(["retry-now"]);
  });

  it.each([
    ["gave up", state({ status: "closed", reason: "retries-exhausted", nextRetryAt: null })],
    ["rejected", state({ status: "closed", reason: "retry-refused", nextRetryAt: null, lastClose: closed(1008) })],
    [
      "rate limited",
      state({ status: "closed", reason: "retries-exhausted", nextRetryAt: null, lastClose: closed(4429) }),
    ],
  ])("offers Reconnect once stopped (%s): nothing else will try", (_, snapshot) => {
    expect(retries(snapshot)).toEqual(["reconnect"]);
  });

  it.each([
    // An attempt is already under way: another would only drop it and start over.
    ["connecting", state({ status: "connecting", reason: "retry-timer", nextRetryAt: null })],
    ["refreshing credentials", state({ lastClose: closed(4401), nextRetryAt: null })],
    // The server asked for the wait; retrying early would only be refused again.
    ["rate limited and waiting", state({ lastClose: closed(1008, "rate limit exceeded"), nextRetryAt: 31_000 })],
    // Refused for good: the same credentials get the same answer. Signing in is the way out.
    ["forbidden", state({ status: "closed", reason: "retry-refused", nextRetryAt: null, lastClose: closed(3003) })],
    ["expired", state({ status: "closed", reason: "credentials-failed", nextRetryAt: null, lastClose: closed(4401) })],
    ["offline", state({ status: "offline", reason: "network-offline", nextRetryAt: null })],
    ["open", state({ status: "open", reason: "opened", nextRetryAt: null })],
    ["paused", state({ status: "paused", reason: "page-hidden", nextRetryAt: null })],
    ["closed by the app", state({ status: "closed", reason: "close-called", nextRetryAt: null })],
  ])("offers neither Retry now nor Reconnect while %s", (_, snapshot) => {
    expect(retries(snapshot)).toEqual([]);
  });
  it("offers no retry while Reconnected shows", () => {
    const open = state({ status: "open", reason: "opened", nextRetryAt: null });
    expect(decideBanner(open, { troubleSince: null, recoveredAt: 4000 }, 5000)).toMatchObject({
      case: "recovered",
      actions: [],
    });
  });

  it("shows Reconnected for a few seconds after shown trouble, then hides", () => {
    const open = state({ status: "open", reason: "opened", nextRetryAt: null });
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
    const down = state({ lastClose: refused, failedOpens: 2, reason: "connect-failed" });
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
    expect(first).toEqual({ troubleSince: 100, recoveredAt: null, troubleClose: base.lastClose });
    expect(rememberBanner(first, state({ status: "connecting" }), 900, false)).toBe(first);
  });

  it("records a recovery only when a trouble banner was shown", () => {
    const open = state({ status: "open", reason: "opened" });
    expect(rememberBanner({ troubleSince: 100, recoveredAt: null }, open, 5000, true)).toEqual({
      troubleSince: null,
      recoveredAt: 5000,
    });
    expect(rememberBanner({ troubleSince: 100, recoveredAt: null }, open, 500, false)).toEqual({
      troubleSince: null,
      recoveredAt: null,
    });
  });
});
