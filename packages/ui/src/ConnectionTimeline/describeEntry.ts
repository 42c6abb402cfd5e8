import type { CloseClassification } from "@lifeline/core";
import type { DiagnosticEntry } from "@lifeline/core/diagnostics";
import { fillLabel } from "../ConnectionBanner/labels.js";
import { formatDuration } from "../labels/formatTime.js";
import type { TimelineLabels } from "./labels.js";

/** The colour of an entry's marker. The sentence carries the meaning; the colour only helps scanning. */
export type TimelineTone = "neutral" | "info" | "success" | "warning" | "danger";

/** One diagnostics entry in words: a template, the values for its placeholders, and the server's reason if any. */
export interface TimelineSentence {
  readonly tone: TimelineTone;
  readonly template: string;
  readonly values: Readonly<Record<string, string | number>>;
  /** The close reason as the server sent it, or null. Server data: show it as text, never as markup. */
  readonly reason: string | null;
}

const warned = new Set<string>();

/** Puts one entry into words. Pure apart from a one-time dev warning for entry types this version does not know. */
export function describeEntry(entry: DiagnosticEntry, labels: TimelineLabels): TimelineSentence {
  const words = labels.events;
  // The language's own rule picks the form: English says "1 message", Chinese has one form for every count.
  const one = (count: number) => new Intl.PluralRules(labels.lang).select(count) === "one";
  // `{seconds}` too, for templates written before `{duration}`.
  const wait = (ms: number) => ({ duration: formatDuration(ms, labels.lang, labels.time.units), seconds: seconds(ms) });
  const say = (tone: TimelineTone, template: string, values: Record<string, string | number> = {}) => ({
    tone,
    template,
    values,
    reason: null,
  });
  switch (entry.type) {
    case "connecting":
      return entry.attempt > 0
        ? say("info", words.connectingAttempt, { url: entry.url, attempt: entry.attempt })
        : say("info", words.connecting, { url: entry.url });
    case "opened":
      return say("success", words.opened, { url: entry.url });
    case "closed":
      return describeClose(entry.close, labels);
    case "retry-scheduled":
      return say("info", words.retryScheduled, { ...wait(entry.delayMs), attempt: entry.attempt });
    case "gave-up": {
      const known = entry.reason in labels.gaveUp && entry.reason !== "other";
      return say(
        "danger",
        known ? labels.gaveUp[entry.reason as keyof TimelineLabels["gaveUp"]] : labels.gaveUp.other,
        {
          reason: entry.reason,
        },
      );
    }
    case "connect-timeout":
      return say("warning", words.connectTimeout, wait(entry.afterMs));
    case "heartbeat-missed":
      return say("warning", words.heartbeatMissed, wait(entry.silentMs));
    case "offline":
      return say("warning", words.offline);
    case "online":
      return say("success", words.online);
    case "queue-overflow":
      return say("warning", one(entry.dropped) ? words.queueOverflowOne : words.queueOverflowOther, {
        count: entry.dropped,
      });
    case "queue-discarded":
      return say("warning", one(entry.dropped) ? words.queueDiscardedOne : words.queueDiscardedOther, {
        count: entry.dropped,
      });
    case "message-too-big":
      return entry.bytes === null
        ? say("danger", words.messageTooBigUnknownSize)
        : say("danger", words.messageTooBig, { bytes: entry.bytes });
    case "url-failed":
      return say("danger", words.urlFailed, { error: entry.error });
    case "credentials-refreshed":
      return say("info", words.credentialsRefreshed);
    case "credentials-failed":
      return say("danger", words.credentialsFailed, { error: entry.error });
    case "probed":
      return entry.status === 0
        ? say("info", words.probedNothing)
        : say("warning", words.probed, { status: entry.status });
    case "message-invalid": {
      const type = entry.messageType ?? "?";
      if (entry.reason === "not-json") return say("warning", words.messageNotJson);
      if (entry.reason === "unknown-type") return say("warning", words.messageUnknownType, { type });
      return say("warning", words.messageInvalid, { type, error: entry.error ?? "" });
    }
    case "callback-failed":
      return say("warning", words.callbackFailed, { callback: entry.callback, error: entry.error });
    default: {
      // Only a newer @lifeline/core than this component knows can get here; the type system rules it out.
      const type = String((entry as { type?: unknown }).type);
      warnUnknown(type);
      return say("neutral", words.unknown, { type });
    }
  }
}

function describeClose(close: CloseClassification, labels: TimelineLabels): TimelineSentence {
  const words = labels.events;
  const values = { code: close.code, name: close.name };
  const reason = close.reason === "" ? null : close.reason;
  if (close.userInitiated) return { tone: "neutral", template: words.closedByApp, values, reason };
  const next = nextStep(close, labels);
  return {
    tone: close.retry.action === "never" ? "danger" : "warning",
    template: close.beforeOpen ? words.closedBeforeOpen : words.closed,
    values: { ...values, next },
    reason,
  };
}

// The close's own decision. The retry limits may still change it; the next entry says what happened.
function nextStep(close: CloseClassification, labels: TimelineLabels): string {
  const { next } = labels;
  const decision = close.retry;
  switch (decision.action) {
    case "backoff":
      return next.backoff;
    case "soon":
      return next.soon;
    case "slow":
      return next.slow;
    case "after-hint":
      return decision.retryAfterMs === undefined
        ? next.afterHintUnknown
        : fillLabel(next.afterHint, {
            duration: formatDuration(decision.retryAfterMs, labels.lang, labels.time.units),
            seconds: seconds(decision.retryAfterMs),
          });
    case "refresh-auth":
      return next.refreshAuth;
    case "never":
      return next.never;
  }
}

/** Milliseconds as a bare number of seconds with one decimal, for the `{seconds}` placeholder. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/**
 * hh:mm:ss.mmm on a 24-hour clock in local time, which is what a user reading the screen compares with their own
 * clock; the platform's formatter writes it in the language's own way.
 */
export function clockTime(at: number, lang = "en"): string {
  return new Intl.DateTimeFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
  }).format(at);
}

// Written as `process.env.NODE_ENV` exactly, so bundlers replace it; a browser without the replacement throws, which
// counts as development. Declared here because the published build has no Node types.
declare const process: { readonly env: { readonly NODE_ENV?: string } };
function isProduction(): boolean {
  try {
    return process.env.NODE_ENV === "production";
  } catch {
    return false;
  }
}

function warnUnknown(type: string): void {
  if (isProduction() || warned.has(type)) return;
  warned.add(type);
  console.warn(
    `[@lifeline/ui] ConnectionTimeline got a diagnostics entry of type "${type}", which it does not know, and shows it as "unknown". Use @lifeline/ui and @lifeline/core from the same release.`,
  );
}
