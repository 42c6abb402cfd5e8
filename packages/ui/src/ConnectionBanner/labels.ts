import type { UnitStyle } from "../labels/formatTime.js";
import { type LabelOverrides, mergeLabels } from "../labels/mergeLabels.js";

/**
 * Every string the connection banner shows or announces. In a countdown message, `{when}` is the wait as the
 * language says it, from `Intl.RelativeTimeFormat` ("in 4 seconds", "4秒后"), and `{seconds}` the bare number.
 */
export interface BannerLabels {
  /** The language of these words (a BCP 47 tag): the banner's `lang`, and the language Intl writes the wait in. */
  readonly lang: string;
  /** How `{when}` spells its unit: "long" (in 4 seconds), "short" (in 4 sec.), "narrow" (in 4s). */
  readonly countdownStyle: UnitStyle;
  readonly lost: { readonly title: string; readonly message: string };
  readonly reconnecting: { readonly title: string };
  readonly unreachable: { readonly title: string; readonly message: string };
  readonly restarting: { readonly title: string; readonly message: string };
  readonly busy: { readonly title: string; readonly message: string };
  readonly rateLimited: { readonly title: string; readonly message: string; readonly stopped: string };
  readonly auth: { readonly title: string; readonly message: string };
  readonly forbidden: { readonly title: string; readonly message: string };
  readonly rejected: { readonly title: string; readonly message: string };
  readonly offline: { readonly title: string; readonly message: string };
  readonly gaveUp: { readonly title: string; readonly message: string };
  readonly recovered: { readonly title: string };
  /** Replaces a countdown message once the wait is over. */
  readonly retryingNow: string;
  /**
   * "Attempt {attempt}": the banner itself does not show it. It is here, translated, for an app that shows the
   * attempt beside the banner: `fillLabel(labels.attempt, { attempt: state.attempt })`.
   */
  readonly attempt: string;
  readonly actions: { readonly retryNow: string; readonly reconnect: string; readonly signIn: string };
  readonly details: { readonly summary: string; readonly code: string; readonly reason: string; readonly none: string };
}

/** Overrides for some strings; the rest keep the locale's words. Undefined groups and strings are skipped. */
export type BannerLabelOverrides = LabelOverrides<BannerLabels>;

/** The locale's labels with the app's overrides laid over them, group by group. */
export function mergeBannerLabels(base: BannerLabels, overrides: BannerLabelOverrides | undefined): BannerLabels {
  return mergeLabels(base, overrides);
}

/** Fills `{name}` placeholders. Plain text in, plain text out: nothing here is ever treated as HTML. */
export function fillLabel(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A case's or an action's name as its label key: "rate-limited" is `rateLimited`, "sign-in" is `signIn`. */
export type LabelKey<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<LabelKey<Tail>>}`
  : Name;

/** The label key of a case or an action, so each one's words are found by its name rather than a table of both. */
export function labelKey<Name extends string>(name: Name): LabelKey<Name> {
  return name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()) as LabelKey<Name>;
}
