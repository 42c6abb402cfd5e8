import { browser } from "@lifeline/core/browser";
import {
  createSocketClient as createCoreClient,
  type SocketClient,
  type SocketClientOptions,
} from "@lifeline/core/client";

/**
 * `createSocketClient` from `@lifeline/core/client`, with `browser()` first in every socket's `use`, as
 * `useWebSocket` does for its own socket: a React app runs in a browser. An app's own `browser({ … })` in
 * `socketOptions.use` replaces it (a feature given twice counts as the later one).
 */
export function createSocketClient(options: SocketClientOptions = {}): SocketClient {
  const own = options.socketOptions;
  return createCoreClient({
    ...options,
    socketOptions: (key) => {
      const socketOptions = typeof own === "function" ? own(key) : own;
      return { ...socketOptions, use: [browser(), ...(socketOptions?.use ?? [])] };
    },
  });
}
