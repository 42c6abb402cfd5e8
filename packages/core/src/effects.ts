import { DEV } from "#dev";
import { cancelFlush, create, drop, flush } from "./connection.js";
import { arm, dispatch, dropped, type Kernel, note, settle } from "./interpreter.js";
import type { SocketEffect } from "./machineTypes.js";

// The effects the machine asks for, run by the kernel; then each feature's interpreter half sees every one.

/** Runs one effect of the machine's (see `SocketEffect`): the kernel's part, then each feature's. */
export function run(kernel: Kernel, effect: SocketEffect): void {
  switch (effect.type) {
    case "resolve":
      resolve(kernel, effect.id);
      break;
    case "create":
      create(kernel, effect.id, effect.url);
      break;
    case "drop":
      drop(kernel, effect.code);
      break;
    case "shut":
      cancelFlush(kernel);
      kernel.ws?.close(effect.code, effect.reason);
      break;
    case "deadline":
      arm(kernel, "deadline", effect.ms);
      break;
    case "flush":
      flush(kernel);
      break;
    case "discard":
      discard(kernel);
      break;
    case "refresh": {
      const { id } = effect;
      settle(
        kernel,
        "refreshCredentials",
        () => kernel.options.refreshCredentials?.(),
        () => dispatch(kernel, { type: "refreshed", id }),
        (error) => dispatch(kernel, { type: "refresh-failed", id, error }),
      );
      break;
    }
    case "too-big":
      dropped(kernel, effect.data, "too-big");
  }
  for (const runtime of kernel.runtimes) runtime(effect);
}

/**
 * Finds the URL of an attempt. The url function is part of the attempt: when it fails, the attempt failed, and that
 * is state. So is an answer that is no URL at all (undefined while a token is not ready yet): the schedule retries it.
 */
function resolve(kernel: Kernel, id: number) {
  const { url } = kernel;
  if (typeof url !== "function") return dispatch(kernel, { type: "resolved", id, url: String(url) });
  settle(
    kernel,
    "url",
    url,
    (resolved) =>
      dispatch(
        kernel,
        typeof resolved === "string" || resolved instanceof URL
          ? { type: "resolved", id, url: String(resolved) }
          : { type: "url-failed", id, error: notAUrl(resolved) },
      ),
    (error) => dispatch(kernel, { type: "url-failed", id, error }),
  );
}

/** Says what a url function gave instead of a URL; the value itself is not shown, as it may hold a credential. */
function notAUrl(value: unknown): string {
  const got = `[@lifeline/core] The url function returned ${value === null ? "null" : typeof value}, not a URL.`;
  return DEV ? `${got} Return a ws:// or wss:// URL (a string or a URL object), or throw until it can.` : got;
}

/** Empties the queue: nothing in it can leave any more. Every message is reported as dropped. */
function discard(kernel: Kernel): void {
  const discarded = kernel.queue.splice(0);
  if (!discarded.length) return;
  note(kernel, { type: "queue-discarded", dropped: discarded.length });
  for (const data of discarded) dropped(kernel, data, "closed");
  dispatch(kernel, { type: "queued", size: 0 });
}
