import type { Hooks } from "../feature.js";
import { isActive, type Kernel, set } from "../kernel.js";
import type { MessageListener, SendData } from "../sendTypes.js";
import type { StatusReason, TabRole } from "../status.js";
import { type ChannelLike, channelName, type LockManagerLike, type TabNote, type TabSchedule } from "./protocol.js";
import type { TabsOptions } from "./tabs.js";
import type { Topic } from "./topics.js";

// One tab's part in the shared connection, and how it takes part: the channel, the lock, and stepping aside.
// leader.ts and follower.ts hold what each role does; tabs.ts makes the record and wires it to the kernel.

export type Role = TabRole["role"];

/** How long a leader goes between two notes to the tabs: the followers' sign that it still runs. */
export const BEAT_MS = 1000;
/** A leader unheard this long has gone silent without letting go (frozen, hung): the first follower in line takes over. */
export const SILENT_MS = 3500;

export interface Tab {
  readonly k: Kernel;
  readonly current: () => TabsOptions | undefined;
  readonly id: string;
  readonly hooks: Hooks;
  // The kernel's relay while this tab does not hold the connection: its hooks, alone.
  readonly alone: readonly Hooks[];
  role: Role | null;
  // The tab this one follows, and the followers it last listed: their order says who takes over a silent leader.
  leader: string | null;
  line: readonly string[];
  channel: ChannelLike | null;
  // Ends this tab's lock request, or lets go of the lock it holds.
  stopElection: (() => void) | null;
  release: (() => void) | null;
  // The app's reason for the attempt that waits for the election.
  wanted: StatusReason;
  // The leader's schedule, as last heard.
  schedule: TabSchedule | null;
  // This tab's sends that no leader has taken yet, in order; numbered, so that a leader takes each one once.
  seq: number;
  outbox: { readonly seq: number; readonly data: SendData }[];
  // The leader's: the tabs that follow it, and the number of the last send it took from each. The numbers outlive
  // this tab's time as leader: a follower that hung may send again, to this tab leading anew, what it took before.
  readonly followers: Set<string>;
  readonly taken: Map<string, number>;
  // The topics this tab's app holds, with how many times each (topics.ts); and, while this tab holds the connection,
  // which tabs hold each topic on it.
  readonly held: Map<string, { readonly topic: Topic; n: number }>;
  readonly topics: Map<string, { readonly topic: Topic; readonly by: Set<string> }>;
  // The leader's beat, or a follower's watch for a silent leader.
  timer: unknown;
  // Stops following the page's lifecycle events.
  stopPage: (() => void) | null;
  // Wired by tabs.ts: what this tab does when elected, when its lock is stolen while it leads, when it may not ask for
  // the lock at all, and with what another tab said.
  readonly elected: (release: () => void) => void;
  readonly demoted: () => void;
  readonly refused: () => void;
  readonly heard: (note: TabNote) => void;
  // The leader's subscriber and message listener, which tell the followers.
  readonly broadcast: () => void;
  readonly relayMessage: MessageListener;
}

export const post = (tab: Tab, note: TabNote) => tab.channel?.postMessage(note);

/** Says in the snapshot which part this tab plays. */
export function show(tab: Tab, role: Role, tabs = role === "leader" ? tab.followers.size + 1 : 1) {
  tab.role = role;
  set(tab.k, { tab: { role, tabs } });
}

/** The other features listen to the platform only while this tab holds the connection. */
export function others(tab: Tab, on: boolean) {
  if (!isActive(tab.k.snapshot.status)) return;
  for (const part of tab.k.hooks) if (part !== tab.hooks) part.listen?.(on);
}

export function setTimer(tab: Tab, ms: number | null, fire: () => void) {
  const { env } = tab.k;
  if (tab.timer !== null) env.clearTimeout(tab.timer);
  tab.timer = ms === null ? null : env.setTimeout(fire, ms);
}

const locksOf = (settings: TabsOptions) =>
  settings.locks ?? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

/**
 * Asks for the lock; `steal` takes it from a leader that went silent. Elected, the tab leads; a lock stolen from it
 * while it led (it was frozen or hung, and another tab took over) makes it a follower again.
 */
export function requestLock(tab: Tab, steal = false) {
  const settings = tab.current();
  const locks = settings && locksOf(settings);
  if (!settings || !locks) return;
  tab.stopElection?.();
  const abort = new AbortController();
  let held = false;
  tab.stopElection = () => abort.abort();
  const callback = () =>
    new Promise<void>((release) => {
      // Granted for a request this tab gave up (it left, or asked again since): a frozen page hears of a grant only
      // when it runs again, by which time it may have joined anew. Leading on it would start from nothing it heard.
      if (abort.signal.aborted) return release();
      held = true;
      tab.elected(release);
    });
  const options = steal ? { steal: true } : { signal: abort.signal };
  locks.request(channelName(settings.key, tab.k.url), options, callback).catch(() => {
    // Stolen while held: the tab follows. Aborted before it was granted: the tab left, nothing to do. Refused
    // outright (a SecurityError where the page may not use locks): the tab cannot share, so it connects alone.
    if (held) {
      if (tab.role === "leader") tab.demoted();
    } else if (!abort.signal.aborted && tab.channel) tab.refused();
  });
}

/** Takes part: opens the channel and asks for the lock. False when this browser cannot share. */
export function join(tab: Tab): boolean {
  const settings = tab.current();
  const open =
    settings?.channel ??
    (typeof BroadcastChannel === "function" ? (name: string) => new BroadcastChannel(name) as ChannelLike : null);
  if (!settings || !locksOf(settings) || !open) return false;
  let channel: ChannelLike;
  try {
    channel = open(channelName(settings.key, tab.k.url));
  } catch {
    // A page of an opaque origin (a sandboxed iframe) is refused a channel: it cannot share, so it connects alone.
    return false;
  }
  tab.channel = channel;
  channel.onmessage = (event) => tab.channel === channel && tab.heard(event.data as TabNote);
  requestLock(tab);
  tab.k.relay = tab.alone;
  show(tab, "electing");
  post(tab, { t: "hello", from: tab.id });
  return true;
}

/**
 * This tab's connection goes (its lock was stolen, its page hidden): what its queue still holds goes through whichever
 * tab leads next, as this tab's sends. Left in the queue, it would wait for this tab to lead again.
 */
export function keepQueued(tab: Tab) {
  const { k } = tab;
  for (const data of k.queue.splice(0)) tab.outbox.push({ seq: ++tab.seq, data });
  set(k, { queued: 0 });
}

/** Stops taking part. A leader lets go of the lock, so that another tab takes over at once. */
export function leave(tab: Tab) {
  const { k } = tab;
  post(tab, { t: tab.role === "leader" ? "bye" : "leave", from: tab.id });
  tab.stopElection?.();
  tab.release?.();
  tab.channel?.close();
  tab.channel = tab.stopElection = tab.release = null;
  setTimer(tab, null, () => {});
  tab.role = tab.leader = null;
  // No part in a shared connection any more.
  set(k, { tab: undefined });
  if (k.relay === tab.alone) k.relay = null;
  k.subscribers.delete(tab.broadcast);
  k.listeners = k.listeners.filter((listener) => listener !== tab.relayMessage);
  tab.followers.clear();
  tab.topics.clear();
}
