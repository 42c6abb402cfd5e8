import { checkOption } from "#dev";
import type { Feature, Host, MachinePart } from "../feature.js";
import { afterClose, config, context, emit, local, next, note, set, status } from "../machineSteps.js";
import type { HeartbeatOptions, SocketEffect } from "../machineTypes.js";

export type { HeartbeatOptions } from "../machineTypes.js";

// The heartbeat feature: finds a connection that died without a close (a half-open TCP connection, a proxy that
// dropped it) before the user does. Browsers cannot send ping frames, so the ping is an ordinary message.
// The machine's half runs it with wall-clock deadlines, and a timer only prompts a check: a timer that a background
// tab throttles fires late but finds the pong that arrived meanwhile, and one that fires after a sleep finds the
// deadline long past and reports at once. The whole cycle is interval + timeout at most from the last inbound message.

/**
 * Is the open connection still alive? Asked by the heartbeat's timer, and by the platform when the page comes back
 * or the network changes (`withinMs`: ping now, and allow that long at most for an answer). Deadlines are compared
 * with the clock, so a timer that a background tab ran late still finds the truth.
 */
function checkAlive(withinMs?: number) {
  const { now, lastInboundAt: last } = context;
  const heartbeat = config.heartbeat;
  if (!heartbeat || next.snapshot.status !== "open") return;
  if (withinMs !== undefined) return ping(Math.min(heartbeat.timeoutMs, withinMs));
  const { pingAt, pingTimeoutMs } = next;
  const awaiting = pingAt !== null && last < pingAt;
  if (awaiting && now - pingAt >= pingTimeoutMs) {
    note({ type: "heartbeat-missed", silentMs: now - last });
    emit({ type: "drop" });
    return afterClose(local("heartbeat timeout", true), "heartbeat-timeout");
  }
  if (!awaiting && now - last >= heartbeat.intervalMs) return ping(heartbeat.timeoutMs);
  emit({
    type: "heartbeat",
    ms: Math.max(0, (awaiting ? pingAt + pingTimeoutMs : last + heartbeat.intervalMs) - now),
  });
}

/** Sends a ping that must be answered (by anything) within `timeoutMs`. */
function ping(timeoutMs: number) {
  set({}, { pingAt: context.now, pingTimeoutMs: timeoutMs });
  emit({ type: "ping" });
  emit({ type: "heartbeat", ms: timeoutMs });
}

const part: MachinePart = {
  on: {
    heartbeat: (event) => checkAlive(event.withinMs),
    // A new connection: the first check after a whole interval.
    opened() {
      const heartbeat = config.heartbeat;
      if (heartbeat && status === "connecting" && next.snapshot.status === "open") {
        emit({ type: "heartbeat", ms: heartbeat.intervalMs });
      }
    },
  },
};

/** The interpreter's half: the ping, the timer, and each message's time of arrival. */
function start(host: Host) {
  host.inbound = (data) => {
    host.lastInboundAt = host.env.now();
    const isPong = host.config.heartbeat?.isPong;
    try {
      return Boolean(isPong?.(data));
    } catch (error) {
      host.report("heartbeat.isPong", error);
      return false;
    }
  };
  return (effect: SocketEffect) => {
    if (effect.type === "heartbeat") host.arm("heartbeat", effect.ms);
    else if (effect.type === "drop" || effect.type === "shut") host.arm("heartbeat", null);
    else if (effect.type === "ping") sendPing(host);
  };
}

function sendPing(host: Host) {
  let message = host.config.heartbeat?.message ?? "ping";
  if (typeof message === "function") {
    try {
      message = message();
    } catch (error) {
      // Without a ping the dead-connection check would be off; send the default instead.
      host.report("heartbeat.message", error);
      message = "ping";
    }
  }
  if (host.ws?.readyState === 1) host.ws.send(message as never);
}

/**
 * The heartbeat: `use: [heartbeat({ intervalMs: 25_000, timeoutMs: 5_000 })]`. After `intervalMs` of silence it
 * sends a ping, and a connection that stays silent `timeoutMs` longer is dropped and reconnected, reported as
 * `heartbeat-timeout`.
 */
export function heartbeat(options: HeartbeatOptions): Feature {
  checkOption?.("heartbeat.intervalMs", options?.intervalMs ?? Number.NaN, "positive");
  checkOption?.("heartbeat.timeoutMs", options?.timeoutMs ?? Number.NaN, "positive");
  return { name: "heartbeat", machine: part, config: { heartbeat: options }, start };
}
