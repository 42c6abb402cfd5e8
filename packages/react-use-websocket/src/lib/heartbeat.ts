/** react-use-websocket's heartbeat settings, every field given. */
export interface HeartbeatSettings {
  readonly message: string | (() => string);
  readonly interval: number;
  readonly timeout: number;
}

/**
 * react-use-websocket's heartbeat, to its timings: a check every `max(100, interval / 10)` ms sends `message` when
 * nothing arrived for `interval` and none was sent for `interval` (so one every `interval` while the server is
 * silent, answered or not), and gives up once nothing at all arrived for `timeout`. Lifeline's own heartbeat
 * (`lifelineDefaults`) pings once per silence and counts its timeout from the ping instead.
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
  const timer = setInterval(
    () => {
      const now = Date.now();
      const last = lastMessageAt();
      if (last + timeout <= now) {
        clearInterval(timer);
        return timedOut();
      }
      if (last + interval > now || lastPingAt + interval > now) return;
      try {
        send(typeof message === "function" ? message() : message);
        lastPingAt = now;
      } catch (error) {
        // As react-use-websocket: a ping that cannot go out (a throwing message function) ends the connection.
        console.error("[@lifeline/react-use-websocket] Heartbeat failed, closing the connection:", error);
        clearInterval(timer);
        timedOut();
      }
    },
    Math.max(100, interval / 10),
  );
  return () => clearInterval(timer);
}
