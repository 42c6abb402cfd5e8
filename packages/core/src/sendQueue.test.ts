import { describe, expect, it } from "vitest";
import { createSendQueue } from "./sendQueue.js";

describe("createSendQueue", () => {
  it("keeps order through wrap-around", () => {
    const queue = createSendQueue<number>({ maxSize: 3 });
    queue.push(1);
    queue.push(2);
    expect(queue.shift()).toBe(1);
    queue.push(3);
    queue.push(4);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([2, 3, 4, undefined]);
  });

  it("rejects when full, by default, with an error that says what to do, and keeps what it had", () => {
    const queue = createSendQueue<string>({ maxSize: 2 });
    queue.push("a");
    queue.push("b");
    expect(() => queue.push("c")).toThrow(
      '[@lifeline/core] send() found the queue full (2 messages) while the socket is not open. Wait for status "open", raise queue.maxSize, or use queue.overflow "drop-oldest".',
    );
    expect([queue.shift(), queue.shift()]).toEqual(["a", "b"]);
  });

  it("drops the oldest and hands it back with drop-oldest", () => {
    const queue = createSendQueue<string>({ maxSize: 2, overflow: "drop-oldest" });
    queue.push("a");
    queue.push("b");
    expect(queue.push("c")).toBe("a");
    expect(queue.size).toBe(2);
    expect([queue.shift(), queue.shift()]).toEqual(["b", "c"]);
  });

  it("holds 100 messages by default", () => {
    const queue = createSendQueue<number>();
    for (let index = 0; index < 100; index++) queue.push(index);
    expect(() => queue.push(100)).toThrow(/queue full \(100 messages\)/);
  });

  it("puts a message back at the front and clears everything, saying how much", () => {
    const queue = createSendQueue<string>({ maxSize: 3 });
    queue.push("b");
    queue.unshift("a");
    expect(queue.shift()).toBe("a");
    queue.push("c");
    expect(queue.clear()).toBe(2);
    expect(queue.size).toBe(0);
  });
});
