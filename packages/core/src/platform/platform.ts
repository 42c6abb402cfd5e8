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

/** Closes with 1000 and waits for the page, keeping the queue: nothing is lost, and no banner has cause to show. */
function pause(kernel: Kernel, reason: StatusReason) {
  drop(kernel, 1000);
  enter(kernel, "paused", reason, null);
}

export function wentOffline(kernel: Kernel) {
  note(kernel, { type: "offline" });
  const { status } = kernel.snapshot;
  if (status === "reconnecting") {
    enter(kernel, "offline", "network-offline", kernel.options.reconnect?.offlineProbeMs ?? 30_000);
  } else if (status === "open" && !hook(kernel, "alive", OFFLINE_PROBE_TIMEOUT_MS)) {
    // An open socket is often dead but silent after a network change: find out at once. With a heartbeat, a ping
    // with a short deadline tells (and a false "offline" keeps the connection); without one, let it go.
    drop(kernel);
    afterClose(kernel, local(kernel, "network offline", true), "connection-lost");
  }
}

export function cameOnline(kernel: Kernel) {
  note(kernel, { type: "online" });
  if (kernel.snapshot.status === "offline") kernel.start("network-online");
  else hook(kernel, "alive");
}

/** The platform feature for one socket. */
function start(kernel: Kernel, current: () => PlatformOptions | undefined): Hooks {
  const { env } = kernel;
  const { online, visible, page } = platformSources(env);
  // When the page last became visible or came back from the back/forward cache.
  let resumedAt: number | null = null;
  // The attempt whose connection was open when the page was last hidden or shown: the only connection the page's
  // lifecycle can have cut. One made while hidden that drops is the server's or the network's doing.
  let upAtPageChange = 0;
  let stops: (() => void)[] = [];
  const hidden = () => visible?.get() === false;
  const status = () => kernel.snapshot.status;
  const pausable = () => PAUSABLE.includes(status());

  // Pauses the socket when it fires, unless the tab became visible first (which clears it).
  const armPause = createTimer(env, () => act(kernel, () => pausable() && pause(kernel, "hidden-too-long")));

  /** The page was hidden or shown (`at`): remember which connection, if any, was up through it. */
  function pageChanged(at = resumedAt) {
    resumedAt = at;
    if (status() === "open") upAtPageChange = kernel.id;
  }

  function shown() {
    pageChanged(env.now());
    armPause(null);
    // As the page found it: a heartbeat that finds the connection dead now schedules a retry of its own.
    const { status: was, reason, nextRetryAt } = kernel.snapshot;
    if (was === "paused" && reason === "hidden-too-long") return kernel.start("page-visible");
    // A hidden tab's timers may run a minute late: catch up on a stale heartbeat or retry deadline at once.
    hook(kernel, "alive");
    if (was === "reconnecting" && kernel.pending !== "refreshing" && (nextRetryAt ?? 0) <= env.now()) {
      retryDue(kernel);
    }
  }

  function hid() {
    pageChanged();
    if (pausable()) armPause(current()?.pauseWhenHiddenMs);
  }

  /** Into the back/forward cache and out of it (`persisted`); a page that is not cached closes its sockets itself. */
  function pageEvent(type: "pagehide" | "pageshow", persisted: boolean) {
    // Into the cache, Chrome would cut the socket and report it after the restore, Safari closes it, Firefox refuses
    // to cache the page. Closing it ourselves, cleanly, is the same everywhere.
    if (type === "pagehide") return persisted && pausable() && pause(kernel, "page-hidden");
    pageChanged(env.now());
    if (persisted && status() === "paused") kernel.start("page-restored");
  }

  return {
    listen(on) {
      for (const stop of stops) stop();
      stops = [];
      armPause(null);
      if (!on) return;
      if (online) stops.push(online.subscribe((up) => act(kernel, () => (up ? cameOnline : wentOffline)(kernel))));
      if (visible) stops.push(visible.subscribe((seen) => act(kernel, seen ? shown : hid)));
      if (page) stops.push(page.subscribe((event) => act(kernel, () => pageEvent(event.type, event.persisted))));
      // A tab opened in the background never fires "hidden": starting hidden starts the pause's clock too.
      if (hidden()) armPause(current()?.pauseWhenHiddenMs);
    },
    offline: () => online?.get() === false,
    hidden,
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
      upAtPageChange === kernel.id &&
      (hidden() || (resumedAt !== null && env.now() - resumedAt < RESUME_GRACE_MS)),
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
