import { createContext, useContext } from "react";
import type { BannerLabels } from "./ConnectionBanner/labels.js";
import type { TimelineLabels } from "./ConnectionTimeline/labels.js";

/** The words of every @lifeline/ui component in one language: `uiEn` or `uiZhCN` from `@lifeline/ui/locales/*`. */
export interface UiLocale {
  readonly tag: "en" | "zh-CN";
  readonly banner: BannerLabels;
  readonly timeline: TimelineLabels;
}

// Apart from LocaleProvider, so that a component reading the locale does not bring the provider's JSX runtime import.
export const LocaleContext = createContext<UiLocale | null>(null);

/** The nearest provider's locale, or null for the built-in English. */
export function useUiLocale(): UiLocale | null {
  return useContext(LocaleContext);
}
