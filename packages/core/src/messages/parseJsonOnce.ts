/** What `parseJsonOnce` found: the value, or why the text was not JSON. */
export type ParsedJson =
  | { readonly value: unknown; readonly error?: undefined }
  | { readonly value?: undefined; readonly error: Error };

// The last message event parsed: the socket hands the same event to every listener, one after another, before the
// next message arrives, so the hook's store, several stores on one shared socket, typed views and the react-query
// bridge parse each message once between them with one slot. (A WeakMap keyed on every event did the same at a
// fraction of the speed: each message's entry cost more than its JSON.parse.) A listener that reads an older event
// later just parses it again.
let lastEvent: object | null = null;
let lastParsed: ParsedJson = { value: undefined };

/**
 * Parses a text message's data as JSON, once per message however many listeners ask. The value is shared between
 * them: treat it as read-only, as React state is. Call it only for string data.
 */
export function parseJsonOnce(event: { readonly data: unknown }): ParsedJson {
  if (event !== lastEvent) {
    try {
      lastParsed = { value: JSON.parse(event.data as string) };
    } catch (error) {
      lastParsed = { error: error as Error };
    }
    lastEvent = event;
  }
  return lastParsed;
}
