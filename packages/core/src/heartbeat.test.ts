import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startHeartbeat } from "./heartbeat.js";

function setup(options: { intervalMs: number; timeoutMs: number; message?: string | (() => string) }) {
  const pings: Array<[number, string]> = [];
  const dead: number[] = [];
  const silences: number[] = [];
  const heartbeat = startHeartbeat(options, {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    sendPing: (message) => pings.push([Date.now(), message]),
    onDead: (silentMs) => {
      dead.push(Date.now());
      silences.push(silentMs);
    },
  });
  return { heartbeat, pings, dead, silences };
}

describe("startHeartbeat", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("pings after a silent interval and finds a dead connection within interval + timeout", () => {
    const { pings, dead, silences } = setup({ intervalMs: 1000, timeoutMs: 500 });
    vi.advanceTimersByTime(999);
    expect(pings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(pings).toEqual([[1000, "ping"]]);
    vi.advanceTimersByTime(499);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(dead).toEqual([1500]);
    expect(silences).toEqual([1500]);
  });

  it("treats any inbound message as proof of life and does not ping a busy connection", () => {
    const { heartbeat, pings, dead } = setup({ intervalMs: 1000, timeoutMs: 500 });
    for (let time = 0; time < 5000; time += 400) {
      vi.advanceTimersByTime(400);
      heartbeat.received();
    }
    expect(pings).toEqual([]);
    expect(dead).toEqual([]);
  });

  it("stays calm when the pong arrives, and pings again after the next silent interval", () => {
    const { heartbeat, pings, dead } = setup({ intervalMs: 1000, timeoutMs: 500, message: () => '{"type":"ping"}' });
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(100);
    heartbeat.received();
    vi.advanceTimersByTime(1400);
    expect(dead).toEqual([]);
    expect(pings).toEqual([
      [1000, '{"type":"ping"}'],
      [2100, '{"type":"ping"}'],
    ]);
  });

  it("raises no false alarm when a throttled timer fires a minute late but the pong came in time", () => {
    const { heartbeat, dead } = setup({ intervalMs: 1000, timeoutMs: 500 });
    vi.advanceTimersByTime(1000);
    // The pong arrives at once, then the page is hidden and its timers run only once a minute.
    heartbeat.received();
    vi.setSystemTime(61_000);
    heartbeat.check();
    expect(dead).toEqual([]);
  });

  it("reports a stale deadline at once when checked after a sleep", () => {
    const { heartbeat, dead } = setup({ intervalMs: 1000, timeoutMs: 500 });
    vi.advanceTimersByTime(1000);
    vi.setSystemTime(600_000);
    heartbeat.check();
    expect(dead).toEqual([600_000]);
  });

  it("pings again one interval after the pong, not one timeout after the ping", () => {
    const { heartbeat, pings } = setup({ intervalMs: 1000, timeoutMs: 5000 });
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(10);
    heartbeat.received();
    vi.advanceTimersByTime(1000);
    expect(pings.map(([at]) => at)).toEqual([1000, 2010]);
  });

  it("does nothing after stop()", () => {
    const { heartbeat, pings, dead } = setup({ intervalMs: 1000, timeoutMs: 500 });
    heartbeat.stop();
    vi.advanceTimersByTime(10_000);
    expect(pings).toEqual([]);
    expect(dead).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
