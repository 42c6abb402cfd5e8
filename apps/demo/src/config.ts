// Where the backend is and the knobs the end-to-end tests turn through the page's query string. The dev server
// (server/start.ts) fills in VITE_LIFELINE_API; a plain `vite build` falls back to the default port.

const search = typeof location === "undefined" ? new URLSearchParams() : new URLSearchParams(location.search);

/** `http://127.0.0.1:8787`: the chat backend, its fault routes and the chaos API. */
export const API_URL: string = import.meta.env.VITE_LIFELINE_API ?? "http://127.0.0.1:8787";

/** The chat socket's address, without the per-attempt token and tab. */
export const SOCKET_URL = `${API_URL.replace(/^http/, "ws")}/chat`;

/** One id per page load, so the "offline" fault can cut this page's connection and no other. */
export const TAB_ID = Math.random().toString(36).slice(2, 10);

function numberParam(name: string): number | null {
  const raw = search.get(name);
  if (raw === null) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Where the socket's "online" comes from: the demo's switch (the default), or core's own platform signals. */
export type PlatformSource = "demo" | "default";

/**
 * `?probe=off` leaves out the handshake probe, so refused handshakes stay "can't reach the server", as in an app
 * that does not probe. `?random=0.5` pins the backoff jitter, so a test knows when each retry is due; `?heartbeat=1000` sets the ping
 * interval (`off` turns the heartbeat off); `?platform=default` hands the socket no `environment.online`, so it
 * runs on the browser's own signals, which the platform feature of the hook's `browser()` reads, as an app that
 * injects nothing does; `?tabs=on` shares one connection between the demo's tabs (`tabs()`), and `?user=alice` signs
 * the page in as someone, which puts that name in the tabs' key as an app puts its signed-in user's id. Users never
 * need the others.
 */
export const TUNING = {
  random: numberParam("random"),
  heartbeatMs: search.get("heartbeat") === "off" ? null : (numberParam("heartbeat") ?? 5000),
  platform: (search.get("platform") === "default" ? "default" : "demo") as PlatformSource,
  probe: search.get("probe") !== "off",
  tabs: search.get("tabs") === "on",
  /** Who this page stands for, with `?user=`: the demo has no accounts, so the query string plays the sign-in. */
  user: search.get("user") || null,
} as const;
