import { useEffect } from "react";
import { DEFAULT_EVENT_SOURCE_OPTIONS } from "./constants.js";
import type { EventSourceHook, EventSourceOptions, LifelineFields } from "./types.js";
import type { UrlInput } from "./url.js";
import { useWebSocket } from "./use-websocket.js";

/**
 * react-use-websocket's `useEventSource`: server-sent events through the same machinery, read-only. `events`
 * handlers run after the render in which `lastEvent` changed, for the handler named by the event's type.
 */
export function useEventSource(
  url: UrlInput | null,
  { withCredentials, events, ...options }: EventSourceOptions = DEFAULT_EVENT_SOURCE_OPTIONS,
  connect = true,
): EventSourceHook & LifelineFields {
  const result = useWebSocket(url, { ...options, eventSourceOptions: { withCredentials } }, connect);
  // Read only when there are handlers: a status-only component must not render for every event.
  const handled = events !== undefined && Object.keys(events).length > 0;
  const lastEvent = handled ? result.lastMessage : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new event runs a handler, not a new `events` object
  useEffect(() => {
    if (lastEvent && events) events[lastEvent.type]?.(lastEvent);
  }, [lastEvent]);
  return {
    getEventSource: result.getWebSocket,
    get lastEvent() {
      return result.lastMessage;
    },
    get readyState() {
      return result.readyState;
    },
    get lastClose() {
      return result.lastClose;
    },
    get socket() {
      return result.socket;
    },
  };
}
