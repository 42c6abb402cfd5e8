import { type Checked, isThenable } from "./validateOnce.js";

/**
 * Hands validated messages on in the order they arrived, whatever order their (possibly asynchronous) validations
 * settle in: a message waits for those ahead of it. With nothing waiting, a synchronous answer goes on at once, so
 * synchronous schemas add no delay.
 */
export function createArrivalOrder<Event>(deliver: (checked: Checked, event: Event) => void) {
  const waiting: { checked: Checked | null; readonly event: Event }[] = [];
  let stopped = false;
  const drain = () => {
    while (!stopped && waiting.length > 0 && waiting[0]?.checked) {
      const next = waiting.shift() as { checked: Checked; event: Event };
      deliver(next.checked, next.event);
    }
  };
  return {
    push(checked: Checked | Promise<Checked>, event: Event) {
      if (stopped) return;
      if (!isThenable(checked) && waiting.length === 0) return deliver(checked, event);
      const entry = { checked: isThenable(checked) ? null : checked, event };
      waiting.push(entry);
      if (isThenable(checked)) {
        void checked.then((settled) => {
          entry.checked = settled;
          drain();
        });
      }
    },
    /** Drops what still waits; nothing is delivered after this. */
    stop() {
      stopped = true;
      waiting.length = 0;
    },
  };
}
