/** What happens when `send()` finds the queue full. Neither option is silent. */
export type QueueOverflow = "drop-oldest" | "reject";

export interface QueueOptions {
  /** Messages held while the socket is not open (or while the rate limit holds them back). @default 100 */
  readonly maxSize?: number;
  /**
   * `reject`: `send()` returns `"full"` and the queue keeps what it has.
   * `drop-oldest`: the oldest message makes room, and `onDrop` and the diagnostics say so.
   * @default "reject"
   */
  readonly overflow?: QueueOverflow;
}

export const DEFAULT_QUEUE_SIZE = 100;

/**
 * Adds `item` to a bounded first-in, first-out queue. Returns the message dropped to make room (`drop-oldest`),
 * `FULL` when the queue refuses it (it then keeps what it had), or undefined. A plain array: at a hundred or so
 * entries, shifting costs nothing.
 */
export function enqueue<T>(queue: T[], item: T, options: QueueOptions = {}): T | typeof FULL | undefined {
  const capacity = options.maxSize ?? DEFAULT_QUEUE_SIZE;
  let dropped: T | undefined;
  if (queue.length >= capacity) {
    if (options.overflow !== "drop-oldest" || capacity === 0) return FULL;
    dropped = queue.shift();
  }
  queue.push(item);
  return dropped;
}

/** What `enqueue` answers for a full queue that rejects: a value no message can be. */
export const FULL: unique symbol = Symbol();
