import { checkOption } from "#dev";
import type { Feature, Hooks } from "../feature.js";
import { act, type Kernel, note, report } from "../kernel.js";
import { afterClose, local } from "../schedule.js";
import { createTimer } from "../timer.js";
import { drop } from "../transport.js";

// The heartbeat feature: finds a connection that died without a close (a half-open TCP connection, a proxy that
// dropped it) before the user does. Browsers cannot send ping frames, so the ping is an ordinary message.
// It runs on wall-clock deadlines, and its timer only prompts a check: a timer that a background tab throttles fires
// late but finds the pong that arrived meanwhile, and one that fires after a sleep finds the deadline long past and
// reports at once. The whole cycle is interval + timeout at most from the last inbound message.

/** Application-level heartbeat settings. */
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

/** The heartbeat for one socket. */
function start(kernel: Kernel, current: () => HeartbeatOptions | undefined): Hooks {
  const { env } = kernel;
  // When the unanswered ping went out, or null, and how long it has for an answer. Anything that arrives answers it:
  // compared with the time of the last message instead, a ping sent in the same millisecond as a message would count
  // as answered, and a dead connection would be kept for another whole interval.
  let pingAt: number | null = null;
  let pingTimeoutMs = 0;
  // When the current connection last received anything.
  let lastInboundAt = 0;
  let interval = current()?.intervalMs;

  const arm = createTimer(env, () => act(kernel, () => check()));

  /**
   * Is the open connection still alive? Asked by the heartbeat's timer, and by the platform when the page comes back
   * or the network changes (`withinMs`: ping now, and allow that long at most for an answer). Deadlines are compared
   * with the clock, so a timer that a background tab ran late still finds the truth.
   */
  function check(withinMs?: number): boolean {
    const settings = current();
    if (!settings) return false;
    if (kernel.snapshot.status !== "open") return true;
    if (withinMs !== undefined) return ping(Math.min(settings.timeoutMs, withinMs));
    const now = env.now();
    const awaiting = pingAt !== null;
    if (awaiting && now - (pingAt as number) >= pingTimeoutMs) {
      note(kernel, { type: "heartbeat-missed", silentMs: now - lastInboundAt });
      drop(kernel);
      afterClose(kernel, local(kernel, "heartbeat timeout", true), "heartbeat-timeout");
    } else if (!awaiting && now - lastInboundAt >= settings.intervalMs) ping(settings.timeoutMs);
    else arm(Math.max(0, (awaiting ? (pingAt as number) + pingTimeoutMs : lastInboundAt + settings.intervalMs) - now));
    return true;
  }

  /** Sends a ping that must be answered (by anything) within `timeoutMs`. */
  function ping(timeoutMs: number) {
    pingAt = env.now();
    pingTimeoutMs = timeoutMs;
    let message = current()?.message ?? "ping";
    if (typeof message === "function") {
      try {
        message = message();
      } catch (error) {
        // Without a ping the dead-connection check would be off; send the default instead.
        report(kernel, "heartbeat.message", error);
        message = "ping";
      }
    }
    const ws = kernel.ws;
    if (ws?.readyState === 1) ws.send(message as never);
    arm(timeoutMs);
    return true;
  }

  return {
    alive: check,
    // For the devtools: when the ping now waiting for an answer went out.
    pinging: () => pingAt,
    // A new connection: the first check after a whole interval.
    opened() {
      pingAt = null;
      lastInboundAt = env.now();
      arm(current()?.intervalMs);
    },
    dropped: () => arm(null),
    inbound(data) {
      lastInboundAt = env.now();
      pingAt = null;
      try {
        return Boolean(current()?.isPong?.(data));
      } catch (error) {
        report(kernel, "heartbeat.isPong", error);
        return false;
      }
    },
    // Taken out (or the socket stopped): whatever interval comes next is new.
    listen(on) {
      if (!on) interval = undefined;
    },
    // The timer was set with the old interval, which may be a minute: check now with the new one.
    configured() {
      if (current()?.intervalMs === interval) return;
      interval = current()?.intervalMs;
      act(kernel, () => check());
    },
  };
}

/**
 * The heartbeat: `use: [heartbeat({ intervalMs: 25_000, timeoutMs: 5_000 })]`. After `intervalMs` of silence it
 * sends a ping, and a connection that stays silent `timeoutMs` longer is dropped and reconnected, reported as
 * `heartbeat-timeout`.
 */
export function heartbeat(options: HeartbeatOptions): Feature<HeartbeatOptions> {
  checkOption?.("heartbeat.intervalMs", options?.intervalMs ?? Number.NaN, "positive");
  checkOption?.("heartbeat.timeoutMs", options?.timeoutMs ?? Number.NaN, "positive");
  return { name: "heartbeat", settings: options, start };
}
