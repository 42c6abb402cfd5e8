import { DEV } from "#dev";
import { LifelineError } from "./errors.js";

/** What happens when `send()` finds the queue full. Neither option is silent. */
export type QueueOverflow = "drop-oldest" | "reject";

export interface QueueOptions {
  /** Messages held while the socket is not open (or while the rate limit holds them back). @default 100 */
  readonly maxSize?: number;
  /**
   * `reject`: `send()` throws a `LifelineError` ("queue-full") and the queue keeps what it has.
   * `drop-oldest`: the oldest message makes room, and `onDrop` and the diagnostics say so.
   * @default "reject"
   */
  readonly overflow?: QueueOverflow;
}

export const DEFAULT_QUEUE_SIZE = 100;

/**
 * Adds `item` to a bounded first-in, first-out queue. Returns the message dropped to make room (`drop-oldest`), or
 * undefined; throws when the queue rejects. A plain array: at a hundred or so entries, shifting costs nothing.
 */
export function enqueue<T>(queue: T[], item: T, options: QueueOptions = {}): T | undefined {
  const capacity = options.maxSize ?? DEFAULT_QUEUE_SIZE;
  let dropped: T | undefined;
  if (queue.length >= capacity) {
    if (options.overflow !== "drop-oldest" || capacity === 0) {
      throw new LifelineError(
        "queue-full",
        DEV
          ? `send() found the queue full (${capacity} messages) while the socket is not open. Wait for status "open", raise queue.maxSize, or use queue.overflow "drop-oldest".`
          : `send(): the queue is full (${capacity})`,
      );
    }
    dropped = queue.shift();
  }
  queue.push(item);
  return dropped;
}
