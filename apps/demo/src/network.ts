import type { PlatformSignal } from "@lifeline/core";

/**
 * The page's "online" as Lifeline sees it: the browser's own signal, unless the fault panel pretends the network is
 * gone. Handed to the socket through `environment.online`, which is how an app would wire any other source of truth
 * (a native shell's reachability API, say).
 */
export interface NetworkSwitch extends PlatformSignal {
  /** Pretend the network is gone (true) or back (false). */
  simulateOffline(offline: boolean): void;
  readonly simulatedOffline: boolean;
}

export function createNetworkSwitch(): NetworkSwitch {
  let simulated = false;
  const listeners = new Set<(online: boolean) => void>();
  const browserOnline = () => typeof navigator === "undefined" || navigator.onLine !== false;
  const read = () => browserOnline() && !simulated;
  const notify = () => {
    const value = read();
    for (const listener of [...listeners]) listener(value);
  };
  return {
    get: read,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && typeof window !== "undefined") {
        window.addEventListener("online", notify);
        window.addEventListener("offline", notify);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && typeof window !== "undefined") {
          window.removeEventListener("online", notify);
          window.removeEventListener("offline", notify);
        }
      };
    },
    simulateOffline(offline) {
      if (offline === simulated) return;
      simulated = offline;
      notify();
    },
    get simulatedOffline() {
      return simulated;
    },
  };
}
