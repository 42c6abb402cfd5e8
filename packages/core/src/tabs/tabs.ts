import { connectCalled, start } from "../attempt.js";
import type { Feature, Hooks } from "../feature.js";
import { act, enter, isActive, type Kernel, set } from "../kernel.js";
import { DEFAULT_QUEUE_SIZE } from "../sendQueue.js";
import type { MessageListener, SendData, SendOutcome } from "../sendTypes.js";
import type { SocketState, StatusReason, TabRole } from "../status.js";
import { receive, send } from "../transport.js";
import { type ChannelLike, channelName, type LockManagerLike, type TabNote, type TabSchedule } from "./protocol.js";

// One connection for all the tabs of a browser profile (issue 22). The tabs that share a key elect a leader with a
// Web Lock, and only the leader's kernel connects. The others follow: their kernel stays inert (the kernel's `relay`
// makes this feature the only one it asks), their snapshot mirrors the leader's, the leader's messages reach their
// listeners over a BroadcastChannel, and their sends go out through the leader. The leader also shares the schedule
// behind its snapshot (which attempt of which kind, a refresh pending), so a tab that takes over goes on where the
// leader stopped: a handoff never starts the backoff over, and a refused sign-in is not tried again by the next tab.
// protocol.ts has what the tabs say to each other.

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
}

type Role = TabRole["role"];

// Numbers the sockets of this page, so that two of them never take the same id (tests run several in one page).
let tabs_ = 0;

/** One tab's part in the shared connection, for one socket. */
interface Tab {
  readonly k: Kernel;
  readonly current: () => TabsOptions | undefined;
  readonly id: string;
  readonly hooks: Hooks;
  role: Role | null;
  // The tab this one follows.
  leader: string | null;
  channel: ChannelLike | null;
  stopElection: (() => void) | null;
  release: (() => void) | null;
  // The app's reason for the attempt that waits for the election.
  wanted: StatusReason;
  // The leader's schedule, as last heard (TabNote "state").
  schedule: TabSchedule | null;
  // This tab's sends that no leader has taken yet, in order; numbered, so that a leader takes each one once.
  seq: number;
  outbox: { readonly seq: number; readonly data: SendData }[];
  // The leader's: the tabs that follow it, and the number of the last send it took from each.
  readonly followers: Set<string>;
  readonly taken: Map<string, number>;
  // The leader's subscriber and message listener, which tell the followers.
  readonly broadcast: () => void;
  readonly relayMessage: MessageListener;
}

const post = (tab: Tab, note: TabNote) => tab.channel?.postMessage(note);

/** Says in the snapshot which part this tab plays. */
function show(tab: Tab, role: Role, tabs = role === "leader" ? tab.followers.size + 1 : 1) {
  tab.role = role;
  set(tab.k, { tab: { role, tabs } });
}

/** Takes part: opens the channel and asks for the lock. False when this browser cannot share. */
function join(tab: Tab): boolean {
  const { k } = tab;
  const settings = tab.current();
  const locks = settings?.locks ?? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  const open =
    settings?.channel ??
    (typeof BroadcastChannel === "function" ? (name: string) => new BroadcastChannel(name) as ChannelLike : null);
  if (!settings || !locks || !open) return false;
  const name = channelName(settings.key, k.url);
  const channel = open(name);
  tab.channel = channel;
  channel.onmessage = (event) => act(k, () => tab.channel === channel && heard(tab, event.data as TabNote));
  const abort = new AbortController();
  tab.stopElection = () => abort.abort();
  const elected = () => new Promise<void>((release) => act(k, () => lead(tab, release)));
  locks.request(name, { signal: abort.signal }, elected).catch(() => {
    // Aborted: the tab left before it was elected.
  });
  k.relay = tab.hooks;
  show(tab, "electing");
  post(tab, { t: "hello", from: tab.id });
  return true;
}

/** Stops taking part. A leader lets go of the lock, so that another tab takes over at once. */
function leave(tab: Tab) {
  const { k } = tab;
  post(tab, { t: tab.role === "leader" ? "bye" : "leave", from: tab.id });
  tab.stopElection?.();
  tab.release?.();
  tab.channel?.close();
  tab.channel = tab.stopElection = tab.release = null;
  tab.role = null;
  if (k.relay === tab.hooks) k.relay = null;
  k.subscribers.delete(tab.broadcast);
  k.listeners = k.listeners.filter((listener) => listener !== tab.relayMessage);
  tab.followers.clear();
  tab.taken.clear();
}

/** The other features listen to the platform only while this tab holds the connection. */
function others(tab: Tab, on: boolean) {
  if (!isActive(tab.k.snapshot.status)) return;
  for (const part of tab.k.hooks) if (part !== tab.hooks) part.listen?.(on);
}

/**
 * Elected: this tab holds the connection now. It goes on with the schedule it mirrored (a retry keeps its time and
 * its count; a refresh pending is done with this tab's credentials), sends what its app queued, and tells the tabs.
 */
function lead(tab: Tab, release: () => void) {
  const { k } = tab;
  if (!tab.channel) return release();
  tab.release = release;
  k.relay = null;
  show(tab, "leader");
  others(tab, true);
  k.subscribers.set(tab.broadcast, k.snapshot);
  k.listeners = [...k.listeners, tab.relayMessage];
  const { schedule } = tab;
  if (schedule) {
    k.pending = schedule.pending === "refreshing" ? "refresh" : schedule.pending;
    k.kind = schedule.kind;
    k.kindAttempts = schedule.kindAttempts;
    k.refreshed = schedule.refreshed;
  }
  const { status, nextRetryAt } = k.snapshot;
  if (status === "reconnecting") k.arm(Math.max(0, (nextRetryAt ?? 0) - k.env.now()));
  else if (status !== "closed") start(k, schedule ? "retry-timer" : tab.wanted);
  const queued = tab.outbox.splice(0);
  for (const { data } of queued) send(k, data);
  tab.broadcast();
}

/** Another tab leads: mirror it, and hand it what this tab's app sent meanwhile. */
function follow(tab: Tab, from: string) {
  if (tab.role !== "follower") others(tab, false);
  tab.k.relay = tab.hooks;
  tab.role = "follower";
  tab.leader = from;
  post(tab, { t: "hello", from: tab.id });
  for (const { seq, data } of tab.outbox) post(tab, { t: "send", from: tab.id, seq, d: data });
}

// A mirrored close or decision is a copy: keep the one in place when it says the same, so that a subscriber that
// compares by identity does not render again.
const same = (a: unknown, b: unknown) =>
  a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

function mirror(tab: Tab, state: SocketState, followers: number) {
  const { k } = tab;
  const { lastClose, decision } = k.snapshot;
  set(k, {
    ...state,
    lastClose: same(state.lastClose, lastClose) ? lastClose : state.lastClose,
    decision: same(state.decision, decision) ? decision : state.decision,
    tab: { role: "follower", tabs: followers },
  });
}

/** What another tab said. */
function heard(tab: Tab, note: TabNote) {
  const { k } = tab;
  if (tab.role === "leader") return heardByLeader(tab, note);
  if (note.t === "state") {
    if (tab.leader !== note.from) follow(tab, note.from);
    tab.schedule = note.m;
    mirror(tab, note.s, note.n);
  } else if (note.from !== tab.leader) return;
  else if (note.t === "msg") receive(k, { data: note.d });
  else if (note.t === "ack" && note.to === tab.id) tab.outbox = tab.outbox.filter(({ seq }) => seq > note.seq);
  else if (note.t === "bye") {
    // The leader left: one of the tabs waiting for the lock gets it; until then, this one waits too.
    tab.leader = null;
    show(tab, "electing");
  }
}

function heardByLeader(tab: Tab, note: TabNote) {
  const { k } = tab;
  if (note.t === "hello") {
    tab.followers.add(note.from);
    show(tab, "leader");
    tab.broadcast();
  } else if (note.t === "leave") {
    tab.followers.delete(note.from);
    tab.taken.delete(note.from);
    show(tab, "leader");
  } else if (note.t === "send") {
    tab.followers.add(note.from);
    if (note.seq > (tab.taken.get(note.from) ?? 0)) {
      tab.taken.set(note.from, note.seq);
      send(k, note.d);
    }
    post(tab, { t: "ack", from: tab.id, to: note.from, seq: note.seq });
  } else if (note.t === "call") {
    if (note.what === "reconnect-called") start(k, note.what);
    else connectCalled(k);
  }
}

/** A follower's send: it goes to the leader, or waits in this tab until there is one. */
function sendThrough(tab: Tab, data: SendData): SendOutcome {
  const { status } = tab.k.snapshot;
  if (status === "closed" || status === "closing") return "closed";
  if (tab.outbox.length >= (tab.k.options.queue?.maxSize ?? DEFAULT_QUEUE_SIZE)) return "full";
  const seq = ++tab.seq;
  tab.outbox.push({ seq, data });
  if (tab.role !== "follower") return "queued";
  post(tab, { t: "send", from: tab.id, seq, d: data });
  return status === "open" ? "sent" : "queued";
}

function hooksOf(tab: Tab): Hooks {
  return {
    intercept(reason) {
      if (tab.role === null) {
        tab.wanted = reason;
        if (join(tab)) {
          // Nothing connects until the election says which tab will; the banner says "connecting" meanwhile.
          enter(tab.k, "connecting", reason, null);
          return true;
        }
        show(tab, "alone");
        return false;
      }
      if (tab.role === "leader" || tab.role === "alone") return false;
      if (tab.role === "electing") tab.wanted = reason;
      else if (reason === "connect-called" || reason === "reconnect-called") {
        post(tab, { t: "call", from: tab.id, what: reason });
      }
      return true;
    },
    send: (data) => (tab.role === "follower" || tab.role === "electing" ? sendThrough(tab, data) : undefined),
    // This tab's app closed its socket: a leader hands the connection over now, before its closing handshake, and a
    // follower stops following. (A close that the leader's server decided is mirrored, and the tabs stay together.)
    close() {
      if (tab.role !== null) leave(tab);
    },
    // Taken out of `use`.
    listen(on) {
      if (!on && tab.role !== null && !tab.current()) leave(tab);
    },
  };
}

function startTab(k: Kernel, current: () => TabsOptions | undefined): Hooks {
  const tab: Tab = {
    k,
    current,
    id: `${++tabs_}.${k.env.now().toString(36)}.${k.env.random().toString(36).slice(2)}`,
    hooks: {},
    role: null,
    leader: null,
    channel: null,
    stopElection: null,
    release: null,
    wanted: "connect-called",
    schedule: null,
    seq: 0,
    outbox: [],
    followers: new Set(),
    taken: new Map(),
    broadcast() {
      const { snapshot, pending, kind, kindAttempts, refreshed } = k;
      const m = { pending, kind, kindAttempts, refreshed };
      post(tab, { t: "state", from: tab.id, s: snapshot, m, n: tab.followers.size + 1 });
    },
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
