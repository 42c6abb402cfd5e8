import { describe, expect, it } from "vitest";
import { classifyClose } from "./classifyClose.js";
import { initialState, type SocketEvent, type SocketState, transition } from "./status.js";

const lost = classifyClose({ code: 1006 }, { opened: true });
const refused = classifyClose({ code: 1006 }, { opened: false });

function run(start: SocketState, ...events: SocketEvent[]): SocketState {
  return events.reduce(transition, start);
}

describe("transition", () => {
  it("walks connect → open → lost → reconnecting → connecting → open, counting attempts", () => {
    const idle = initialState("idle", "created");
    const open = run(idle, { type: "connect", reason: "connect-called" }, { type: "open", at: 10 });
    expect(open).toMatchObject({ status: "open", reason: "opened", attempt: 0, openedAt: 10 });
    const waiting = transition(open, {
      type: "retry",
      reason: "connection-lost",
      close: lost,
      at: 500,
      beforeOpen: false,
    });
    expect(waiting).toMatchObject({
      status: "reconnecting",
      reason: "connection-lost",
      attempt: 1,
      nextRetryAt: 500,
      lastClose: lost,
      openedAt: null,
    });
    const again = run(waiting, { type: "connect", reason: "retry-timer" }, { type: "open", at: 600 });
    // Opening again does not reset the count: only a connection that stays up (stable) does.
    expect(again).toMatchObject({ status: "open", attempt: 1, nextRetryAt: null });
    expect(transition(again, { type: "stable" })).toMatchObject({ status: "open", attempt: 0 });
  });

  it("counts attempts that never opened and clears the count on open", () => {
    const start = run(initialState("idle", "created"), { type: "connect", reason: "connect-called" });
    const twice = run(
      start,
      { type: "retry", reason: "connect-failed", close: refused, at: 1, beforeOpen: true },
      { type: "connect", reason: "retry-timer" },
      { type: "retry", reason: "connect-failed", close: refused, at: 2, beforeOpen: true },
    );
    expect(twice).toMatchObject({ failedOpens: 2, attempt: 2 });
    expect(run(twice, { type: "connect", reason: "retry-timer" }, { type: "open", at: 3 }).failedOpens).toBe(0);
  });

  it("starts the schedule over on connect() and reconnect(), but not on a timer or the network's return", () => {
    const waiting: SocketState = {
      ...initialState("idle", "created"),
      status: "reconnecting",
      attempt: 4,
      failedOpens: 3,
    };
    expect(transition(waiting, { type: "connect", reason: "reconnect-called" })).toMatchObject({
      attempt: 0,
      failedOpens: 0,
    });
    expect(transition(waiting, { type: "connect", reason: "retry-timer" })).toMatchObject({
      attempt: 4,
      failedOpens: 3,
    });
    expect(transition(waiting, { type: "connect", reason: "network-online" })).toMatchObject({ attempt: 4 });
  });

  it("pauses in offline without spending an attempt, and ends in closed with the reason", () => {
    const waiting = run(
      initialState("idle", "created"),
      { type: "connect", reason: "connect-called" },
      { type: "retry", reason: "connection-lost", close: lost, at: 9, beforeOpen: false },
    );
    const offline = transition(waiting, { type: "offline", close: null });
    expect(offline).toMatchObject({
      status: "offline",
      reason: "network-offline",
      attempt: 1,
      nextRetryAt: null,
      lastClose: lost,
    });
    const closed = transition(offline, { type: "stop", reason: "close-called", close: null });
    expect(closed).toMatchObject({ status: "closed", reason: "close-called", lastClose: lost });
  });

  it("ignores events that make no sense in the current status, returning the same object", () => {
    const idle = initialState("idle", "created");
    expect(transition(idle, { type: "open", at: 1 })).toBe(idle);
    expect(transition(idle, { type: "stable" })).toBe(idle);
    expect(transition(idle, { type: "closing" })).toBe(idle);
    const closed = transition(idle, { type: "stop", reason: "close-called", close: null });
    expect(
      transition(closed, { type: "retry", reason: "connection-lost", close: lost, at: 1, beforeOpen: false }),
    ).toBe(closed);
    expect(transition(closed, { type: "offline", close: null })).toBe(closed);
  });

  it("keeps the snapshot's identity when nothing changes, and freezes every new one", () => {
    const idle = initialState("idle", "created");
    expect(transition(idle, { type: "queued", size: 0 })).toBe(idle);
    const queued = transition(idle, { type: "queued", size: 2 });
    expect(queued).not.toBe(idle);
    expect(queued.queued).toBe(2);
    expect(Object.isFrozen(queued)).toBe(true);
  });
});
