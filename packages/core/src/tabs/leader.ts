import { connectCalled, start } from "../attempt.js";
import { type Kernel, set } from "../kernel.js";
import { drop, send } from "../transport.js";
import { watch } from "./follower.js";
import type { TabNote } from "./protocol.js";
import { BEAT_MS, keepQueued, others, post, requestLock, setTimer, show, type Tab } from "./tab.js";
import { free, holdOwn, take } from "./topics.js";

// What the leader does: it holds the connection, tells the followers its state (at each change, and every BEAT_MS
// so they know it runs), relays each message, and sends what they send, each send once.

/**
 * Elected: this tab holds the connection now. It goes on with the schedule it mirrored (a retry keeps its time and
 * its count; a refresh pending is done with this tab's credentials), sends what its app queued, and tells the tabs.
 */
export function lead(tab: Tab, release: () => void) {
  const { k } = tab;
  // Left before the lock came: let it go at once.
  if (!tab.channel) return release();
  tab.release = release;
  k.relay = null;
  show(tab, "leader");
  others(tab, true);
  k.subscribers.set(tab.broadcast, k.snapshot);
  k.listeners = [...k.listeners, tab.relayMessage];
  holdOwn(tab);
  resume(tab);
  for (const { data } of tab.outbox.splice(0)) send(k, data);
  beat(tab);
}

function resume(tab: Tab) {
  const { k, schedule } = tab;
  if (schedule) {
    k.pending = schedule.pending === "refreshing" ? "refresh" : schedule.pending;
    k.kind = schedule.kind;
    k.kindAttempts = schedule.kindAttempts;
    k.refreshed = schedule.refreshed;
  }
  const { status, nextRetryAt } = k.snapshot;
  if (status === "reconnecting") k.arm(Math.max(0, (nextRetryAt ?? 0) - k.env.now()));
  // A refused connection stays refused: no tab tries again on its own.
  else if (status !== "closed") start(k, schedule ? "retry-timer" : tab.wanted);
}

/** The leader's state for the followers, now, and again after BEAT_MS: their sign that it still runs. */
function beat(tab: Tab) {
  tab.broadcast();
  setTimer(tab, BEAT_MS, () => beat(tab));
}

/** The state note: the snapshot, the schedule behind it, and the followers in the order they would take over. */
export function stateNote(tab: Tab, k: Kernel): TabNote {
  const { snapshot: s, pending, kind, kindAttempts, refreshed } = k;
  const line = [...tab.followers];
  return { t: "state", from: tab.id, s, m: { pending, kind, kindAttempts, refreshed }, n: line.length + 1, line };
}

export function heardByLeader(tab: Tab, note: TabNote) {
  const { k } = tab;
  if (note.t === "hello" || note.t === "send") {
    const known = tab.followers.has(note.from);
    tab.followers.add(note.from);
    if (!known) show(tab, "leader");
    if (note.t === "hello") tab.broadcast();
  }
  if (note.t === "leave") {
    // Its `taken` stays: a tab that comes back keeps its id and its numbers, and sends again what it did not hear
    // acknowledged before it left.
    tab.followers.delete(note.from);
    for (const id of [...tab.topics.keys()]) free(tab, note.from, id);
    show(tab, "leader");
  } else if (note.t === "hold") take(tab, note.from, note.topic);
  else if (note.t === "free") free(tab, note.from, note.id);
  else if (note.t === "send") {
    // Taken only when it goes out at once: queued here, it would be lost with this tab's connection (the page
    // frozen, the lock stolen) after the sender had forgotten it. Until then the sender keeps it and sends it again.
    if (k.snapshot.status !== "open" || note.to !== tab.id) return;
    const last = Math.max(tab.taken.get(note.from) ?? 0, note.head - 1);
    // An older one has not reached this tab yet (it was left while closed): it comes again, and this one after it.
    if (note.seq > last + 1) return;
    if (note.seq === last + 1) {
      tab.taken.set(note.from, note.seq);
      send(k, note.d);
    }
    post(tab, { t: "ack", from: tab.id, to: note.from, seq: note.seq });
  } else if (note.t === "call") {
    if (note.what === "reconnect-called") start(k, note.what);
    else connectCalled(k);
  }
}

/**
 * Another tab took the lock while this one was frozen or hung: it follows now. Its connection goes at once, so that
 * two tabs hold one only as long as the closing handshake takes.
 */
export function demote(tab: Tab) {
  const { k } = tab;
  k.arm(null);
  drop(k, 1000);
  keepQueued(tab);
  k.subscribers.delete(tab.broadcast);
  k.listeners = k.listeners.filter((listener) => listener !== tab.relayMessage);
  setTimer(tab, null, () => {});
  tab.release = null;
  tab.followers.clear();
  tab.topics.clear();
  others(tab, false);
  k.relay = tab.alone;
  show(tab, "electing");
  // Its own schedule is the latest this tab knows: should the lock come back before another tab's state does, it
  // goes on with it (a retry waits for its time) rather than with what it heard before it led.
  const { pending, kind, kindAttempts, refreshed } = k;
  tab.schedule = { pending, kind, kindAttempts, refreshed };
  if (k.snapshot.status !== "reconnecting") set(k, { status: "connecting", reason: "retry-timer" });
  requestLock(tab);
  post(tab, { t: "hello", from: tab.id });
  // As a tab that joins: should the tab that took the lock go silent before it says a word, this one takes it back.
  watch(tab);
}
