import type { UnitStyle } from "../labels/formatTime.js";
import { type LabelOverrides, mergeLabels } from "../labels/mergeLabels.js";

/**
 * Every string the connection timeline shows. `{name}` placeholders are filled in; the values are rendered as text
 * and never as HTML. The close code's registry name (`{name}`) stays English in every language.
 */
export interface TimelineLabels {
  /**
   * The language of these words (a BCP 47 tag): the `lang` attribute, and the language Intl writes plurals, the
   * clock, durations and ages in.
   */
  readonly lang: string;
  /** The accessible name of the list. */
  readonly list: string;
  /** Shown instead of the list while the log is empty. */
  readonly empty: string;
  readonly time: {
    /** Before a gap since the previous entry: `{duration}`. */
    readonly gap: string;
    /** A gap that runs backwards, when the wall clock was set back. */
    readonly gapBackwards: string;
    /**
     * How every `{duration}` and the age (given `now`) spell their units, written by `Intl.NumberFormat` and
     * `Intl.RelativeTimeFormat`: "narrow" (1.2s, 2m 5s, 12s ago), "short" (1.2 sec), "long" (1.2 seconds).
     */
    readonly units: UnitStyle;
  };
  /**
   * One sentence per entry type. Placeholders: `{url}` (connecting, opened), `{attempt}` (connectingAttempt,
   * retryScheduled), `{code}` `{name}` `{next}` (closed…), `{reason}`, `{duration}` (retryScheduled, connectTimeout,
   * heartbeatMissed: "1.2s", "1.2秒", in `time.units`; `{seconds}` is the bare number of seconds), `{count}`
   * (queue…), `{bytes}`, `{error}` (urlFailed, credentialsFailed, callbackFailed), `{callback}`, `{type}` (unknown).
   */
  readonly events: {
    readonly connecting: string;
    readonly connectingAttempt: string;
    readonly opened: string;
    /** `{next}` is one of the `next` group's phrases. */
    readonly closed: string;
    readonly closedBeforeOpen: string;
    readonly closedByApp: string;
    /** The server's reason, shown under a close as quoted text. */
    readonly reason: string;
    readonly retryScheduled: string;
    readonly connectTimeout: string;
    readonly heartbeatMissed: string;
    readonly offline: string;
    readonly online: string;
    readonly queueOverflowOne: string;
    readonly queueOverflowOther: string;
    readonly queueDiscardedOne: string;
    readonly queueDiscardedOther: string;
    readonly messageTooBig: string;
    readonly messageTooBigUnknownSize: string;
    readonly urlFailed: string;
    readonly credentialsRefreshed: string;
    readonly credentialsFailed: string;
    /** An app callback threw and the socket went on with its default: `{callback}`, `{error}`. */
    readonly callbackFailed: string;
    /** A message no listener got because it is not JSON (`@lifeline/core/typed`). */
    readonly messageNotJson: string;
    /** A message whose type the definitions do not name: `{type}`, "?" when it has none. */
    readonly messageUnknownType: string;
    /** A message its schema refused, or whose schema threw: `{type}`, `{error}` (what the schema said). */
    readonly messageInvalid: string;
    /** The handshake probe's answer: `{status}`, the HTTP status behind the refused upgrades. */
    readonly probed: string;
    /** The handshake probe got no usable answer. */
    readonly probedNothing: string;
    /** An entry type this version does not know (a newer @lifeline/core). */
    readonly unknown: string;
  };
  /** What the close's own retry decision says happens next. */
  readonly next: {
    readonly backoff: string;
    readonly soon: string;
    readonly slow: string;
    readonly afterHint: string;
    readonly afterHintUnknown: string;
    readonly refreshAuth: string;
    readonly never: string;
  };
  /** Why the socket stopped for good, by the `gave-up` entry's reason; `other` takes `{reason}`. */
  readonly gaveUp: {
    readonly "retry-refused": string;
    readonly "retries-exhausted": string;
    readonly "credentials-failed": string;
    readonly "invalid-url": string;
    readonly other: string;
  };
}

/** Overrides for some strings; the rest keep the locale's words. Undefined groups and strings are skipped. */
export type TimelineLabelOverrides = LabelOverrides<TimelineLabels>;

/** English timeline copy, the default. */
export const timelineEn: TimelineLabels = {
  lang: "en",
  list: "Connection timeline",
  empty: "Nothing has happened yet.",
  time: {
    gap: "+{duration}",
    gapBackwards: "−{duration}",
    units: "narrow",
  },
  events: {
    connecting: "Connecting to {url}",
    connectingAttempt: "Connecting to {url} (attempt {attempt})",
    opened: "Connected to {url}",
    closed: "Closed: {code} {name} — {next}",
    closedBeforeOpen: "Couldn't open: {code} {name} — {next}",
    closedByApp: "Closed by the app: {code} {name}",
    reason: "Reason: {reason}",
    retryScheduled: "Retry scheduled in {duration}",
    connectTimeout: "No answer: connect timed out after {duration}",
    heartbeatMissed: "Heartbeat missed after {duration} of silence",
    offline: "Went offline",
    online: "Back online",
    queueOverflowOne: "Queue full: {count} message dropped",
    queueOverflowOther: "Queue full: {count} messages dropped",
    queueDiscardedOne: "Closed with {count} unsent message discarded",
    queueDiscardedOther: "Closed with {count} unsent messages discarded",
    messageTooBig: "Message too big: the server refused {bytes} bytes",
    messageTooBigUnknownSize: "Message too big: the server refused it",
    urlFailed: "Couldn't get the URL: {error}",
    credentialsRefreshed: "Credentials refreshed",
    credentialsFailed: "Couldn't refresh credentials: {error}",
    callbackFailed: "Your {callback} threw, so the default was used: {error}",
    messageNotJson: "Ignored a message that is not JSON",
    messageUnknownType: 'Ignored a message of an undefined type: "{type}"',
    messageInvalid: 'Ignored an invalid "{type}" message: {error}',
    probed: "Asked why the handshake fails: HTTP {status}",
    probedNothing: "Asked why the handshake fails: no answer",
    unknown: "Unknown event: {type}",
  },
  next: {
    backoff: "will back off",
    soon: "will reconnect shortly",
    slow: "will back off slowly",
    afterHint: "will wait {duration}, as the server asked",
    afterHintUnknown: "will wait as the server asked",
    refreshAuth: "will refresh credentials",
    never: "won't reconnect",
  },
  gaveUp: {
    "retry-refused": "Gave up: the server's close rules out a retry",
    "retries-exhausted": "Gave up: out of retries",
    "credentials-failed": "Gave up: the credentials were refused",
    "invalid-url": "Gave up: the URL is not a WebSocket URL",
    other: "Gave up ({reason})",
  },
};

/** The locale's labels with the app's overrides laid over them, group by group. */
export function mergeTimelineLabels(
  base: TimelineLabels,
  overrides: TimelineLabelOverrides | undefined,
): TimelineLabels {
  return mergeLabels(base, overrides);
}
