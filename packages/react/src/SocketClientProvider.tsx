import type { SocketClient } from "@lifeline/core/client";
import { createContext, type ReactNode, useContext } from "react";
import { DEV } from "#dev";

const ClientContext = createContext<SocketClient | null>(null);

export interface SocketClientProviderProps {
  /** From `createSocketClient()`: made once, outside render (module scope, or `useState(() => …)`). */
  readonly client: SocketClient;
  readonly children?: ReactNode;
}

/**
 * Makes a socket client available below it, as `QueryClientProvider` does for a QueryClient. Components then share
 * one socket per key: `useWebSocket(useSocketClient().socket(url))`.
 */
export function SocketClientProvider({ client, children }: SocketClientProviderProps) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The client of the nearest `SocketClientProvider`. */
export function useSocketClient(): SocketClient {
  const client = useContext(ClientContext);
  if (!client) {
    throw new Error(
      DEV
        ? "[@lifeline/react] useSocketClient() found no <SocketClientProvider> above it. Create a client with createSocketClient() from @lifeline/react and wrap the tree in <SocketClientProvider client={client}>."
        : "[@lifeline/react] No <SocketClientProvider>",
    );
  }
  return client;
}
