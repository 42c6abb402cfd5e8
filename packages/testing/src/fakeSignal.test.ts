import { describe, expect, it } from "vitest";
import { createFakeSignal } from "./fakeSignal.js";

describe("createFakeSignal", () => {
  it("reports its value, tells each listener on every set, and counts listeners", () => {
    const signal = createFakeSignal(false);
    const heard: boolean[] = [];
    const stop = signal.subscribe((value) => heard.push(value));
    expect(signal.get()).toBe(false);
    expect(signal.listenerCount()).toBe(1);
    signal.set(true);
    signal.set(true);
    expect(heard).toEqual([true, true]);
    expect(signal.get()).toBe(true);
    stop();
    signal.set(false);
    expect(heard).toEqual([true, true]);
    expect(signal.listenerCount()).toBe(0);
  });

  it("starts true by default", () => {
    expect(createFakeSignal().get()).toBe(true);
  });
});
