import type { CloseRange } from "../closeCodes.js";
import type { RetryAction } from "../types.js";

/** The locales Lifeline ships texts for. */
export type CloseLocale = "en" | "zh-CN";

/** Three texts about one code or range, each one to three plain sentences. No HTML, no markdown. */
export interface CloseCodeCopy {
  /** A short localized title, e.g. "Abnormal closure" / "异常关闭". */
  readonly title: string;
  /** What the code means, checked against RFC 6455 and the IANA registry. */
  readonly meaning: string;
  /** The situations in which you meet it in practice. */
  readonly happensWhen: string;
  /** What a developer or operator can do about it. */
  readonly fix: string;
}

/** Where a close code comes from. */
export type CloseOrigin = "server" | "client" | "either" | "local";

/** Words for the comparison table: one label per facet and one word per facet value. */
export interface CompareLabels {
  readonly origin: { readonly label: string } & Readonly<Record<CloseOrigin, string>>;
  readonly onWire: { readonly label: string; readonly yes: string; readonly no: string };
  readonly rejection: { readonly label: string; readonly yes: string; readonly no: string };
  readonly retry: { readonly label: string } & Readonly<Record<RetryAction, string>>;
  /** Heading for the "which situation gives which" part, e.g. "You see {code} when". `{code}` is replaced. */
  readonly seenWhen: string;
}

/** Every text for one locale. Kept out of core's main entry; import a locale from `@lifeline/core/locales/<tag>`. */
export interface CloseCodeCatalog {
  readonly locale: CloseLocale;
  /** One entry per registered code: 1000–1015, 3000, 3003, 3008. */
  readonly codes: Readonly<Record<number, CloseCodeCopy>>;
  /** One entry per range, used for every code without its own entry. */
  readonly ranges: Readonly<Record<CloseRange, CloseCodeCopy>>;
  readonly compare: CompareLabels;
  /** Words of the reference table and the comparison view, in the catalog's language. `{name}` is filled in. */
  readonly views: {
    readonly reference: {
      readonly caption: string;
      readonly filter: string;
      /** e.g. "{shown} of {total} shown" */
      readonly count: string;
      /** e.g. "No code or range matches “{query}”." */
      readonly empty: string;
      readonly code: string;
      readonly title: string;
      readonly meaning: string;
      readonly nextStep: string;
      /** The label of the open-ended top range, e.g. "≥ {start}". */
      readonly openRange: string;
    };
    readonly comparison: {
      /** e.g. "{first} vs {second}" */
      readonly title: string;
      readonly caption: string;
      readonly facet: string;
      readonly differs: string;
      readonly seenWhen: string;
      readonly note: string;
      readonly fix: string;
      /** e.g. "After {code}" */
      readonly fixFor: string;
    };
  };
  /** Headings for the three texts, e.g. "What it means". */
  readonly sections: { readonly meaning: string; readonly happensWhen: string; readonly fix: string };
  /**
   * Hand-written notes for pairs people confuse, keyed "low-high" by code, e.g. "1006-1008".
   * Each note is one to three sentences on the main difference.
   */
  readonly pairs: Readonly<Record<string, string>>;
}
