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
  /** The browser's own say, `navigator.onLine`, whatever the switch pretends; the fault panel shows it. */
  readonly browser: PlatformSignal;
}

/**
 * `navigator.onLine` and the window's `online`/`offline` events. A page can read it but never set it: only the
 * browser (DevTools → Network → Offline, or the machine losing its network) can.
 */
export function createBrowserOnline(): PlatformSignal {
  const read = () => typeof navigator === "undefined" || navigator.onLine !== false;
  return {
    get: read,
    subscribe(onChange) {
      if (typeof window === "undefined") return () => {};
      const listener = () => onChange(read());
      window.addEventListener("online", listener);
      window.addEventListener("offline", listener);
      return () => {
        window.removeEventListener("online", listener);
        window.removeEventListener("offline", listener);
      };
    },
  };
}

export function createNetworkSwitch(browser: PlatformSignal = createBrowserOnline()): NetworkSwitch {
  let simulated = false;
  const listeners = new Set<(online: boolean) => void>();
  let stopBrowser: (() => void) | null = null;
  const read = () => browser.get() && !simulated;
  const notify = () => {
    const value = read();
    for (const listener of [...listeners]) listener(value);
  };
  return {
    get: read,
    subscribe(listener) {
      listeners.add(listener);
      // One browser listener for all of ours, and none once the last of ours is gone.
      stopBrowser ??= browser.subscribe(notify);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || stopBrowser === null) return;
        stopBrowser();
        stopBrowser = null;
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
    browser,
  };
}
