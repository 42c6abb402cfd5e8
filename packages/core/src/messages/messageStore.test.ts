import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MessageListener, Socket } from "../socket.js";
import { IDLE, type SocketState } from "../status.js";
import { createMessageStore } from "./messageStore.js";

// A stand-in socket with just what the store reads: a state to publish and messages to push.
function standIn() {
  let state: SocketState = IDLE;
  let listener: MessageListener | null = null;
  const subscribers = new Set<() => void>();
  const socket = {
    getSnapshot: () => state,
    getServerSnapshot: () => IDLE,
    subscribe(callback: () => void) {
      subscribers.add(callback);
      return () => subscribers.delete(callback);
    },
    onMessage(callback: MessageListener) {
      listener = callback;
      return () => {
        listener = null;
      };
    },
  } as unknown as Socket;
  return {
    socket,
    open() {
      state = Object.freeze({ ...state, status: "open", reason: "opened", openedAt: 1 });
      for (const callback of subscribers) callback();
    },
    message: (data: unknown) => listener?.(data, { data }),
    hasListener: () => listener !== null,
    subscriberCount: () => subscribers.size,
  };
}

describe("createMessageStore", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("adds the last message and its JSON to the socket's state, in one snapshot", () => {
    const fake = standIn();
    const store = createMessageStore<{ n: number }>(fake.socket);
    store.subscribe(() => {});
    fake.open();
    fake.message('{"n":1}');
    expect(store.getSnapshot()).toMatchObject({
      status: "open",
      lastMessage: '{"n":1}',
      lastJsonMessage: { n: 1 },
      messageCount: 1,
    });
    expect(store.getSnapshot()).toBe(store.getSnapshot());
  });

  it("keeps the last good JSON when a message does not parse, and reports it without throwing", () => {
    const fake = standIn();
    const reported: string[] = [];
    const store = createMessageStore(fake.socket, { onJsonError: (error) => reported.push(error.message) });
    store.subscribe(() => {});
    fake.message('{"ok":true}');
    expect(() => fake.message("{not json")).not.toThrow();
    const state = store.getSnapshot();
    expect(state.lastMessage).toBe("{not json");
    expect(state.lastJsonMessage).toEqual({ ok: true });
    expect(state.jsonError?.code).toBe("invalid-json");
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(
      /^\[@lifeline\/core\] A message was not valid JSON \(.+\); lastJsonMessage keeps the previous value\./,
    );
    fake.message('{"ok":false}');
    expect(store.getSnapshot()).toMatchObject({ lastJsonMessage: { ok: false }, jsonError: null });
  });

  it("leaves JSON alone with json: false", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket, { json: false });
    store.subscribe(() => {});
    fake.message('{"a":1}');
    expect(store.getSnapshot()).toMatchObject({ lastMessage: '{"a":1}', lastJsonMessage: null });
  });

  it("notifies once per message by default", () => {
    const fake = standIn();
    const eager = createMessageStore(fake.socket);
    let calls = 0;
    eager.subscribe(() => calls++);
    for (let index = 0; index < 100; index++) fake.message(String(index));
    expect(calls).toBe(100);
  });

  it("folds a burst into one notification per 16 ms with batch: true", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket, { batch: true });
    let calls = 0;
    store.subscribe(() => calls++);
    for (let index = 0; index < 100; index++) fake.message(String(index));
    expect(calls).toBe(0);
    vi.advanceTimersByTime(15);
    expect(calls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(1);
    expect(store.getSnapshot()).toMatchObject({ lastMessage: "99", messageCount: 100 });
  });

  it("throttles to one notification per window with a number, and always delivers the last message", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket, { batch: 50 });
    let calls = 0;
    store.subscribe(() => calls++);
    for (let index = 0; index < 10; index++) {
      fake.message(String(index));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(50);
    expect(calls).toBe(2);
    expect(store.getSnapshot().lastMessage).toBe("9");
  });

  it("rejects a batch option it does not understand", () => {
    expect(() => createMessageStore(standIn().socket, { batch: -1 as never })).toThrow(
      "[@lifeline/core] createMessageStore: options.batch is -1. Use false, true (16 ms) or a number of milliseconds above 0.",
    );
  });

  it("serves an idle snapshot without messages for server rendering", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket);
    store.subscribe(() => {});
    fake.message("x");
    expect(store.getServerSnapshot()).toMatchObject({ status: "idle", lastMessage: null, messageCount: 0 });
  });

  it("listens to the socket only while someone subscribes", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket);
    expect(fake.hasListener()).toBe(false);
    const stop = store.subscribe(() => {});
    expect(fake.hasListener()).toBe(true);
    expect(fake.subscriberCount()).toBe(1);
    stop();
    expect(fake.hasListener()).toBe(false);
    expect(fake.subscriberCount()).toBe(0);
  });

  it("lets go of the socket on dispose", () => {
    const fake = standIn();
    const store = createMessageStore(fake.socket, { batch: 100 });
    store.subscribe(() => {});
    fake.message("x");
    store.dispose();
    expect(fake.hasListener()).toBe(false);
    expect(fake.subscriberCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
