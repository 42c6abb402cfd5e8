import type { WebSocketLike } from "./environment.js";
import { dispatch, dropped, type Kernel, note, report } from "./interpreter.js";
import { enqueue, FULL } from "./sendQueue.js";
import type { MessageListener, SendData, SendOutcome } from "./sendTypes.js";
import { resolveWebSocketUrl } from "./socketUrl.js";

// The WebSocket's side of the interpreter: making one, its messages, sending and queueing, letting go of it.

const OPEN = 1;
// Abandoned sockets keep this as their error handler: `ws` in Node throws on an "error" nobody listens to.
const ignore = () => {};

/** Creates the WebSocket of attempt `id`; its events come back as `opened` and `closed`. */
export function create(kernel: Kernel, id: number, raw: string) {
  let socket: WebSocketLike;
  try {
    socket = kernel.ws = new kernel.env.WebSocket(resolveWebSocketUrl(raw), kernel.options.protocols);
  } catch (error) {
    return dispatch(kernel, {
      type: "url-failed",
      id,
      error: String((error as Error)?.message ?? error),
      invalid: true,
    });
  }
  kernel.lastSent = undefined;
  kernel.lastInboundAt = kernel.env.now();
  const { binaryType } = kernel.options;
  if (binaryType) socket.binaryType = binaryType;
  socket.onmessage = (event) => receive(kernel, event);
  socket.onerror = ignore;
  socket.onopen = () => dispatch(kernel, { type: "opened", id });
  socket.onclose = (event) => dispatch(kernel, { type: "closed", id, event, sent: kernel.lastSent });
}

// Per message: a feature's look first (the heartbeat's), and a loop over the listeners. Messages change no state, so
// they go straight to the listeners instead of through the machine.
export function receive(kernel: Kernel, event: { data: unknown }): void {
  const { data } = event;
  if (kernel.inbound?.(data)) return;
  const current = kernel.listeners;
  for (let index = 0; index < current.length; index++) {
    try {
      (current[index] as MessageListener)(data, event);
    } catch (error) {
      report(kernel, "onMessage", error);
    }
  }
}

/** Clears a flush the rate limit put off: the connection it was for is going, or a flush runs now. */
export function cancelFlush(kernel: Kernel): void {
  if (kernel.flushTimer !== null) kernel.env.clearTimeout(kernel.flushTimer);
  kernel.flushTimer = null;
}

/** Detaches from the current socket and closes it if it is still live. No event from it reaches us afterwards. */
export function drop(kernel: Kernel, code?: number): void {
  cancelFlush(kernel);
  const socket = kernel.ws;
  kernel.ws = null;
  kernel.lastSent = undefined;
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

/** Sends what is queued, as far as the connection and the rate limit allow. */
export function flush(kernel: Kernel): void {
  const { env, queue, rateLimit } = kernel;
  cancelFlush(kernel);
  const socket = kernel.ws;
  while (queue.length && socket?.readyState === OPEN && kernel.state.snapshot.status === "open") {
    if (rateLimit && !rateLimit.take(env.now())) {
      kernel.flushTimer = env.setTimeout(() => flush(kernel), rateLimit.waitMs(env.now()));
      break;
    }
    transmit(kernel, socket, queue.shift() as SendData);
  }
  if (queue.length !== kernel.state.snapshot.queued) dispatch(kernel, { type: "queued", size: queue.length });
}

function transmit(kernel: Kernel, socket: WebSocketLike, data: SendData): void {
  kernel.lastSent = data;
  socket.send(data as never);
}

/** `socket.send()`: see `Socket`. */
export function send(kernel: Kernel, data: SendData): SendOutcome {
  // A closed socket or a full queue is an outcome, not a programming error: the caller still holds the message and
  // reads what happened from the answer. Only a bad close() call throws.
  const { status } = kernel.state.snapshot;
  if (status === "closed" || status === "closing") return "closed";
  const { ws: live, queue, rateLimit } = kernel;
  if (
    status === "open" &&
    live?.readyState === OPEN &&
    !queue.length &&
    (!rateLimit || rateLimit.take(kernel.env.now()))
  ) {
    transmit(kernel, live, data);
    return "sent";
  }
  const overflow = enqueue(queue, data, kernel.options.queue);
  if (overflow === FULL) return "full";
  if (overflow !== undefined) {
    note(kernel, { type: "queue-overflow", dropped: 1 });
    dropped(kernel, overflow, "overflow");
  }
  dispatch(kernel, { type: "queued", size: queue.length });
  if (status === "open" && kernel.flushTimer === null) flush(kernel);
  return "queued";
}
