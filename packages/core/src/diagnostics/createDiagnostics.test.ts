import { describe, expect, it } from "vitest";
import { createDiagnostics } from "./createDiagnostics.js";

describe("createDiagnostics", () => {
  it("stamps each event with its clock and keeps them oldest first", () => {
    let now = 100;
    const log = createDiagnostics({ now: () => now });
    log.record({ type: "offline" });
    now = 250;
    log.record({ type: "retry-scheduled", delayMs: 800, attempt: 1 });
    expect(log.getSnapshot()).toEqual([
      { type: "offline", at: 100 },
      { type: "retry-scheduled", delayMs: 800, attempt: 1, at: 250 },
    ]);
  });

  it("keeps its snapshot's identity until an entry arrives, and the snapshot is frozen", () => {
    const log = createDiagnostics();
    const empty = log.getSnapshot();
    expect(log.getSnapshot()).toBe(empty);
    log.record({ type: "online" });
    const one = log.getSnapshot();
    expect(one).not.toBe(empty);
    expect(log.getSnapshot()).toBe(one);
    expect(Object.isFrozen(one)).toBe(true);
    expect(Object.isFrozen(one[0])).toBe(true);
  });

  it("keeps only the newest `limit` entries", () => {
    const log = createDiagnostics({ limit: 3 });
    for (let attempt = 1; attempt <= 5; attempt++) log.record({ type: "retry-scheduled", delayMs: 0, attempt });
    expect(log.getSnapshot().map((entry) => (entry.type === "retry-scheduled" ? entry.attempt : 0))).toEqual([3, 4, 5]);
  });

  it("notifies subscribers per entry and on clear, and stops when told", () => {
    const log = createDiagnostics();
    let calls = 0;
    const stop = log.subscribe(() => calls++);
    const { record } = log;
    record({ type: "online" });
    log.clear();
    expect(calls).toBe(2);
    expect(log.getSnapshot()).toEqual([]);
    stop();
    record({ type: "offline" });
    expect(calls).toBe(2);
  });

  it.each([0, 2.5, Number.NaN])("rejects a limit of %s with a message that says what to use", (limit) => {
    expect(() => createDiagnostics({ limit })).toThrow(
      `[@lifeline/core] createDiagnostics: limit is ${limit}. Use a whole number of 1 or more.`,
    );
  });
});
