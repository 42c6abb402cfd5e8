import type { Environment, PageLifecycle, PlatformSignal } from "../environment.js";

// The platform feature's sources: the browser's online, visibility and back/forward-cache events, which platform.ts
// listens to while the socket is active. Each source comes from `environment` when given there (tests,
// React Native, a worker with its own notion), else from the browser, read when the socket starts, never when the
// module loads, so importing this during a server render is safe.

type Target = {
  addEventListener(type: string, listener: (event?: unknown) => void): void;
  removeEventListener(type: string, listener: (event?: unknown) => void): void;
};

/** Listens to `events` on `target`; returns the function that stops. */
function on(target: Target, events: string, listener: (event?: unknown) => void): () => void {
  for (const type of events.split(" ")) target.addEventListener(type, listener);
  return () => {
    for (const type of events.split(" ")) target.removeEventListener(type, listener);
  };
}

/** A signal over DOM events, or null where `source` is not an event target. */
function signal(source: unknown, events: string, read: () => boolean): PlatformSignal | null {
  const target = source as Target | undefined;
  if (typeof target?.addEventListener !== "function") return null;
  return { get: read, subscribe: (onChange) => on(target, events, () => onChange(read())) };
}

/** The browser's sources, where it has them: Node has none, and a worker has no document. */
function browserSources() {
  const scope = globalThis as typeof globalThis & {
    navigator?: { onLine?: boolean };
    document?: { visibilityState?: string };
    onpageshow?: unknown;
  };
  const { navigator, document } = scope;
  const page: PageLifecycle | null =
    scope.onpageshow !== undefined
      ? {
          subscribe: (onChange) =>
            // One listener for both: the event's own type says which.
            on(scope as unknown as Target, "pagehide pageshow", (event) => {
              const { type, persisted } = event as { type: "pagehide" | "pageshow"; persisted?: boolean };
              onChange({ type, persisted: persisted === true });
            }),
        }
      : null;
  return {
    online:
      typeof navigator?.onLine === "boolean" ? signal(scope, "online offline", () => navigator.onLine !== false) : null,
    visible:
      typeof document?.visibilityState === "string"
        ? signal(document, "visibilitychange", () => document.visibilityState !== "hidden")
        : null,
    page,
  };
}

/** The platform's sources for one socket: the environment's where given, else the browser's. */
export function platformSources(env: Environment): {
  readonly online: PlatformSignal | null;
  readonly visible: PlatformSignal | null;
  readonly page: PageLifecycle | null;
} {
  const browser = browserSources();
  // An environment's source given as undefined keeps the browser's; null switches it off.
  return {
    online: env.online === undefined ? browser.online : env.online,
    visible: env.visible === undefined ? browser.visible : env.visible,
    page: env.page === undefined ? browser.page : env.page,
  };
}
