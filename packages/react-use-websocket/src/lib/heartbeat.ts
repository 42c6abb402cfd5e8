import type { HeartbeatOptions as LifelineHeartbeat } from "@lifeline/core";
import { DEV } from "#dev";
import { DEFAULT_HEARTBEAT } from "./defaults.js";
import type { Options } from "./types.js";
import { PREFIX } from "./warnings.js";

/** react-use-websocket's heartbeat settings, every field given. */
export interface HeartbeatSettings {
  readonly message: string | (() => string);
  readonly interval: number;
  readonly timeout: number;
}

/** react-use-websocket's heartbeat option with its defaults filled in, or undefined for none. */
export function heartbeatSettings(option: Options["heartbeat"]): HeartbeatSettings | undefined {
  return option ? { ...DEFAULT_HEARTBEAT, ...(option === true ? {} : option) } : undefined;
}

/**
 * The heartbeat in Lifeline's terms, for `lifelineDefaults`: one ping per silence, and a timeout counted from the
 * ping (react-use-websocket's counts from the last message).
 */
export function heartbeatOf(option: Options["heartbeat"]): LifelineHeartbeat | undefined {
  const settings = heartbeatSettings(option);
  if (!settings) return undefined;
  const { message, interval, timeout } = settings;
  return { message, intervalMs: Math.min(interval, timeout), timeoutMs: Math.max(timeout - interval, 1) };
}

/**
 * react-use-websocket's heartbeat rule: send `message` when nothing arrived for `interval` and none was sent for
 * `interval` (so one every `interval` while the server is silent, answered or not), and give up once nothing at all
 * arrived for `timeout`. Lifeline's own heartbeat (`lifelineDefaults`) pings once per silence and counts its timeout
 * from the ping instead.
 *
 * react-use-websocket checks the rule every `max(100, interval / 10)` ms, so its pings and its close come up to that
 * much after they are due; this timer wakes when the next one is due, so they come on time.
 * Returns the function that stops it.
 */
export function startHeartbeat(
  settings: HeartbeatSettings,
  lastMessageAt: () => number,
  send: (message: string) => void,
  timedOut: () => void,
): () => void {
  const { message, interval, timeout } = settings;
  let lastPingAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const now = Date.now();
    const last = lastMessageAt();
    if (last + timeout <= now) return timedOut();
    if (last + interval <= now && lastPingAt + interval <= now) {
      try {
        send(typeof message === "function" ? message() : message);
        lastPingAt = now;
      } catch (error) {
        // As react-use-websocket: a ping that cannot go out (a throwing message function) ends the connection.
        console.error(`${PREFIX}Heartbeat failed${DEV ? ", closing the connection:" : ""}`, error);
        return timedOut();
      }
    }
    // A message that arrived meanwhile moves both deadlines later; the check then just waits again.
    const due = Math.min(last + timeout, Math.max(last, lastPingAt) + interval);
    timer = setTimeout(check, Math.max(1, due - Date.now()));
  };
  timer = setTimeout(check, Math.min(interval, timeout));
  return () => clearTimeout(timer);
}
