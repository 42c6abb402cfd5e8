import { useMemo } from "react";
import { DEFAULT_EVENT_SOURCE_OPTIONS, DEFAULT_OPTIONS } from "./lib/constants.js";
import type { EventSourceOptions, Options } from "./lib/types.js";
import type { UrlInput } from "./lib/url.js";
import { useEventSource as useEventSourceCompat } from "./lib/use-event-source.js";
import { useSocketIO as useSocketIOCompat } from "./lib/use-socket-io.js";
import { useWebSocket as useWebSocketCompat } from "./lib/use-websocket.js";

// The same hooks with Lifeline's defaults (`lifelineDefaults: true`): reconnect after every close the per-code
// policy retries, with jittered backoff. For an app that wants Lifeline's behaviour but not yet its API.

export { ReadyState } from "./lib/constants.js";
export { resetGlobalState } from "./lib/registry.js";
export type { Options, SendMessage } from "./lib/types.js";

const withDefaults = <O extends Options>(options: O): O => ({ lifelineDefaults: true, ...options });

/** `useWebSocket` with Lifeline's defaults. */
export default function useWebSocket<T = unknown>(
  url: UrlInput | null,
  options: Options = DEFAULT_OPTIONS,
  connect = true,
) {
  return useWebSocketCompat<T>(
    url,
    useMemo(() => withDefaults(options), [options]),
    connect,
  );
}

/** `useSocketIO` with Lifeline's defaults. */
export function useSocketIO<T = unknown>(url: UrlInput | null, options: Options = DEFAULT_OPTIONS, connect = true) {
  return useSocketIOCompat<T>(url, withDefaults(options), connect);
}

/** `useEventSource` with Lifeline's defaults. */
export function useEventSource(
  url: UrlInput | null,
  options: EventSourceOptions = DEFAULT_EVENT_SOURCE_OPTIONS,
  connect = true,
) {
  return useEventSourceCompat(url, withDefaults(options), connect);
}
