/** What `parseJsonOnce` found: the value, or why the text was not JSON. */
export type ParsedJson =
  | { readonly value: unknown; readonly error?: undefined }
  | { readonly value?: undefined; readonly error: Error };

// Keyed on the message event, which the socket hands to every listener: the hook's store, several stores on one
// shared socket and the react-query bridge then parse each message once between them, not once each. A WeakMap, so
// an event is forgotten with the event.
const parsed = new WeakMap<object, ParsedJson>();

/**
 * Parses a text message's data as JSON, once per message however many listeners ask. The value is shared between
 * them: treat it as read-only, as React state is. Call it only for string data.
 */
export function parseJsonOnce(event: { readonly data: unknown }): ParsedJson {
  let result = parsed.get(event);
  if (result === undefined) {
    try {
      result = { value: JSON.parse(event.data as string) };
    } catch (error) {
      result = { error: error as Error };
    }
    parsed.set(event, result);
  }
  return result;
}
