import type { ReactNode } from "react";
import { LocaleContext, type UiLocale } from "./localeContext.js";

export { type UiLocale, useUiLocale } from "./localeContext.js";

/** Sets the language of every @lifeline/ui component below it. A component's own `locale` or `labels` prop wins. */
export function LocaleProvider({ locale, children }: { readonly locale: UiLocale; readonly children?: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}
