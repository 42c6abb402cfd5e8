import { type Connection, createConnection, takesMessages } from "./connection.js";
import type { Options } from "./types.js";
import { computeUrl, type UrlInput } from "./url.js";

// react-use-websocket keeps shared sockets in a module-level map keyed by the computed URL, and apps call
// resetGlobalState() between tests; a drop-in has to keep both. (Lifeline's own API passes a socket around
// instead: see @lifeline/react's WebSocketProvider.)
const shared = new Map<string, Connection>();

export function removeSharedConnection(url: string, connection: Connection): void {
  if (shared.get(url) === connection) shared.delete(url);
}

/**
 * Forgets the shared sockets: only `url`'s, when given and known, else all of them. Closes nothing and tells no
 * hook, as in react-use-websocket; meant for tests.
 */
export function resetGlobalState(url?: string): void {
  if (url !== undefined && shared.has(url)) shared.delete(url);
  else shared.clear();
}

/** A hook's latest URL and options, as the connection effect reads them. */
export type Latest = { readonly current: { readonly url: UrlInput | null; readonly options: Options } };

/**
 * The shared connection for `url`, made (and started) if there is none or the one there is on its way out. Its
 * first attempt goes to `url`; later ones compute the creator's URL again, as react-use-websocket does on each
 * reconnect (a URL function with a fresh token).
 */
export function joinShared(url: string, latest: Latest): Connection {
  const found = shared.get(url);
  if (found && takesMessages(found.socket.getSnapshot().status)) return found;
  let first = true;
  const connection = createConnection(
    () => {
      const { url: source, options } = latest.current;
      if (first || source === null) {
        first = false;
        return url;
      }
      return computeUrl(source, options);
    },
    () => latest.current.options,
    true,
  );
  shared.set(url, connection);
  // Closed for good (no reconnect asked for): the next hook with this URL gets a new socket, as upstream.
  connection.socket.subscribe(() => {
    if (connection.socket.getSnapshot().status === "closed") removeSharedConnection(url, connection);
  });
  connection.start();
  return connection;
}
