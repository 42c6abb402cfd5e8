import type { CloseCodeCatalog } from "@lifeline/core/explain";
import { useEffect, useState } from "react";
import type { DevtoolsLocale } from "./props.js";

// The close-code texts are most of the panel's weight (about 7 kB gzipped per language): each is a chunk of its own,
// fetched when the panel first speaks that language, so the panel carries one language and not both.
const LOADERS: Record<DevtoolsLocale, () => Promise<CloseCodeCatalog>> = {
  en: () => import("@lifeline/core/locales/en").then((module) => module.en),
  "zh-CN": () => import("@lifeline/core/locales/zh-CN").then((module) => module.zhCN),
};
const loaded = new Map<DevtoolsLocale, CloseCodeCatalog>();

/** The close-code texts in `locale`, or null until they have loaded (or if they could not be). */
export function useCloseCatalog(locale: DevtoolsLocale): CloseCodeCatalog | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (loaded.has(locale)) return;
    let live = true;
    LOADERS[locale]().then(
      (catalog) => {
        loaded.set(locale, catalog);
        if (live) setVersion((version) => version + 1);
      },
      // A chunk that failed to load (a deploy in between) costs the explanations only; the panel works without them.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [locale]);
  return loaded.get(locale) ?? null;
}
