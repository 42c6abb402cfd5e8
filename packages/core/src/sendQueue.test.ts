import { describe, expect, it } from "vitest";
import { enqueue, FULL } from "./sendQueue.js";

describe("enqueue", () => {
  it("keeps order, first in first out", () => {
    const queue: number[] = [];
    for (const item of [1, 2, 3]) enqueue(queue, item, { maxSize: 3 });
    expect(queue.shift()).toBe(1);
    enqueue(queue, 4, { maxSize: 3 });
    expect(queue).toEqual([2, 3, 4]);
  });

  it("refuses when full, by default, and keeps what it had", () => {
    const queue = ["a", "b"];
    expect(enqueue(queue, "c", { maxSize: 2 })).toBe(FULL);
    expect(queue).toEqual(["a", "b"]);
  });

  it("drops the oldest and hands it back with drop-oldest", () => {
    const queue = ["a", "b"];
    expect(enqueue(queue, "c", { maxSize: 2, overflow: "drop-oldest" })).toBe("a");
    expect(queue).toEqual(["b", "c"]);
  });

  it("holds 100 messages by default", () => {
    const queue: number[] = [];
    for (let index = 0; index < 100; index++) enqueue(queue, index);
    expect(enqueue(queue, 100)).toBe(FULL);
    expect(queue).toHaveLength(100);
  });

  it("rejects every message with a size of 0, even with drop-oldest", () => {
    const queue: string[] = [];
    expect(enqueue(queue, "a", { maxSize: 0, overflow: "drop-oldest" })).toBe(FULL);
    expect(queue).toEqual([]);
  });
});
