// tabs(): one connection shared by the tabs of a browser profile. Each "tab" here is a socket of its own in this
// process, as each tab has one; they talk over Node's real BroadcastChannel and elect with in-memory Web Locks, against
// a real `ws` server that counts connections and every message it receives (no de-duplication in between).
// Chromium's own Web Locks and BroadcastChannel, across real pages, are the e2e tests' part.

import { type FaultyServer, startFaultyServer } from "@lifeline/testing";
import { createFakeLocks, createFakeSignal } from "@lifeline/testing/fake";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { untilState } from "../__fixtures__/untilState.js";
import { closeReasons } from "../classify/closeReasons.js";
import { createSocket, type Socket } from "../index.js";
import { platform } from "../platform/platform.js";
import type { SocketOptions } from "../socketOptions.js";
import type { ChannelLike, LockManagerLike } from "./protocol.js";
import { type TabLifecycle, tabs } from "./tabs.js";
import { holdTopic, type Topic } from "./topics.js";

let server: FaultyServer | undefined;
const sockets: Socket[] = [];
let received: string[] = [];
const memoryLocksShared = createFakeLocks();

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  server = undefined;
  received = [];
});

async function serve(options: { echo?: boolean } = {}) {
  server = await startFaultyServer({ echo: options.echo ?? false, onMessage: (data) => void received.push(data) });
  return server;
}

/** Opens `count` tabs on one key, one after another, as a user opens tabs. */
function openTabs(count: number, locks: LockManagerLike, more: SocketOptions = {}): Socket[] {
  const opened = Array.from({ length: count }, () =>
    createSocket((server as FaultyServer).url, {
      environment: { WebSocket },
      reconnect: { backoff: { baseMs: 50 } },
      ...more,
      use: [...(more.use ?? []), tabs({ key: "user-1", locks })],
    }),
  );
  sockets.push(...opened);
  return opened;
}

const role = (socket: Socket) => socket.getSnapshot().tab?.role;
const leaderOf = (group: Socket[]) => group.find((socket) => role(socket) === "leader");
const untilAll = (group: Socket[], predicate: Parameters<typeof untilState>[1]) =>
  Promise.all(group.map((socket) => untilState(socket, predicate)));

/** Waits until one tab leads with an open connection and every other follows it, open too. */
async function untilShared(group: Socket[]) {
  await untilAll(group, (state) => state.status === "open" && state.tab?.tabs === group.length);
  expect(group.map(role).sort()).toEqual(["leader", ...Array(group.length - 1).fill("follower")].sort());
  return leaderOf(group) as Socket;
}

describe("tabs() against a real server", () => {
  it("five tabs hold one connection, and every tab says which part it plays", async () => {
    await serve();
    const group = openTabs(5, createFakeLocks());
    await untilShared(group);
    expect(server?.acceptedConnections).toBe(1);
    expect(server?.upgradeAttempts).toHaveLength(1);
  });

  it("a server message reaches every tab once, in order", async () => {
    await serve();
    const group = openTabs(5, createFakeLocks());
    await untilShared(group);
    const heard = group.map(() => [] as unknown[]);
    for (const [index, socket] of group.entries()) socket.onMessage((data) => void heard[index]?.push(String(data)));
    for (const message of ["m1", "m2", "m3"]) server?.broadcast(message);
    await vi.waitFor(() => expect(heard.every((list) => list.length === 3)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual(group.map(() => ["m1", "m2", "m3"]));
  });

  it("a send from each follower arrives once, in the order that tab sent", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const followers = group.filter((socket) => socket !== leader);
    const outcomes = followers.flatMap((socket, index) => [socket.send(`tab${index}-1`), socket.send(`tab${index}-2`)]);
    expect(outcomes).toEqual(["sent", "sent", "sent", "sent"]);
    expect(leader.send("leader-1")).toBe("sent");
    await vi.waitFor(() => expect(received).toHaveLength(5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...received].sort()).toEqual(["leader-1", "tab0-1", "tab0-2", "tab1-1", "tab1-2"]);
    for (const index of [0, 1]) {
      expect(received.indexOf(`tab${index}-1`)).toBeLessThan(received.indexOf(`tab${index}-2`));
    }
  });

  it("when the leader's app closes it, another tab takes over with one new connection, and nothing sent meanwhile is lost or doubled", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const followers = group.filter((socket) => socket !== leader);
    leader.close();
    // Sent while the tabs elect a new leader: held in the sending tab, sent once by whichever tab leads next.
    const outcomes = followers.map((socket, index) => socket.send(`during-${index}`));
    expect(outcomes.every((outcome) => outcome === "sent" || outcome === "queued")).toBe(true);
    await untilShared(followers);
    await vi.waitFor(() => expect(received).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...received].sort()).toEqual(["during-0", "during-1"]);
    expect(server?.acceptedConnections).toBe(2);
    expect(server?.openConnections).toBe(1);
    expect(leader.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called" });
  });

  it("a follower's close() leaves the shared connection as it is", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const [follower] = group.filter((socket) => socket !== leader) as [Socket];
    follower.close();
    expect(follower.getSnapshot()).toMatchObject({ status: "closed", reason: "close-called" });
    await untilState(leader, (state) => state.tab?.tabs === 2);
    expect(leader.getSnapshot().status).toBe("open");
    expect(server?.acceptedConnections).toBe(1);
  });

  it("one decision for all tabs: after a forbidden close no tab retries on its own, not even when the leader goes", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    server?.closeAll(4403, "forbidden");
    const closed = await untilAll(group, (state) => state.status === "closed");
    for (const state of closed) expect(state).toMatchObject({ reason: "retry-refused", lastClose: { code: 4403 } });
    leader.close();
    const followers = group.filter((socket) => socket !== leader);
    await untilState(followers[0] as Socket, () => followers.some((socket) => role(socket) === "leader"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server?.upgradeAttempts).toHaveLength(1);
    // A user who asks again, in any tab, gets one new connection for all of them.
    (followers.find((socket) => role(socket) === "follower") as Socket).connect();
    await untilShared(followers);
    expect(server?.upgradeAttempts).toHaveLength(2);
  });

  it("a rate limit carries over a handoff: the next leader waits out the time the server asked for", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks(), { use: [closeReasons()] });
    const leader = await untilShared(group);
    server?.closeAll(1008, "rate limit exceeded; retry-after=1");
    const waiting = await untilAll(group, (state) => state.status === "reconnecting");
    const retryAt = waiting[0]?.nextRetryAt as number;
    for (const state of waiting)
      expect(state).toMatchObject({ decision: { action: "after-hint" }, nextRetryAt: retryAt });
    leader.close();
    const followers = group.filter((socket) => socket !== leader);
    await untilShared(followers);
    expect(server?.upgradeAttempts).toHaveLength(2);
    expect(server?.upgradeAttempts[1]).toBeGreaterThanOrEqual(retryAt - 5);
  });

  it("a follower's reconnect() reconnects the shared connection once", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const [follower] = group.filter((socket) => socket !== leader) as [Socket];
    follower.reconnect();
    await vi.waitFor(() => expect(server?.upgradeAttempts).toHaveLength(2));
    await untilShared(group);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server?.upgradeAttempts).toHaveLength(2);
    expect(server?.openConnections).toBe(1);
  });
});

/** A page's lifecycle events, fired by the test. */
function fakeLifecycle(): TabLifecycle & {
  fire(type: "pagehide" | "pageshow" | "freeze" | "resume"): void;
  readonly listeners: number;
} {
  const listeners = new Set<(type: "pagehide" | "pageshow" | "freeze" | "resume") => void>();
  return {
    get listeners() {
      return listeners.size;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fire: (type) => {
      for (const listener of listeners) listener(type);
    },
  };
}

/** A tab that can hang: while `silent`, it neither says nor hears anything on the channel, as a frozen page. */
function muteable() {
  const state = { silent: false };
  const open = (name: string): ChannelLike => {
    const real = new BroadcastChannel(name);
    const channel: ChannelLike = {
      onmessage: null,
      postMessage: (message) => {
        if (!state.silent) real.postMessage(message);
      },
      close: () => real.close(),
    };
    real.onmessage = (event) => {
      if (!state.silent) channel.onmessage?.(event);
    };
    return channel;
  };
  return { state, open };
}

/** `count` tabs on one key, each with a page lifecycle the test fires. */
function pageTabs(count: number) {
  const locks = createFakeLocks();
  const pages = Array.from({ length: count }, () => fakeLifecycle());
  const group = pages.map((lifecycle) =>
    createSocket((server as FaultyServer).url, {
      environment: { WebSocket },
      use: [tabs({ key: "user-1", locks, lifecycle })],
    }),
  );
  sockets.push(...group);
  return { pages, group };
}

const topic = (name: string): Topic => ({ id: name, subscribe: `sub:${name}`, unsubscribe: `unsub:${name}` });
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
/** What the server received of one kind ("sub:" or "unsub:"), in order. */
const frames = (prefix: string) => received.filter((data) => data.startsWith(prefix));

describe("tabs() and the topics tabs hold (holdTopic)", () => {
  it("the server sees one subscribe per topic, whichever tabs hold it, and the unsubscribe when the last holder lets go", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const [first, second] = group.filter((socket) => socket !== leader) as [Socket, Socket];
    const releases = [leader, first, second, first].map((socket) => holdTopic(socket, topic("room-7")));
    const other = holdTopic(second, topic("room-8"));
    await vi.waitFor(() => expect(frames("sub:")).toEqual(["sub:room-7", "sub:room-8"]));
    // Every holder but one lets go, the leader's own included: the subscription stays.
    for (const release of releases.slice(0, 3)) release?.();
    releases[0]?.();
    await settle();
    expect(frames("unsub:")).toEqual([]);
    releases[3]?.();
    other?.();
    await vi.waitFor(() => expect(frames("unsub:")).toEqual(["unsub:room-7", "unsub:room-8"]));
    await settle();
    expect(frames("sub:")).toHaveLength(2);
    expect(frames("unsub:")).toHaveLength(2);
  });

  it("a tab that leaves takes its topics with it: the last holder's tab closing unsubscribes", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks());
    const leader = await untilShared(group);
    const [first, second] = group.filter((socket) => socket !== leader) as [Socket, Socket];
    holdTopic(first, topic("mine"));
    holdTopic(first, topic("shared"));
    holdTopic(second, topic("shared"));
    await vi.waitFor(() => expect(frames("sub:")).toHaveLength(2));
    first.close();
    await vi.waitFor(() => expect(frames("unsub:")).toEqual(["unsub:mine"]));
    await settle();
    expect(frames("unsub:")).toEqual(["unsub:mine"]);
  });

  it("each new connection subscribes every held topic once: after a drop, and after a handoff to the next leader", async () => {
    await serve();
    const group = openTabs(3, createFakeLocks(), { use: [closeReasons()] });
    const leader = await untilShared(group);
    const followers = group.filter((socket) => socket !== leader);
    holdTopic(leader, topic("leaders"));
    const releases = followers.map((socket) => holdTopic(socket, topic("everyone")));
    await vi.waitFor(() => expect([...frames("sub:")].sort()).toEqual(["sub:everyone", "sub:leaders"]));

    server?.dropAll();
    await vi.waitFor(() => expect(server?.acceptedConnections).toBe(2));
    await untilShared(group);
    await vi.waitFor(() => expect(frames("sub:")).toHaveLength(4));
    expect([...frames("sub:").slice(2)].sort()).toEqual(["sub:everyone", "sub:leaders"]);

    // The leader leaves with its own topic: the next leader's connection carries only what the others hold.
    leader.close();
    await untilShared(followers);
    await vi.waitFor(() => expect(frames("sub:")).toHaveLength(5));
    await settle();
    expect(frames("sub:").slice(4)).toEqual(["sub:everyone"]);
    expect(server?.acceptedConnections).toBe(3);
    // The next leader counted the other tab's hold too, announced to it as that tab followed.
    const next = leaderOf(followers);
    releases[followers.indexOf(next as Socket)]?.();
    await settle();
    expect(frames("unsub:")).toEqual([]);
    releases[1 - followers.indexOf(next as Socket)]?.();
    await vi.waitFor(() => expect(frames("unsub:")).toEqual(["unsub:everyone"]));
  });

  it("without sharing, holdTopic says so (undefined) for a socket without tabs(), and a tab alone subscribes on its own connection", async () => {
    await serve();
    const plain = createSocket((server as FaultyServer).url, { environment: { WebSocket } });
    sockets.push(plain);
    expect(holdTopic(plain, topic("x"))).toBeUndefined();
    // Node has no navigator.locks: each tab is alone, and holds its topics on its own connection.
    const group = [0, 1].map(() =>
      createSocket((server as FaultyServer).url, { environment: { WebSocket }, use: [tabs({ key: "user-1" })] }),
    );
    sockets.push(...group);
    const releases = group.map((socket) => holdTopic(socket, topic("solo")));
    await untilAll(group, (state) => state.status === "open");
    await vi.waitFor(() => expect(frames("sub:")).toEqual(["sub:solo", "sub:solo"]));
    releases[0]?.();
    await vi.waitFor(() => expect(frames("unsub:")).toEqual(["unsub:solo"]));
  });
});

describe("tabs() when the leader's page goes away", () => {
  it("frozen: the leader lets go and closes its connection, another tab takes over, and resumed it follows", async () => {
    await serve();
    const { pages, group } = pageTabs(3);
    const leader = await untilShared(group);
    const index = group.indexOf(leader);
    pages[index]?.fire("freeze");
    expect(leader.getSnapshot()).toMatchObject({ status: "paused", reason: "page-hidden" });
    const others = group.filter((socket) => socket !== leader);
    await untilShared(others);
    await vi.waitFor(() => expect(server?.acceptedConnections).toBe(2));
    await vi.waitFor(() => expect(server?.openConnections).toBe(1));
    expect(server?.acceptedConnections).toBe(2);
    pages[index]?.fire("resume");
    await untilShared(group);
    expect(role(leader)).toBe("follower");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server?.acceptedConnections).toBe(2);
    expect(server?.openConnections).toBe(1);
  });

  it("listens to the page from the first attempt until the app closes the socket", async () => {
    await serve();
    const lifecycle = fakeLifecycle();
    const socket = createSocket((server as FaultyServer).url, {
      environment: { WebSocket },
      autoConnect: false,
      use: [tabs({ key: "user-1", locks: createFakeLocks(), lifecycle })],
    });
    sockets.push(socket);
    expect(lifecycle.listeners).toBe(0);
    socket.connect();
    expect(lifecycle.listeners).toBe(1);
    await untilState(socket, (state) => state.status === "open");
    socket.close();
    expect(lifecycle.listeners).toBe(0);
    socket.connect();
    expect(lifecycle.listeners).toBe(1);
  });

  it("a follower whose app takes tabs() out of use makes a connection of its own", async () => {
    await serve();
    const locks = createFakeLocks();
    const options = (use: boolean) => ({
      environment: { WebSocket },
      use: use ? [tabs({ key: "user-1", locks, lifecycle: null })] : [],
    });
    const group = [0, 1].map(() => createSocket((server as FaultyServer).url, options(true)));
    sockets.push(...group);
    const leader = await untilShared(group);
    const [follower] = group.filter((socket) => socket !== leader) as [Socket];
    follower.setOptions(options(false));
    await vi.waitFor(() => expect(server?.acceptedConnections).toBe(2));
    const own = await untilState(follower, (state) => state.status === "open" && follower.webSocket !== null);
    expect(own.tab?.role).not.toBe("follower");
    expect(leader.getSnapshot()).toMatchObject({ status: "open", tab: { role: "leader" } });
  });

  it("into the back/forward cache and back: the same, with pagehide and pageshow", async () => {
    await serve();
    const { pages, group } = pageTabs(2);
    const leader = await untilShared(group);
    const [other] = group.filter((socket) => socket !== leader) as [Socket];
    pages[group.indexOf(leader)]?.fire("pagehide");
    await untilState(other, (state) => state.status === "open" && state.tab?.role === "leader");
    pages[group.indexOf(leader)]?.fire("pageshow");
    await untilShared(group);
    expect(role(leader)).toBe("follower");
    expect(server?.acceptedConnections).toBe(2);
  });

  it("silent without letting go (hung): after a few seconds the first follower in line takes the lock, and the old leader, back, drops its connection and follows", async () => {
    await serve();
    const locks = createFakeLocks();
    const hangs = [muteable(), muteable(), muteable()];
    const group = hangs.map(({ open }) =>
      createSocket((server as FaultyServer).url, {
        environment: { WebSocket },
        use: [tabs({ key: "user-1", locks, channel: open, lifecycle: null })],
      }),
    );
    sockets.push(...group);
    const leader = await untilShared(group);
    const hung = hangs[group.indexOf(leader)] as ReturnType<typeof muteable>;
    hung.state.silent = true;
    const silentAt = Date.now();
    const others = group.filter((socket) => socket !== leader);
    await untilState(others[0] as Socket, () => others.some((socket) => role(socket) === "leader"), 10_000);
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(3000);
    // The new leader connects, and the old one, which lost its lock, lets its connection go: one remains.
    await vi.waitFor(() => expect(server?.acceptedConnections).toBe(2));
    await vi.waitFor(() => expect(server?.openConnections).toBe(1));
    expect(role(leader)).not.toBe("leader");
    hung.state.silent = false;
    await untilShared(group);
    expect(server?.acceptedConnections).toBe(2);
  }, 20_000);
});

describe("tabs() and the other features", () => {
  it("only the leader's platform signals act: a follower that goes offline keeps mirroring the open connection", async () => {
    await serve();
    const signals = [createFakeSignal(true), createFakeSignal(true)];
    const group = signals.map((online) =>
      createSocket((server as FaultyServer).url, {
        environment: { WebSocket, online, visible: null, page: null },
        use: [platform(), tabs({ key: "user-1", locks: memoryLocksShared })],
      }),
    );
    sockets.push(...group);
    const leader = await untilShared(group);
    const followerIndex = group.findIndex((socket) => socket !== leader);
    signals[followerIndex]?.set(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(group[followerIndex]?.getSnapshot()).toMatchObject({ status: "open", tab: { role: "follower" } });
    // The leader's own signal does act, and every tab hears of it.
    signals[1 - followerIndex]?.set(false);
    await untilAll(group, (state) => state.status === "offline" || state.status === "reconnecting");
    expect(server?.acceptedConnections).toBe(1);
  });
});

describe("tabs() where the browser cannot share", () => {
  it("connects alone when the channel is refused (an opaque origin), instead of throwing from connect()", async () => {
    await serve();
    const refused = () => {
      throw new DOMException("Access to BroadcastChannel is denied.", "SecurityError");
    };
    const socket = createSocket((server as FaultyServer).url, {
      environment: { WebSocket },
      use: [tabs({ key: "user-1", locks: createFakeLocks(), channel: refused, lifecycle: null })],
    });
    sockets.push(socket);
    const open = await untilState(socket, (state) => state.status === "open");
    expect(open.tab).toEqual({ role: "alone", tabs: 1 });
  });

  it("connects alone when the lock request is refused (a SecurityError), instead of waiting to be elected", async () => {
    await serve();
    const refused: LockManagerLike = {
      request: () => Promise.reject(new DOMException("Web Locks are not allowed here.", "SecurityError")),
    };
    const group = [0, 1].map(() =>
      createSocket((server as FaultyServer).url, {
        environment: { WebSocket },
        use: [tabs({ key: "user-1", locks: refused, lifecycle: null })],
      }),
    );
    sockets.push(...group);
    const states = await untilAll(group, (state) => state.status === "open");
    for (const state of states) expect(state.tab).toEqual({ role: "alone", tabs: 1 });
    expect(server?.acceptedConnections).toBe(2);
  });

  it("keeps a connection per tab, and the snapshot says so", async () => {
    await serve();
    // Node has no navigator.locks: the same as an insecure context or an old browser.
    const group = [0, 1].map(() =>
      createSocket((server as FaultyServer).url, { environment: { WebSocket }, use: [tabs({ key: "user-1" })] }),
    );
    sockets.push(...group);
    const states = await untilAll(group, (state) => state.status === "open");
    for (const state of states) expect(state.tab).toEqual({ role: "alone", tabs: 1 });
    expect(server?.acceptedConnections).toBe(2);
  });
});
