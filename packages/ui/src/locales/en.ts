import type { BannerLabels } from "../ConnectionBanner/labels.js";
import { timelineEn } from "../ConnectionTimeline/labels.js";
import type { UiLocale } from "../localeContext.js";

// English, the default: components use it unless given another locale, so it is the one locale always shipped.

/** English banner copy. */
export const bannerEn: BannerLabels = {
  lang: "en",
  countdownStyle: "long",
  lost: { title: "Connection lost.", message: "Retrying {when}…" },
  reconnecting: { title: "Reconnecting…" },
  unreachable: { title: "Can't reach the server.", message: "Retrying {when}…" },
  restarting: { title: "The server is restarting.", message: "Reconnecting {when}…" },
  busy: { title: "The server is busy.", message: "Retrying {when}…" },
  rateLimited: {
    title: "Rejected: rate limited.",
    message: "Trying again {when}.",
    stopped: "It won't try again on its own.",
  },
  auth: { title: "Rejected: your session has expired.", message: "Sign in again to continue." },
  forbidden: { title: "Rejected: access denied.", message: "This account can't use this connection." },
  rejected: { title: "Rejected by the server.", message: "It won't reconnect on its own." },
  offline: { title: "You're offline.", message: "Waiting for the network…" },
  gaveUp: { title: "Couldn't reconnect.", message: "Try again when you're ready." },
  recovered: { title: "Reconnected." },
  retryingNow: "Retrying now…",
  attempt: "Attempt {attempt}",
  actions: { retryNow: "Retry now", reconnect: "Reconnect", signIn: "Sign in" },
  details: { summary: "Details", code: "Close code", reason: "Reason", none: "none" },
};

/** Every @lifeline/ui string in English, for `<LocaleProvider locale={uiEn}>`. */
export const uiEn: UiLocale = { tag: "en", banner: bannerEn, timeline: timelineEn };
