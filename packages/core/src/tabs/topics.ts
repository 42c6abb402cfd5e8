import type { SendData } from "../sendTypes.js";
import type { Socket } from "../socket.js";
import { send } from "../transport.js";
import { post, type Tab } from "./tab.js";

// Subscriptions on a connection the tabs share. A server keeps one subscription per topic per connection, and an
// unsubscribe from one tab would end it for every tab: so the tab that holds the connection counts which tabs hold
// each topic, subscribes when the first one does (and again on each new connection), and unsubscribes when the last
// one lets go. Every other tab tells it what it holds, again whenever a new leader is elected; a tab that leaves takes
// its holds with it.

/** A subscription the server keeps per connection: what subscribes to it, and what ends it. */
export interface Topic {
  /** Names the topic: the same in every tab (the react-query bridge uses the query's hash). */
  readonly id: string;
  readonly subscribe: SendData;
  readonly unsubscribe?: SendData | undefined;
}

// The tabs of this page that take part (their socket is active with tabs() in use), found by their socket.
export const taking = new Set<Tab>();

/** The tab that holds the connection: it counts the topic for tab `from`, and subscribes if it is the first. */
export function take(tab: Tab, from: string, topic: Topic) {
  const entry = tab.topics.get(topic.id) ?? { topic, by: new Set<string>() };
  tab.topics.set(topic.id, entry);
  if (entry.by.size === 0 && tab.k.snapshot.status === "open") send(tab.k, topic.subscribe);
  entry.by.add(from);
}

/** The tab that holds the connection: tab `from` lets go of the topic, which ends when no tab holds it. */
export function free(tab: Tab, from: string, id: string) {
  const entry = tab.topics.get(id);
  if (!entry?.by.delete(from) || entry.by.size > 0) return;
  tab.topics.delete(id);
  const { unsubscribe } = entry.topic;
  if (unsubscribe !== undefined && tab.k.snapshot.status === "open") send(tab.k, unsubscribe);
}

/**
 * This tab now holds the connection: it counts its own topics, and the other tabs announce theirs as they follow.
 * Nothing is sent: its connection is still to come (the snapshot may say open, mirrored from the last leader), and
 * subscribes to them all once it opens.
 */
export function holdOwn(tab: Tab) {
  tab.topics.clear();
  for (const { topic } of tab.held.values()) tab.topics.set(topic.id, { topic, by: new Set([tab.id]) });
}

/** A new connection knows no subscription yet. */
export function subscribeAll(tab: Tab) {
  for (const { topic } of tab.topics.values()) send(tab.k, topic.subscribe);
}

const holds = (tab: Tab) => tab.role === "leader" || tab.role === "alone";

/**
 * Holds `topic` on the connection `socket` shares with other tabs (`tabs()`), until the returned function is
 * called: the server sees one subscribe, whichever tabs hold it, and the unsubscribe when the last one lets go.
 * Undefined when the socket takes no part in sharing (no `tabs()` in its `use`, or it is not active): the caller
 * subscribes on its own connection, as without tabs.
 */
export function holdTopic(socket: Socket, topic: Topic): (() => void) | undefined {
  // A snapshot belongs to one socket: each change makes a new one, and a tab that takes part has changed its own.
  const snapshot = socket.getSnapshot();
  let tab: Tab | undefined;
  for (const candidate of taking) if (candidate.k.snapshot === snapshot) tab = candidate;
  if (!tab) return undefined;
  const mine = tab;
  const entry = mine.held.get(topic.id) ?? { topic, n: 0 };
  mine.held.set(topic.id, entry);
  if (++entry.n === 1) {
    if (holds(mine)) take(mine, mine.id, topic);
    else if (mine.role === "follower") post(mine, { t: "hold", from: mine.id, topic });
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--entry.n > 0) return;
    mine.held.delete(topic.id);
    if (holds(mine)) free(mine, mine.id, topic.id);
    else if (mine.role === "follower") post(mine, { t: "free", from: mine.id, id: topic.id });
  };
}
