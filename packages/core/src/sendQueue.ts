import { DEV } from "#dev";
import { LifelineError } from "./errors.js";

/** What happens when `send()` finds the queue full. Neither option is silent. */
export type QueueOverflow = "drop-oldest" | "reject";

export interface QueueOptions {
  /** Messages held while the socket is not open (or while the rate limit holds them back). @default 100 */
  readonly maxSize?: number;
  /**
   * `reject`: `send()` throws a `LifelineError` ("queue-full") and the queue keeps what it has.
   * `drop-oldest`: the oldest message makes room, and `onDrop` and the diagnostics log say so.
   * @default "reject"
   */
  readonly overflow?: QueueOverflow;
}

export const DEFAULT_QUEUE_SIZE = 100;

/** A bounded first-in, first-out queue of outgoing messages. */
export interface SendQueue<T> {
  /** Adds a message; returns the message dropped to make room (drop-oldest), or undefined. Throws when rejecting. */
  push(item: T): T | undefined;
  /** Puts a message back at the front, when sending it turned out to be impossible. */
  unshift(item: T): void;
  shift(): T | undefined;
  clear(): number;
  readonly size: number;
}

// A ring buffer: pushing and shifting cost no allocation and no O(n) array moves, even for a full queue.
export function createSendQueue<T>(options: QueueOptions = {}): SendQueue<T> {
  const capacity = options.maxSize ?? DEFAULT_QUEUE_SIZE;
  const overflow = options.overflow ?? "reject";
  const slots: (T | undefined)[] = new Array(capacity);
  let head = 0;
  let size = 0;
  return {
    push(item) {
      let dropped: T | undefined;
      if (size === capacity) {
        if (overflow === "reject" || capacity === 0) {
          throw new LifelineError(
            "queue-full",
            DEV
              ? `send() found the queue full (${capacity} messages) while the socket is not open. Wait for status "open", raise queue.maxSize, or use queue.overflow "drop-oldest".`
              : `send(): the queue is full (${capacity})`,
          );
        }
        dropped = slots[head];
        slots[head] = undefined;
        head = (head + 1) % capacity;
        size--;
      }
      slots[(head + size) % capacity] = item;
      size++;
      return dropped;
    },
    unshift(item) {
      if (size === capacity) return;
      head = (head - 1 + capacity) % capacity;
      slots[head] = item;
      size++;
    },
    shift() {
      if (size === 0) return undefined;
      const item = slots[head];
      slots[head] = undefined;
      head = (head + 1) % capacity;
      size--;
      return item;
    },
    clear() {
      const count = size;
      slots.fill(undefined);
      head = 0;
      size = 0;
      return count;
    },
    get size() {
      return size;
    },
  };
}
