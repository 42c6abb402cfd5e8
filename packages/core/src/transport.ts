import { act, hook, type Kernel, note, report, set } from "./kernel.js";
import { enqueue, FULL } from "./sendQueue.js";
import type { MessageListener, SendData, SendOutcome } from "./sendTypes.js";
import type { DropCause } from "./socketOptions.js";

// The WebSocket of the current attempt: messages in, the queue and sends out, and letting go of it.

export const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
export const ignore = () => {};

/** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
export function drop(k: Kernel, code?: number) {
  stopFlush(k);
  hook(k, "dropped");
  const socket = k.ws;
  k.ws = null;
  k.lastSent = undefined;
  if (!socket) return;
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.onerror = ignore;
  if (socket.readyState <= OPEN) {
    try {
      socket.close(code);
    } catch {
      // Some runtimes throw when closing a socket that is still connecting; it is being dropped either way.
    }
  }
}

// Per message: a feature's look first (the heartbeat's), and a loop over the listeners. Messages change no state, so
// they go straight to the listeners instead of through a step.
export function receive(k: Kernel, event: { data: unknown }) {
  const { data } = event;
  if (hook(k, "inbound", data)) return;
  const current = k.listeners;
  for (let index = 0; index < current.length; index++) {
    try {
      (current[index] as MessageListener)(data, event);
    } catch (error) {
      report(k, "onMessage", error);
    }
  }
}

/** A message that will never be delivered, told to the app's `queue.onDrop`. */
export function dropped(k: Kernel, data: unknown, cause: DropCause) {
  try {
    k.options.queue?.onDrop?.(data, cause);
  } catch (error) {
    report(k, "queue.onDrop", error);
  }
}

/** Empties the queue: nothing in it can leave any more. Every message is reported as dropped. */
export function discard(k: Kernel) {
  const discarded = k.queue.splice(0);
  if (!discarded.length) return;
  set(k, { queued: 0 });
  note(k, { type: "queue-discarded", dropped: discarded.length });
  for (const data of discarded) dropped(k, data, "closed");
}

/** Clears a flush the rate limit put off: the connection it was for is going, or a flush runs now. */
export function stopFlush(k: Kernel) {
  if (k.flushTimer !== null) k.env.clearTimeout(k.flushTimer);
  k.flushTimer = null;
}

/** Sends what is queued, as far as the connection and the rate limit allow. */
export function flush(k: Kernel) {
  stopFlush(k);
  const { queue, rateLimit, env } = k;
  while (queue.length && k.ws?.readyState === OPEN && k.snapshot.status === "open") {
    if (rateLimit && !rateLimit.take(env.now())) {
      k.flushTimer = env.setTimeout(() => act(k, () => flush(k)), rateLimit.waitMs(env.now()));
      break;
    }
    transmit(k, queue.shift() as SendData);
  }
  set(k, { queued: queue.length });
}

function transmit(k: Kernel, data: SendData) {
  k.lastSent = data;
  k.ws?.send(data as never);
}

/**
 * The app's send. A closed socket or a full queue is an outcome, not a programming error: the caller still holds the
 * message and reads what happened from the answer. Only a bad close() call throws.
 */
export function send(k: Kernel, data: SendData): SendOutcome {
  const relayed = hook(k, "send", data) as SendOutcome | undefined;
  if (relayed) return relayed;
  const { status } = k.snapshot;
  const { queue, rateLimit } = k;
  if (status === "closed" || status === "closing") return "closed";
  if (status === "open" && k.ws?.readyState === OPEN && !queue.length && (!rateLimit || rateLimit.take(k.env.now()))) {
    transmit(k, data);
    return "sent";
  }
  const overflow = enqueue(queue, data, k.options.queue);
  if (overflow === FULL) return "full";
  if (overflow !== undefined) {
    note(k, { type: "queue-overflow", dropped: 1 });
    dropped(k, overflow, "overflow");
  }
  act(k, () => (k.snapshot.status === "open" && k.flushTimer === null ? flush(k) : set(k, { queued: queue.length })));
  return "queued";
}
