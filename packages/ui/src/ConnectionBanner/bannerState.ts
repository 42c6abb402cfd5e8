import type { CloseClassification, SocketState } from "@lifeline/core";

/** Which message the banner shows. Each maps to a title and a message in the labels. */
export type BannerCase =
  | "hidden"
  | "lost"
  | "reconnecting"
  | "unreachable"
  | "restarting"
  | "busy"
  | "rate-limited"
  | "auth"
  | "forbidden"
  | "rejected"
  | "offline"
  | "gave-up"
  | "recovered";

/** How serious it looks; drives colour and icon, never meaning alone. */
export type BannerTone = "info" | "warning" | "danger" | "success";

/** Buttons the banner offers. `sign-in` is wired by the app. */
export type BannerAction = "retry-now" | "reconnect" | "sign-in";

/** The banner's decision for one moment: what to show and how loudly. Pure data, for apps that draw their own. */
export interface BannerDecision {
  readonly visible: boolean;
  readonly case: BannerCase;
  readonly tone: BannerTone;
  /** `assertive` (role="alert") only when the user must act; everything else is announced politely. */
  readonly politeness: "polite" | "assertive";
  /** Whole seconds until the next attempt, for the countdown; null when no attempt is scheduled. */
  readonly secondsLeft: number | null;
  readonly attempt: number;
  /** Whether another attempt will happen on its own (false once the socket stopped). */
  readonly willRetry: boolean;
  readonly actions: readonly BannerAction[];
  /** The close behind the message, for a "Details" disclosure. Its reason is data: render it as text only. */
  readonly close: CloseClassification | null;
}

/** What the banner remembers between moments; kept by `useConnectionBanner`. */
export interface BannerMemory {
  /**
   * When the connection last stopped being open (or started trying), null while it is fine. An open that has not
   * held yet (open for less than `timing.heldMs`) does not end it.
   */
  readonly troubleSince: number | null;
  /** When a connection held again after a trouble banner was shown, null otherwise. */
  readonly recoveredAt: number | null;
  /**
   * The close that began the trouble (the first close since, for trouble that began with the first connect): a
   * restart stays a restart while the handshakes that follow fail.
   */
  readonly troubleClose?: CloseClassification | null;
  /** The trouble since `troubleSince` has been on screen: its end says "Reconnected.", and a short open keeps it. */
  readonly shown?: boolean;
}

export interface BannerTiming {
  /** Trouble shorter than this shows nothing: a blip is not worth a banner. @default 1500 */
  readonly graceMs?: number;
  /**
   * How long a connection must stay open before the banner counts it as back: then "Reconnected." shows, and a
   * later drop is new trouble with its own grace period. The banner's own, shorter than the socket's
   * `reconnect.minUptimeMs` (which decides when the retry schedule starts over): long enough that a server which
   * accepts each connection and cuts it at once never flashes "Reconnected.". @default 1000
   */
  readonly heldMs?: number;
  /** How long "Reconnected." stays. @default 3000 */
  readonly recoveredMs?: number;
  /** Attempts in a row that never opened before the message becomes "Can't reach the server". @default 3 */
  readonly unreachableAfter?: number;
}

const HIDDEN: BannerDecision = Object.freeze({
  visible: false,
  case: "hidden",
  tone: "info",
  politeness: "polite",
  secondsLeft: null,
  attempt: 0,
  willRetry: false,
  actions: Object.freeze([]),
  close: null,
});

/**
 * Whether the connection is open and has stayed open `heldMs`. From `openedAt`; a store without it falls back on the
 * socket's own `stableAt`.
 */
export function hasHeld(state: SocketState, now: number, heldMs = 1000): boolean {
  if (state.status !== "open") return false;
  return state.openedAt === null ? state.stableAt !== null : now - state.openedAt >= heldMs;
}

/**
 * Whether the socket is in trouble: not open, and not resting for a reason of the app's or the page's own (idle
 * before the first connect, paused for a hidden page, closing or closed because the app asked). The one test of
 * trouble that the banner's words and its memory share.
 */
export function isTrouble(state: SocketState): boolean {
  return (
    state.status !== "open" && state.status !== "idle" && state.status !== "paused" && state.reason !== "close-called"
  );
}

/**
 * Decides what a connection banner says at `now`. Pure: the same inputs give the same decision. What the socket does
 * next comes from its applied decision (`state.decision`) and why it stopped from `state.reason`, never worked out
 * again from the close; the close's policy only picks the words for a rejection.
 */
export function decideBanner(
  state: SocketState,
  memory: BannerMemory,
  now: number,
  timing: BannerTiming = {},
): BannerDecision {
  const close = state.lastClose;
  const applied = state.decision;
  const stopped = state.status === "closed";
  const show = (kase: BannerCase, tone: BannerTone, actions: readonly BannerAction[] = []): BannerDecision =>
    Object.freeze({
      visible: true,
      case: kase,
      tone,
      // An alert only when the user must act: the socket stopped over something serious. A stopped rate limit is
      // a warning, said politely.
      politeness: stopped && tone === "danger" ? "assertive" : "polite",
      // From nextRetryAt, which the socket sets only while it waits to retry.
      secondsLeft: state.nextRetryAt === null ? null : Math.max(0, Math.ceil((state.nextRetryAt - now) / 1000)),
      attempt: state.attempt,
      willRetry: !stopped && kase !== "recovered",
      actions,
      close,
    });

  if (state.status === "open") {
    // Issue 14: recovery is a connection that held, not a bare open. Against a server that accepts each upgrade and
    // cuts it at once, every open hid the banner and flashed "Reconnected.". Issue 20: held is the banner's own
    // heldMs (1 s), not the schedule's minUptimeMs (5 s), which kept "Reconnecting…" on screen for five seconds of a
    // working connection. Until it holds, trouble on screen stays there and trouble not shown yet stays quiet. The
    // first frame after it holds says "Reconnected." before rememberBanner has noted when, so no frame is empty.
    if (memory.troubleSince !== null) {
      if (!memory.shown) return HIDDEN;
      return hasHeld(state, now, timing.heldMs) ? show("recovered", "success") : show("reconnecting", "info");
    }
    return memory.recoveredAt !== null && now - memory.recoveredAt < (timing.recoveredMs ?? 3000)
      ? show("recovered", "success")
      : HIDDEN;
  }
  if (!isTrouble(state)) return HIDDEN;
  if (state.status === "offline") return show("offline", "warning");

  const quiet = memory.troubleSince === null || now - memory.troubleSince < (timing.graceMs ?? 1500);
  // Issue 20: the socket renews the credentials before its next attempt, and a renewed token is back in
  // milliseconds; like any blip it stays quiet through the grace period. Only a refresh that failed is the user's
  // business.
  if (applied?.action === "refresh-auth") return quiet ? HIDDEN : show("reconnecting", "info");
  const policy = close?.policy;
  if (state.reason === "credentials-failed" || (stopped && (policy === "auth-expired" || policy === "unauthorized"))) {
    return show("auth", "danger", ["sign-in"]);
  }
  // Any other rejection is the server's answer, not a blip: it shows at once. The policy only picks the words.
  if (applied?.category === "rejected") {
    if (policy === "forbidden") return show("forbidden", "danger");
    if (policy === "rate-limited") return show("rate-limited", "warning", stopped ? ["reconnect"] : []);
    return show("rejected", "danger", ["reconnect"]);
  }
  if (stopped) return show("gave-up", "danger", ["reconnect"]);

  // Everything below is trouble that may clear by itself: stay quiet through the grace period.
  if (quiet) return HIDDEN;
  if (state.status === "connecting") return show("reconnecting", "info");
  // A handshake refused while a restarting or overloaded server is down tells the user nothing new: keep saying
  // what the outage began with, until it has lasted unreachableAfter failed attempts. The decision about that first
  // close is gone from the state by then; its category, the same by construction, is remembered with it.
  const unreachable = state.failedOpens >= (timing.unreachableAfter ?? 3);
  const category =
    close?.beforeOpen && memory.troubleClose && !unreachable ? memory.troubleClose.category : applied?.category;
  // By the decision's category, so a server's own restart code (a rule with category "planned") says "restarting"
  // too; 1001 and 1012 are planned, 1013 overloaded.
  if (category === "planned") return show("restarting", "info", ["retry-now"]);
  if (category === "overloaded") return show("busy", "warning", ["retry-now"]);
  // 1006, 1005, 1011, 1014, a heartbeat timeout and any other close the socket retries: the connection is lost.
  return show(unreachable ? "unreachable" : "lost", "warning", ["retry-now"]);
}

/**
 * The next memory after a snapshot arrives or the banner's words change: when trouble began, whether it was shown
 * (`shown`: the banner now shows trouble), and when it ended after being shown. Returns `previous` itself when
 * nothing changes.
 */
export function rememberBanner(
  previous: BannerMemory,
  state: SocketState,
  now: number,
  shown: boolean,
  timing: BannerTiming = {},
): BannerMemory {
  const { troubleSince, troubleClose = null, shown: wasShown = false } = previous;
  const trouble = isTrouble(state);
  // An open that has not held is still the same trouble: the grace period does not start over at each drop.
  if (trouble || (state.status === "open" && !hasHeld(state, now, timing.heldMs))) {
    if (troubleSince === null) {
      return trouble ? { troubleSince: now, recoveredAt: null, troubleClose: state.lastClose, shown } : previous;
    }
    // Issue 20: trouble that began with the page's first connect has no close yet; its first close names it, so a
    // 1012 soon after load still says "restarting" while the handshakes after it fail.
    const named = troubleClose ?? state.lastClose;
    return named === troubleClose && (wasShown || !shown)
      ? previous
      : { ...previous, troubleClose: named, shown: wasShown || shown };
  }
  if (troubleSince === null) return previous;
  // Trouble ends. Only a connection back after trouble that was on screen says "Reconnected.".
  return {
    troubleSince: null,
    recoveredAt: state.status !== "open" ? previous.recoveredAt : wasShown || shown ? now : null,
  };
}
