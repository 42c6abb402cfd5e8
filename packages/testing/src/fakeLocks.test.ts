import { describe, expect, it } from "vitest";
import { createFakeLocks } from "./fakeLocks.js";

/** A scheduler the test runs by hand: the grants wait in it until `run()`. */
function manual() {
  const tasks: (() => void)[] = [];
  return {
    later: (task: () => void) => void tasks.push(task),
    get pending() {
      return tasks.length;
    },
    // Runs what is due, and what that leads to once its promises settled.
    async run() {
      for (let index = 0; index < 10; index++) await Promise.resolve();
      for (let task = tasks.shift(); task; task = tasks.shift()) {
        task();
        for (let index = 0; index < 10; index++) await Promise.resolve();
      }
    },
  };
}

describe("createFakeLocks", () => {
  it("grants one request at a time, in the order they were made, each on a task of the given scheduler", async () => {
    const scheduler = manual();
    const locks = createFakeLocks({ later: scheduler.later });
    const order: string[] = [];
    const releases: (() => void)[] = [];
    for (const name of ["a", "b"]) {
      void locks.request("lock", {}, () => {
        order.push(name);
        return new Promise<void>((release) => releases.push(release));
      });
    }
    expect(order).toEqual([]);
    expect(scheduler.pending).toBe(1);
    await scheduler.run();
    expect(order).toEqual(["a"]);
    releases[0]?.();
    await scheduler.run();
    expect(order).toEqual(["a", "b"]);
  });

  it("takes an aborted request out of the queue, and rejects it with an AbortError", async () => {
    const scheduler = manual();
    const locks = createFakeLocks({ later: scheduler.later });
    const order: string[] = [];
    let release = () => {};
    void locks.request("lock", {}, () => {
      order.push("holder");
      return new Promise<void>((done) => {
        release = done;
      });
    });
    const abort = new AbortController();
    const waiting = locks.request("lock", { signal: abort.signal }, async () => void order.push("aborted"));
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await scheduler.run();
    release();
    await scheduler.run();
    expect(order).toEqual(["holder"]);
  });

  it("steal: the holder's request rejects with an AbortError and the thief is granted next, before those in line", async () => {
    const scheduler = manual();
    const locks = createFakeLocks({ later: scheduler.later });
    const order: string[] = [];
    const holder = locks.request("lock", {}, () => {
      order.push("holder");
      return new Promise<void>(() => {});
    });
    await scheduler.run();
    void locks.request("lock", {}, async () => void order.push("in line"));
    void locks.request("lock", { steal: true }, async () => void order.push("thief"));
    await expect(holder).rejects.toMatchObject({ name: "AbortError" });
    await scheduler.run();
    expect(order).toEqual(["holder", "thief", "in line"]);
  });

  it("steal before the holder's grant reached it: the holder's callback still runs, then its request rejects", async () => {
    const scheduler = manual();
    const locks = createFakeLocks({ later: scheduler.later });
    const order: string[] = [];
    const holder = locks.request("lock", {}, () => {
      order.push("holder");
      return new Promise<void>(() => {});
    });
    void holder.catch(() => order.push("holder rejected"));
    void locks.request("lock", { steal: true }, async () => void order.push("thief"));
    await scheduler.run();
    expect(order).toEqual(["holder", "holder rejected", "thief"]);
  });

  it("grants on a timer by default", async () => {
    const locks = createFakeLocks();
    await expect(locks.request("lock", {}, async () => {})).resolves.toBeUndefined();
  });
});
