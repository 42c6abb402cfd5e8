import { describe, expect, it } from "vitest";
import { createSubscribable } from "./subscribable.js";

describe("createSubscribable", () => {
  it("runs onFirst for the first subscriber and onLast when the last one leaves", () => {
    const calls: string[] = [];
    const subscribable = createSubscribable({ onFirst: () => calls.push("first"), onLast: () => calls.push("last") });
    const stopA = subscribable.subscribe(() => {});
    const stopB = subscribable.subscribe(() => {});
    stopA();
    stopA();
    expect(calls).toEqual(["first"]);
    stopB();
    expect(calls).toEqual(["first", "last"]);
    subscribable.subscribe(() => {});
    expect(calls).toEqual(["first", "last", "first"]);
  });

  it("notifies every listener even when one throws, and rethrows that error on its own", async () => {
    const subscribable = createSubscribable({});
    const heard: string[] = [];
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on("uncaughtException", onError);
    subscribable.subscribe(() => {
      throw new Error("subscriber bug");
    });
    subscribable.subscribe(() => heard.push("second"));
    expect(() => subscribable.notify()).not.toThrow();
    expect(heard).toEqual(["second"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    process.off("uncaughtException", onError);
    expect(errors).toEqual([new Error("subscriber bug")]);
  });
});
