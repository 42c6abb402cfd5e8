import type { Kernel } from "../kernel.js";
import type { SendData, UrlSource } from "../sendTypes.js";
import type { SocketState } from "../status.js";
import type { Topic } from "./topics.js";

// What the tabs of one key say to each other over their BroadcastChannel. Every note names its sender; a tab hears
// every note but its own. The leader speaks for the connection (state, msg, ack, bye); a follower asks (hello, send,
// call, hold, free, leave). Notes are structured clones: messages go as they came (text, ArrayBuffer, Blob).

/** The part of the Web Locks API that an election needs. */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/** The part of BroadcastChannel that the tabs use. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

/** What the leader's kernel decided beyond its snapshot, which a tab that takes over goes on with. */
export interface TabSchedule {
  readonly pending: Kernel["pending"];
  readonly kind: string | null;
  readonly kindAttempts: number;
  readonly refreshed: boolean;
}

export type TabNote =
  /**
   * The leader's snapshot and schedule, after each change, to each tab that says hello, and every second: `n` tabs
   * share the connection, and `line` lists the followers in the order they take over should the leader go silent.
   */
  | {
      readonly t: "state";
      readonly from: string;
      readonly s: SocketState;
      readonly m: TabSchedule;
      readonly n: number;
      readonly line: readonly string[];
    }
  /** A message the leader's connection received, for the followers' listeners. */
  | { readonly t: "msg"; readonly from: string; readonly d: unknown }
  /** The leader took this tab's send number `seq`. */
  | { readonly t: "ack"; readonly from: string; readonly to: string; readonly seq: number }
  /** The leader let go of the lock: another tab will be elected. */
  | { readonly t: "bye"; readonly from: string }
  /** A tab joined and asks the leader, if there is one, for the state. */
  | { readonly t: "hello"; readonly from: string }
  /**
   * A follower's send to the leader `to`, numbered in the order its app sent; `head` is the number of the oldest one
   * it still holds (those before it went out), so that a leader takes them in order even when a later one reaches it
   * first. Only `to` takes it: a note that comes late, after another tab took over, was sent again to that one.
   */
  | {
      readonly t: "send";
      readonly from: string;
      readonly to: string;
      readonly seq: number;
      readonly head: number;
      readonly d: SendData;
    }
  /** A follower's app called connect() or reconnect(). */
  | { readonly t: "call"; readonly from: string; readonly what: "connect-called" | "reconnect-called" }
  /** A follower holds a topic (topics.ts): said when it first does, and again to each new leader. */
  | { readonly t: "hold"; readonly from: string; readonly topic: Topic }
  /** A follower let go of a topic. */
  | { readonly t: "free"; readonly from: string; readonly id: string }
  /** A follower left, and its topics with it. */
  | { readonly t: "leave"; readonly from: string };

/** The lock's and the channel's name: the app's key, and the URL when it is a string. */
export const channelName = (key: string, url: UrlSource) =>
  `lifeline-tabs:${key}${typeof url === "function" ? "" : ` ${String(url)}`}`;
