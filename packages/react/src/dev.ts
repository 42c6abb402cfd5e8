import { useEffect, useRef } from "react";

/**
 * True unless the app is bundled for production: package.json maps `#dev` to dev.production.js under the
 * "production" export condition, as @lifeline/core does. The long error messages sit behind it, so a production
 * bundle carries only the short ones.
 */
export const DEV: boolean = true;

// What a component may pass with a socket it did not make: the rest shapes a connection, which the socket's maker
// (createSocket, or a client's socketOptions) decided once for every user.
const PER_COMPONENT = new Set(["onMessage", "json", "batch", "onJsonError", "select", "isEqual"]);
const warned = new WeakSet<object>();

/** Development only (undefined in production): says once per socket which options a passed socket ignores. */
export const warnIgnoredOptions: ((socket: object, options: object) => void) | undefined = (socket, options) => {
  const ignored = Object.keys(options).filter((key) => !PER_COMPONENT.has(key));
  if (ignored.length === 0 || warned.has(socket)) return;
  warned.add(socket);
  console.warn(
    `[@lifeline/react] useWebSocket(socket, options) ignores ${ignored.join(", ")}: a socket passed in keeps the options it was made with, one set for every component that uses it. Give them to createSocket(), or to createSocketClient({ socketOptions }).`,
  );
};

// Options `useWebSocket` took before issue 21 moved them to `useWebSocketSelector`: a JavaScript caller (or a cast)
// that still passes them would otherwise get the whole result back, and a render per message, without a word.
const MOVED = ["select", "isEqual", "batch"];
let warnedMoved = false;

/** Development only (undefined in production): says once that `useWebSocket` ignores the options that moved. */
export const warnMovedOptions: ((options: object) => void) | undefined = (options) => {
  const moved = MOVED.filter((key) => key in options);
  if (moved.length === 0 || warnedMoved) return;
  warnedMoved = true;
  console.warn(
    `[@lifeline/react] useWebSocket() ignores ${moved.join(", ")}: selecting a part and folding bursts moved to useWebSocketSelector(url, select, { isEqual, batch }). Call that instead, e.g. useWebSocketSelector(url, (s) => s.status).`,
  );
};

let warnedDefinitions = false;

/**
 * Development only (a no-op in production): says once when a typed hook gets new definitions on a second re-render,
 * as happens when `defineMessages` is called inside the component. Each new object subscribes again, and what
 * arrives in between reaches no one.
 */
export function useDefinitionsCheck(hook: string, definitions: object): void {
  const previous = useRef(definitions);
  const changes = useRef(0);
  useEffect(() => {
    if (previous.current === definitions) return;
    previous.current = definitions;
    if (++changes.current < 2 || warnedDefinitions) return;
    warnedDefinitions = true;
    console.warn(
      `[@lifeline/react] ${hook}() got new message definitions on another render, so it subscribed again and may have missed messages in between. Call defineMessages() once, outside the component, and pass that.`,
    );
  });
}
