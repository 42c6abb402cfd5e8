/** The part of the Web Locks API (`navigator.locks`) that the fake has: exclusive requests, `signal` and `steal`. */
export interface FakeLocks {
  request(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/** How the fake schedules its work. */
export interface FakeLocksOptions {
  /**
   * Runs a grant later, on a task of its own. A test with a virtual clock passes its own scheduler, so that grants
   * happen in its order and no real timer is left behind.
   * @default (task) => setTimeout(task)
   */
  readonly later?: (task: () => void) => void;
}

/**
 * Exclusive Web Locks within one process, for fast tests in Node (which has BroadcastChannel but no
 * navigator.locks) of several "tabs" that share a connection (`tabs({ key, locks })`): requests for a name are granted one at a time in the order made, a lock is held until its
 * callback's promise settles, aborting a request that waits takes it out of the queue, and `steal` takes the lock
 * from its holder, whose request then rejects with an AbortError, as the real API does (after its callback, when the
 * grant had not reached it yet). Chromium's own Web Locks are
 * what the e2e tests run on.
 */
export function createFakeLocks(options: FakeLocksOptions = {}): FakeLocks {
  const later = options.later ?? ((task: () => void) => void setTimeout(task));
  interface Request {
    readonly callback: (lock: unknown) => Promise<void>;
    readonly settle: (error?: unknown) => void;
    // The grant's task ran; until it has, a steal's rejection waits for it (see steal below).
    started: boolean;
    stolen: unknown;
  }
  const waiting = new Map<string, Request[]>();
  const held = new Map<string, Request>();

  function grant(name: string) {
    if (held.has(name)) return;
    const next = waiting.get(name)?.shift();
    if (!next) return;
    held.set(name, next);
    // Granted on a task of its own, as browsers do.
    later(() => {
      next.started = true;
      const result = next.callback({ name, mode: "exclusive" });
      if (next.stolen !== undefined) next.settle(next.stolen);
      Promise.resolve(result).then(
        () => next.settle(),
        (error: unknown) => next.settle(error ?? new Error("lock callback failed")),
      );
    });
  }

  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const request: Request = {
          callback,
          started: false,
          stolen: undefined,
          settle(error) {
            if (settled) return;
            settled = true;
            if (held.get(name) === request) held.delete(name);
            if (error === undefined) resolve(undefined);
            else reject(error);
            grant(name);
          },
        };
        if (options.steal) {
          // First in line, then the holder lets go, which grants the lock to the first in line.
          waiting.set(name, [request, ...(waiting.get(name) ?? [])]);
          const holder = held.get(name);
          held.delete(name);
          const stolen = new DOMException("The lock was stolen.", "AbortError");
          // A holder whose grant has not reached it yet still gets its callback, and then the rejection: a browser
          // tells a page of the grant first, and of the steal only through the lock it was granted.
          if (holder?.started === false) holder.stolen = stolen;
          else holder?.settle(stolen);
          return grant(name);
        }
        options.signal?.addEventListener("abort", () => {
          const queue = waiting.get(name) ?? [];
          const index = queue.indexOf(request);
          if (index === -1) return;
          queue.splice(index, 1);
          reject(new DOMException("The request was aborted.", "AbortError"));
        });
        waiting.set(name, [...(waiting.get(name) ?? []), request]);
        grant(name);
      });
    },
  };
}
