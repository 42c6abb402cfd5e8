import { createContext, type ReactNode, useContext } from "react";
import type { BannerLabels } from "./ConnectionBanner/labels.js";
import type { TimelineLabels } from "./ConnectionTimeline/labels.js";

/** The words of every @lifeline/ui component in one language: `uiEn` or `uiZhCN` from `@lifeline/ui/locales/*`. */
export interface UiLocale {
  readonly tag: "en" | "zh-CN";
  readonly banner: BannerLabels;
  readonly timeline: TimelineLabels;
}

const LocaleContext = createContext<UiLocale | null>(null);

/** Sets the language of every @lifeline/ui component below it. A component's own `locale` or `labels` prop wins. */
export function LocaleProvider({ locale, children }: { readonly locale: UiLocale; readonly children?: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/** The nearest provider's locale, or null for the built-in English. */
export function useUiLocale(): UiLocale | null {
  return useContext(LocaleContext);
}
