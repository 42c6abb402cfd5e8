import { start } from "../attempt.js";
import type { Feature, Hooks } from "../feature.js";
import { act, enter, type Kernel } from "../kernel.js";
import { drop, dropped } from "../transport.js";
import { heardByFollower, sendThrough, watch } from "./follower.js";
import { demote, heardByLeader, lead, stateNote } from "./leader.js";
import type { ChannelLike, LockManagerLike, TabNote } from "./protocol.js";
import { join, keepQueued, leave, post, show, type Tab } from "./tab.js";
import { holdOwn, subscribeAll, taking } from "./topics.js";

// One connection for all the tabs of a browser profile (issue 22). The tabs that share a key elect a leader with a
// Web Lock, and only the leader's kernel connects. The others follow: their kernel stays inert (the kernel's `relay`
// makes this feature the only one it asks), their snapshot mirrors the leader's, the leader's messages reach their
// listeners over a BroadcastChannel, and their sends go out through the leader. The leader also shares the schedule
// behind its snapshot (which attempt of which kind, a refresh pending), so a tab that takes over goes on where the
// leader stopped: a handoff never starts the backoff over, and a refused sign-in is not tried again by the next tab.
// - tab.ts: a tab's record, the channel and the lock, joining and leaving;
// - leader.ts and follower.ts: what each role does; protocol.ts: what the tabs say to each other;
// - this file: the feature, its hooks into the kernel, and the page's lifecycle.

/** The page going away and coming back: `pagehide`/`pageshow` (the back/forward cache) and `freeze`/`resume`. */
export interface TabLifecycle {
  subscribe(onChange: (type: "pagehide" | "pageshow" | "freeze" | "resume") => void): () => void;
}

/** How tabs find each other. Only tabs whose sockets have the same key share a connection. */
export interface TabsOptions {
  /**
   * Whose connection this is. Put the signed-in user's id in it, so that two users signed in to one browser profile
   * never share one. The socket's URL, when it is a string, is added to it.
   */
  readonly key: string;
  /** The Web Locks API to elect with. @default navigator.locks */
  readonly locks?: LockManagerLike | undefined;
  /** Opens the channel the tabs talk on. @default (name) => new BroadcastChannel(name) */
  readonly channel?: ((name: string) => ChannelLike) | undefined;
  /** The page's lifecycle events. @default the window's and the document's, where there are some */
  readonly lifecycle?: TabLifecycle | null | undefined;
}

/** The browser's lifecycle events, read when a tab first takes part; none outside a page (a server render, Node). */
function pageLifecycle(): TabLifecycle | null {
  const scope = globalThis as { addEventListener?: unknown; document?: EventTarget };
  const { document } = scope;
  if (typeof scope.addEventListener !== "function" || !document) return null;
  const page = scope as unknown as EventTarget;
  return {
    subscribe(onChange) {
      const listeners = (["pagehide", "pageshow", "freeze", "resume"] as const).map((type) => {
        const target = type === "freeze" || type === "resume" ? document : page;
        const listener = (event: Event) => {
          // A pageshow that is not a restore is the page's first load: nothing to come back from.
          if (type !== "pageshow" || (event as PageTransitionEvent).persisted) onChange(type);
        };
        target.addEventListener(type, listener);
        return () => target.removeEventListener(type, listener);
      });
      return () => {
        for (const stop of listeners) stop();
      };
    },
  };
}

/**
 * The page goes into the back/forward cache, is closed or frozen: a leader lets go of the lock at once and closes its
 * connection (an open lock, channel or socket would also keep the page out of the cache), so another tab takes over
 * within moments; a follower stops following. Back from the cache or unfrozen, the tab takes part again.
 */
function onLifecycle(tab: Tab, type: "pagehide" | "pageshow" | "freeze" | "resume") {
  const { k } = tab;
  if (type === "pagehide" || type === "freeze") {
    if (tab.role === null || tab.role === "alone") return;
    leave(tab);
    drop(k, 1000);
    keepQueued(tab);
    enter(k, "paused", "page-hidden", null);
  } else if (tab.role === null && k.snapshot.status === "paused" && k.snapshot.reason === "page-hidden") {
    start(k, "page-restored");
  }
}

/**
 * Follows the page's lifecycle from the first attempt until the app closes the socket or takes the feature out: a
 * tab that stepped aside for the back/forward cache must hear `pageshow` to take part again.
 */
function followPage(tab: Tab, on: boolean) {
  tab.stopPage?.();
  tab.stopPage = null;
  if (!on) return;
  const { k } = tab;
  const lifecycle = tab.current()?.lifecycle;
  const source = lifecycle === undefined ? pageLifecycle() : lifecycle;
  tab.stopPage = source?.subscribe((type) => act(k, () => onLifecycle(tab, type))) ?? null;
}

/** This tab cannot share: it holds a connection of its own, and its topics on it. */
function alone(tab: Tab) {
  show(tab, "alone");
  holdOwn(tab);
}

function hooksOf(tab: Tab): Hooks {
  return {
    intercept(reason) {
      if (tab.role === null) {
        taking.add(tab);
        tab.wanted = reason;
        if (join(tab)) {
          if (!tab.stopPage) followPage(tab, true);
          // Nothing connects until the election says which tab will; the banner says "connecting" meanwhile.
          enter(tab.k, "connecting", reason, null);
          watch(tab);
          return true;
        }
        alone(tab);
        return false;
      }
      if (tab.role === "leader" || tab.role === "alone") return false;
      if (tab.role === "electing") tab.wanted = reason;
      else if (reason === "connect-called" || reason === "reconnect-called") {
        post(tab, { t: "call", from: tab.id, what: reason });
      }
      return true;
    },
    opened() {
      if (tab.role === "leader" || tab.role === "alone") subscribeAll(tab);
    },
    send: (data) => (tab.role === "follower" || tab.role === "electing" ? sendThrough(tab, data) : undefined),
    // This tab's app closed its socket: a leader hands the connection over now, before its closing handshake, and a
    // follower stops following. (A close that the leader's server decided is mirrored, and the tabs stay together.)
    close() {
      taking.delete(tab);
      followPage(tab, false);
      if (tab.role !== null && tab.role !== "alone") leave(tab);
      tab.role = null;
      // What no leader took yet goes as a queue goes at close(): kept, it would go out after a later connect(), and
      // twice when a leader had taken it and its acknowledgement came too late.
      for (const { data } of tab.outbox.splice(0)) dropped(tab.k, data, "closed");
    },
    // Taken out of `use` (setOptions): a leader keeps its connection as a socket of its own; a follower, which has
    // none, makes one.
    listen(on) {
      if (on || tab.current()) return;
      const { role } = tab;
      taking.delete(tab);
      followPage(tab, false);
      if (role !== null && role !== "alone") leave(tab);
      tab.role = null;
      if (role === "follower" || role === "electing") act(tab.k, () => start(tab.k, "retry-timer"));
    },
  };
}

// Numbers the sockets of this page, so that two of them never take the same id (tests run several in one page).
let created = 0;

function startTab(k: Kernel, current: () => TabsOptions | undefined): Hooks {
  const hooks: Hooks = {};
  const tab: Tab = {
    k,
    current,
    id: `${++created}.${k.env.now().toString(36)}.${k.env.random().toString(36).slice(2)}`,
    hooks,
    alone: [hooks],
    role: null,
    leader: null,
    line: [],
    channel: null,
    stopElection: null,
    release: null,
    wanted: "connect-called",
    schedule: null,
    seq: 0,
    outbox: [],
    followers: new Set(),
    taken: new Map(),
    held: new Map(),
    topics: new Map(),
    timer: null,
    stopPage: null,
    elected: (release) => act(k, () => lead(tab, release)),
    demoted: () => act(k, () => demote(tab)),
    refused: () =>
      act(k, () => {
        leave(tab);
        alone(tab);
        start(k, tab.wanted);
      }),
    heard: (note: TabNote) => act(k, () => (tab.role === "leader" ? heardByLeader : heardByFollower)(tab, note)),
    broadcast: () => post(tab, stateNote(tab, k)),
    relayMessage: (data) => post(tab, { t: "msg", from: tab.id, d: data }),
  };
  Object.assign(tab.hooks, hooksOf(tab));
  return tab.hooks;
}

/**
 * One connection for all the tabs of this browser profile that use the same `key` (and URL): `use: [browser(),
 * tabs({ key: user.id })]`. One tab holds the WebSocket; every other tab's socket mirrors its state, receives its
 * messages and sends through it, and one of them takes over when it goes. Where the browser cannot share (no Web
 * Locks or BroadcastChannel), each tab keeps its own connection and its snapshot says `tab.role: "alone"`.
 */
export function tabs(options: TabsOptions): Feature<TabsOptions> {
  return { name: "tabs", settings: options, start: startTab };
}
