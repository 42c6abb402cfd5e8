import { afterClose, config, context, emit, local, next, note, set } from "./machineSteps.js";

/**
 * Application-level heartbeat settings. Browsers cannot send ping frames, so the ping is an ordinary message.
 * The machine (machine.ts) runs it: deadlines are wall-clock times and a timer only prompts a check, so a timer that a
 * background tab throttles fires late but finds the pong that arrived meanwhile, and one that fires after a sleep
 * finds the deadline long past and reports at once. The whole cycle is interval + timeout at most from the last
 * inbound message.
 */
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

/** How long the heartbeat's ping may take for an answer when the platform says the network went away. */
export const OFFLINE_PROBE_TIMEOUT_MS = 1000;

/**
 * The heartbeat's timer fired, or something else (the page coming back, the network returning) asks: is the open
 * connection still alive? Deadlines are compared with the clock, so a timer that a background tab ran late still
 * finds the truth.
 */
export function checkHeartbeat() {
  const { now, lastInboundAt: last } = context;
  const heartbeat = config.heartbeat;
  if (!heartbeat || next.snapshot.status !== "open") return;
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
export function ping(timeoutMs: number) {
  set({}, { pingAt: context.now, pingTimeoutMs: timeoutMs });
  emit({ type: "ping" });
  emit({ type: "heartbeat", ms: timeoutMs });
}
