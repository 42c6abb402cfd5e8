import { checkOption } from "#dev";
import type { Feature, Hooks } from "../feature.js";
import { act, enter, hook, type Kernel, note } from "../kernel.js";
import { afterClose, local, retryDue } from "../schedule.js";
import type { SocketStatus, StatusReason } from "../status.js";
import { createTimer } from "../timer.js";
import { drop } from "../transport.js";
import { platformSources } from "./signals.js";

// The platform feature: what the platform tells the socket (the network went or came back, the tab was hidden or
// shown, the page went into the back/forward cache or came out of it), and the rule for a close that the page itself
// may have caused. signals.ts finds the sources; this file decides.

/** A close this soon after the page came back belongs to the page's lifecycle, not to the network. */
export const RESUME_GRACE_MS = 1000;

/** How long the heartbeat's ping may take for an answer when the platform says the network went away. */
export const OFFLINE_PROBE_TIMEOUT_MS = 1000;

// What may be paused: a socket that is connected, or trying to be.
const PAUSABLE: readonly SocketStatus[] = ["connecting", "open", "reconnecting", "offline"];

/** The platform feature's state for one socket. */
interface Platform {
  readonly k: Kernel;
  readonly current: () => PlatformOptions | undefined;
  readonly sources: ReturnType<typeof platformSources>;
  // When the page last became visible or came back from the back/forward cache.
  resumedAt: number | null;
  // The attempt whose connection was open when the page was last hidden or shown: the only connection the page's
  // lifecycle can have cut. One made while hidden that drops is the server's or the network's doing.
  upAtPageChange: number;
  stops: (() => void)[];
  // Pauses the socket when it fires, unless the tab became visible first (which clears it).
  readonly armPause: (ms?: number | null) => void;
}

const isHidden = (p: Platform) => p.sources.visible?.get() === false;
const pausable = (p: Platform) => PAUSABLE.includes(p.k.snapshot.status);

/** Closes with 1000 and waits for the page, keeping the queue: nothing is lost, and no banner has cause to show. */
function pause(p: Platform, reason: StatusReason) {
  drop(p.k, 1000);
  enter(p.k, "paused", reason, null);
}

/** The page was hidden or shown (`at`): remember which connection, if any, was up through it. */
function pageChanged(p: Platform, at = p.resumedAt) {
  p.resumedAt = at;
  if (p.k.snapshot.status === "open") p.upAtPageChange = p.k.id;
}

function wentOffline({ k }: Platform) {
  note(k, { type: "offline" });
  const { status } = k.snapshot;
  if (status === "reconnecting") {
    enter(k, "offline", "network-offline", k.options.reconnect?.offlineProbeMs ?? 30_000);
  } else if (status === "open" && !hook(k, "alive", OFFLINE_PROBE_TIMEOUT_MS)) {
    // An open socket is often dead but silent after a network change: find out at once. With a heartbeat, a ping
    // with a short deadline tells (and a false "offline" keeps the connection); without one, let it go.
    drop(k);
    afterClose(k, local(k, "network offline", true), "connection-lost");
  }
}

function cameOnline({ k }: Platform) {
  note(k, { type: "online" });
  if (k.snapshot.status === "offline") k.start("network-online");
  else hook(k, "alive");
}

function shown(p: Platform) {
  const { k } = p;
  pageChanged(p, k.env.now());
  p.armPause(null);
  // As the page found it: a heartbeat that finds the connection dead now schedules a retry of its own.
  const { status: was, reason, nextRetryAt } = k.snapshot;
  if (was === "paused" && reason === "hidden-too-long") return k.start("page-visible");
  // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
  hook(k, "alive");
  if (was === "reconnecting" && k.pending !== "refreshing" && (nextRetryAt ?? 0) <= k.env.now()) retryDue(k);
}

function hid(p: Platform) {
  pageChanged(p);
  if (pausable(p)) p.armPause(p.current()?.pauseWhenHiddenMs);
}

/** Into the back/forward cache and out of it (`persisted`); a page that is not cached closes its sockets itself. */
function pageEvent(p: Platform, type: "pagehide" | "pageshow", persisted: boolean) {
  // Into the cache, Chrome would cut the socket and report it after the restore, Safari closes it, Firefox refuses
  // to cache the page. Closing it ourselves, cleanly, is the same everywhere.
  if (type === "pagehide") return persisted && pausable(p) && pause(p, "page-hidden");
  pageChanged(p, p.k.env.now());
  if (persisted && p.k.snapshot.status === "paused") p.k.start("page-restored");
}

/** Listens to the platform while the socket is active (`on`), and stops when it is not. */
function listen(p: Platform, on: boolean) {
  const { k, sources } = p;
  for (const stop of p.stops) stop();
  p.stops = [];
  p.armPause(null);
  if (!on) return;
  const { online, visible, page } = sources;
  if (online) p.stops.push(online.subscribe((up) => act(k, () => (up ? cameOnline : wentOffline)(p))));
  if (visible) p.stops.push(visible.subscribe((seen) => act(k, () => (seen ? shown : hid)(p))));
  if (page) p.stops.push(page.subscribe((event) => act(k, () => pageEvent(p, event.type, event.persisted))));
  // A tab opened in the background never fires "hidden": starting hidden starts the pause's clock too.
  if (isHidden(p)) p.armPause(p.current()?.pauseWhenHiddenMs);
}

/** The platform feature for one socket. */
function start(kernel: Kernel, current: () => PlatformOptions | undefined): Hooks {
  const p: Platform = {
    k: kernel,
    current,
    sources: platformSources(kernel.env),
    resumedAt: null,
    upAtPageChange: 0,
    stops: [],
    armPause: createTimer(kernel.env, () => act(kernel, () => pausable(p) && pause(p, "hidden-too-long"))),
  };
  return {
    listen: (on) => listen(p, on),
    offline: () => p.sources.online?.get() === false,
    hidden: () => isHidden(p),
    /**
     * Whether a 1006 on the open connection of this attempt may be the page's doing (a background tab's socket
     * killed, a restore), so that it counts toward nothing and, in view, retries at once. Only a connection that was
     * up when the page hid (or came back) can have been cut by the page's lifecycle. A handshake that fails is the
     * server or the network, and so is a connection made while hidden that drops: taking those for the page would
     * retry a failing server from every background tab, never counting.
     */
    lifecycle: (code, opened) =>
      opened &&
      code === 1006 &&
      p.upAtPageChange === kernel.id &&
      (isHidden(p) || (p.resumedAt !== null && kernel.env.now() - p.resumedAt < RESUME_GRACE_MS)),
  };
}

/** Options of the platform feature. */
export interface PlatformOptions {
  /**
   * Close (with 1000) a tab that stays hidden this long, and connect again the moment it is visible, sparing the
   * server idle background tabs. The queue waits meanwhile. Off unless given.
   */
  readonly pauseWhenHiddenMs?: number;
}

/**
 * The platform's signals: offline and online (wait for the network instead of spending attempts, and check an open
 * connection at once when it goes), a tab hidden and shown (catch up on timers a background tab ran late, optionally
 * pause), the back/forward cache (close cleanly on the way in, reconnect on the way back), and closes the page
 * itself caused, which count toward nothing. In browsers; elsewhere, from `environment`'s sources if given.
 */
export function platform(options: PlatformOptions = {}): Feature<PlatformOptions> {
  checkOption?.("pauseWhenHiddenMs", options.pauseWhenHiddenMs, "non-negative");
  return { name: "platform", settings: options, start };
}
