import { act, set } from "../kernel.js";
import { DEFAULT_QUEUE_SIZE } from "../sendQueue.js";
import type { SendData, SendOutcome } from "../sendTypes.js";
import type { SocketState } from "../status.js";
import { receive } from "../transport.js";
import type { TabNote } from "./protocol.js";
import { others, post, requestLock, SILENT_MS, setTimer, show, type Tab } from "./tab.js";

// What a follower does: it mirrors the leader's state, gets its messages, sends through it, and watches that it
// still runs. A leader that goes silent without letting go (frozen, hung) is replaced by the first follower in line.

/** Another tab leads: mirror it, and hand it the topics this tab holds (its sends go with the state notes). */
function follow(tab: Tab, from: string) {
  if (tab.role !== "follower") others(tab, false);
  tab.k.relay = tab.alone;
  tab.role = "follower";
  tab.leader = from;
  post(tab, { t: "hello", from: tab.id });
  for (const { topic } of tab.held.values()) post(tab, { t: "hold", from: tab.id, topic });
}

// A mirrored close or decision is a copy: keep the one in place when it says the same, so that a subscriber that
// compares by identity does not render again.
const same = (a: unknown, b: unknown) =>
  a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

function mirror(tab: Tab, state: SocketState, tabs: number) {
  const { k } = tab;
  const { lastClose, decision } = k.snapshot;
  set(k, {
    ...state,
    lastClose: same(state.lastClose, lastClose) ? lastClose : state.lastClose,
    decision: same(state.decision, decision) ? decision : state.decision,
    tab: { role: "follower", tabs },
  });
}

/**
 * Watches for a silent leader: unheard for SILENT_MS, the first follower in the leader's line takes the lock from
 * it; the next one waits as long again, in case the first is silent too. A tab not in the line yet (it joined a
 * leader that never answered) counts as first.
 */
export function watch(tab: Tab) {
  const rank = Math.max(0, tab.line.indexOf(tab.id));
  setTimer(tab, SILENT_MS * (1 + rank), () =>
    act(tab.k, () => {
      if (tab.role === "follower" || tab.role === "electing") requestLock(tab, true);
    }),
  );
}

export function heardByFollower(tab: Tab, note: TabNote) {
  const { k } = tab;
  if (note.t === "state") {
    if (tab.leader !== note.from) follow(tab, note.from);
    tab.schedule = note.m;
    tab.line = note.line;
    mirror(tab, note.s, note.n);
    // The leader takes a send only while open (leader.ts): what this tab's app sent meanwhile, or what the leader
    // left, goes now, and again with each beat until taken.
    if (note.s.status === "open")
      for (const { seq, data } of tab.outbox)
        post(tab, { t: "send", from: tab.id, to: note.from, seq, head: tab.outbox[0]?.seq ?? seq, d: data });
  } else if (note.t === "ack") {
    // From whichever tab took it, even one that no longer leads: it went out.
    if (note.to === tab.id) tab.outbox = tab.outbox.filter(({ seq }) => seq > note.seq);
  } else if (note.from !== tab.leader) return;
  else if (note.t === "msg") receive(k, { data: note.d });
  else if (note.t === "bye") {
    // The leader left: one of the tabs waiting for the lock gets it; until then, this one waits too.
    tab.leader = null;
    show(tab, "electing");
  }
  if (tab.leader === note.from || note.t === "bye") watch(tab);
}

/** A follower's send: it goes to the leader, or waits in this tab until there is one. */
export function sendThrough(tab: Tab, data: SendData): SendOutcome {
  const { status } = tab.k.snapshot;
  if (status === "closed" || status === "closing") return "closed";
  if (tab.outbox.length >= (tab.k.options.queue?.maxSize ?? DEFAULT_QUEUE_SIZE)) return "full";
  const seq = ++tab.seq;
  tab.outbox.push({ seq, data });
  if (tab.role !== "follower") return "queued";
  post(tab, { t: "send", from: tab.id, to: tab.leader ?? "", seq, head: tab.outbox[0]?.seq ?? seq, d: data });
  return status === "open" ? "sent" : "queued";
}
