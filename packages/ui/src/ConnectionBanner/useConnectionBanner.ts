import type { SocketState } from "@lifeline/core";
import type { ExternalStore } from "@lifeline/react";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { formatCountdown } from "../labels/formatTime.js";
import { mergeLabels } from "../labels/mergeLabels.js";
import { useUiLocale } from "../localeContext.js";
import { bannerEn } from "../locales/en.js";
import {
  type BannerCase,
  type BannerDecision,
  type BannerMemory,
  type BannerTiming,
  decideBanner,
  rememberBanner,
} from "./bannerState.js";
import { type BannerLabelOverrides, type BannerLabels, fillLabel, labelKey } from "./labels.js";

/**
 * What the banner reads: a socket from `createSocket`, or any store of socket state. Without `reconnect` (a store
 * that only mirrors a socket's state) the banner offers no "Retry now" or "Reconnect": there is nothing to call.
 */
export type BannerSource = ExternalStore<SocketState> & { reconnect?: () => void };

export interface UseConnectionBannerOptions {
  /** The locale's words, e.g. `bannerZhCN` from `@lifeline/ui/locales/zh-CN`. @default the LocaleProvider's, else English */
  readonly locale?: BannerLabels;
  /** Replace any string. */
  readonly labels?: BannerLabelOverrides;
  readonly timing?: BannerTiming;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/** The banner's decision plus its words, for apps that draw their own banner. */
export interface ConnectionBannerView extends BannerDecision {
  readonly title: string;
  /** The line under the title, countdown included; null when there is none. */
  readonly message: string | null;
  readonly labels: BannerLabels;
  /**
   * The decision's actions the source can carry out: "retry-now" and "reconnect" only when it has `reconnect()`.
   * "sign-in" is listed whenever the decision has it; the app wires it (or leaves it out).
   */
  readonly actions: BannerDecision["actions"];
  /** Tries at once (the socket's `reconnect()`); used by "Retry now" and "Reconnect". */
  readonly retry: () => void;
}

// The fields the banner reads. A change of any other (`queued`, or a message in a store that carries them) keeps the
// snapshot the banner has, so it does not render.
const READ = [
  "status",
  "reason",
  "attempt",
  "nextRetryAt",
  "lastClose",
  "openedAt",
  "stableAt",
  "failedOpens",
  "decision",
] as const;

/** The source's state, kept while none of the fields the banner reads has changed. */
function useBannerState(source: BannerSource): SocketState {
  const [subscribe, read] = useMemo(() => {
    // Differs from any snapshot in `status`, so that the first read keeps that snapshot.
    let kept = {} as SocketState;
    return [
      // Bound, for a store whose methods use `this`.
      (listener: () => void) => source.subscribe(listener),
      (next: SocketState) => {
        if (READ.some((key) => kept[key] !== next[key])) kept = next;
        return kept;
      },
    ] as const;
  }, [source]);
  return useSyncExternalStore(
    subscribe,
    () => read(source.getSnapshot()),
    () => read(source.getServerSnapshot?.() ?? source.getSnapshot()),
  );
}

/** Decides what a connection banner says now and keeps the countdown moving. Headless: returns data, renders nothing. */
export function useConnectionBanner(
  source: BannerSource,
  options: UseConnectionBannerOptions = {},
): ConnectionBannerView {
  const now = options.now ?? Date.now;
  const state = useBannerState(source);
  const provided = useUiLocale();
  const [memory, setMemory] = useState<BannerMemory>({ troubleSince: null, recoveredAt: null });
  const [tick, setTick] = useState(0);
  const time = now();
  const { timing } = options;
  const decision = decideBanner(state, memory, time, timing);
  const showsTrouble = decision.visible && decision.case !== "recovered";

  // After the commit, the memory: decideBanner already reads a changed snapshot right with the memory from before it,
  // so this re-render changes nothing on screen (no empty frame).
  // Then wake up only when the words or the memory may change: the grace period ending, the connection holding, the
  // countdown's next second, or "Reconnected." expiring. Nothing ticks while the connection is fine. A wake-up runs
  // this again, as a quiet connection that holds changes no snapshot and no words, yet ends the trouble. `tick` re-arms
  // the timer when a wake-up came a millisecond early and the moment it waited for is still ahead.
  const wakeAt = nextChange(state, memory, decision, time, timing);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `timing` is read for its moments, whose change `wakeAt` reflects.
  useEffect(() => {
    const at = now();
    const next = rememberBanner(memory, state, at, showsTrouble, timing);
    // Only a change: a wake-up that changes nothing must not cost another render.
    if (next !== memory) setMemory(next);
    if (wakeAt === Number.POSITIVE_INFINITY) return;
    const timer = setTimeout(() => setTick(tick + 1), Math.max(0, wakeAt - at));
    return () => clearTimeout(timer);
  }, [state, memory, now, showsTrouble, wakeAt, tick]);

  // Over English, so a locale with a missing group still has words for it.
  const labels = mergeLabels(bannerEn, options.locale ?? provided?.banner, options.labels);
  const { title, message } = words(decision, labels);
  // A button that calls nothing would only mislead: without reconnect() only "Sign in" (the app's own) can stay.
  const actions = source.reconnect ? decision.actions : decision.actions.filter((action) => action === "sign-in");
  return { ...decision, actions, title, message, labels, retry: () => source.reconnect?.() };
}

/**
 * The earliest moment ahead at which the words or the memory may change, Infinity for none. A moment that changes
 * nothing costs one render, never a wrong frame.
 */
function nextChange(
  state: SocketState,
  memory: BannerMemory,
  decision: BannerDecision,
  time: number,
  timing: BannerTiming = {},
): number {
  const { troubleSince, recoveredAt } = memory;
  const { nextRetryAt } = state;
  // A moment that does not apply is false, which is never ahead.
  const moments = (
    [
      // The connection holding: "Reconnected.", or the quiet end of trouble never shown.
      troubleSince !== null && state.openedAt !== null && state.openedAt + (timing.heldMs ?? 1000),
      // "Reconnected." expiring.
      recoveredAt !== null && recoveredAt + (timing.recoveredMs ?? 3000),
      // The grace period ending.
      troubleSince !== null && troubleSince + (timing.graceMs ?? 1500),
      // The countdown's next second, while one shows.
      decision.visible && nextRetryAt !== null && nextRetryAt > time && time + ((nextRetryAt - time) % 1000 || 1000),
    ] as number[]
  ).filter((moment) => moment > time);
  return Math.min(...moments);
}

/** The title and message of a case, from the label group of the case's name ("rate-limited": rateLimited). */
function words(decision: BannerDecision, labels: BannerLabels): { title: string; message: string | null } {
  const { case: kase, secondsLeft } = decision;
  // Hidden has no group of words: it says nothing, no title, and as it will not retry, no message.
  const group: { readonly title: string; readonly message?: string; readonly stopped?: string } = labels[
    labelKey(kase as Exclude<BannerCase, "hidden">)
  ] ?? { title: "" };
  return {
    title: group.title,
    message:
      !decision.willRetry ||
      // The cases the socket may retry from that still say something fixed; the others count down to the next attempt.
      kase === "reconnecting" ||
      kase === "forbidden" ||
      kase === "offline"
        ? // A stopped rate limit says it won't try again; a case without a message (reconnecting, recovered) has none.
          ((kase === "rate-limited" ? group.stopped : group.message) ?? null)
        : secondsLeft === null
          ? null
          : secondsLeft === 0
            ? labels.retryingNow
            : // A rejection the socket still retries counts down in the words of a lost connection.
              fillLabel((kase === "rejected" ? labels.lost : group).message ?? "", {
                when: formatCountdown(secondsLeft, labels.lang, labels.countdownStyle),
                seconds: secondsLeft,
              }),
  };
}
