/** Application-level heartbeat settings. Browsers cannot send ping frames, so the ping is an ordinary message. */
export interface HeartbeatOptions {
  /** Send a ping after this long without any inbound message. Keep it below the shortest proxy idle timeout (55–60 s). */
  readonly intervalMs: number;
  /** Presume the connection dead when nothing arrives this long after a ping. */
  readonly timeoutMs: number;
  /** The ping to send. @default "ping" */
  readonly message?: string | (() => string);
  /** Recognises the server's reply; matching messages are not passed to message listeners. Any message proves liveness. */
  readonly isPong?: (data: unknown) => boolean;
}

export interface Heartbeat {
  /** Call on every inbound message. Cheap: one clock read. */
  received(): void;
  /** Checks the deadlines against the wall clock now, e.g. when the page becomes visible or the network returns. */
  check(): void;
  stop(): void;
}

interface HeartbeatParts {
  readonly now: () => number;
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  readonly sendPing: (message: string) => void;
  /** Called once, with how long nothing had arrived. */
  readonly onDead: (silentMs: number) => void;
}

/**
 * Watches one open connection. Deadlines are wall-clock times, and a timer only prompts a check: a timer that a
 * background tab throttles to once a minute fires late but finds the pong that arrived meanwhile, so it raises no
 * false alarm; a timer that fires after a sleep finds the deadline long past and reports at once.
 * The whole cycle is interval + timeout at most from the last inbound message.
 */
export function startHeartbeat(options: HeartbeatOptions, parts: HeartbeatParts): Heartbeat {
  let lastInboundAt = parts.now();
  let pingSentAt: number | null = null;
  let timer: unknown = null;
  let stopped = false;

  const schedule = (at: number) => {
    if (timer !== null) parts.clearTimeout(timer);
    timer = parts.setTimeout(check, Math.max(0, at - parts.now()));
  };

  function check() {
    timer = null;
    if (stopped) return;
    const now = parts.now();
    const awaitingPong = pingSentAt !== null && lastInboundAt < pingSentAt;
    if (awaitingPong && pingSentAt !== null && now - pingSentAt >= options.timeoutMs) {
      stopped = true;
      parts.onDead(now - lastInboundAt);
      return;
    }
    if (!awaitingPong && now - lastInboundAt >= options.intervalMs) {
      pingSentAt = now;
      const message = typeof options.message === "function" ? options.message() : (options.message ?? "ping");
      parts.sendPing(message);
      schedule(now + options.timeoutMs);
      return;
    }
    schedule(awaitingPong && pingSentAt !== null ? pingSentAt + options.timeoutMs : lastInboundAt + options.intervalMs);
  }

  schedule(lastInboundAt + options.intervalMs);
  return {
    received() {
      const awaitingPong = pingSentAt !== null && lastInboundAt < pingSentAt;
      lastInboundAt = parts.now();
      // The answer to a ping moves the next check from the ping's deadline to the next interval: without this the
      // gap between pings would be timeoutMs, and a proxy's idle timeout could fall in it. Other messages only
      // update the time, so a busy connection costs no timer work.
      if (awaitingPong && !stopped) schedule(lastInboundAt + options.intervalMs);
    },
    check,
    stop() {
      stopped = true;
      if (timer !== null) parts.clearTimeout(timer);
      timer = null;
    },
  };
}
