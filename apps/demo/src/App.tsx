import { LifelineDevtools } from "@lifeline/devtools";
import { LocaleProvider } from "@lifeline/ui";
import { uiEn } from "@lifeline/ui/locales/en";
import { uiZhCN } from "@lifeline/ui/locales/zh-CN";
import { useEffect, useId, useState } from "react";
import { Lab } from "./Lab.js";
import { LiveChat } from "./LiveChat.js";
import { createNetworkSwitch, type NetworkSwitch } from "./network.js";
import { type Lang, strings } from "./strings.js";

type Theme = "light" | "dark";
type View = "chat" | "lab";

function initial<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = new URLSearchParams(location.search).get(name);
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The demo's shell: language, theme and the two views. The chat stays mounted on the lab tab, connection and all. */
export function App({ network: given }: { readonly network?: NetworkSwitch } = {}) {
  const [network] = useState(() => given ?? createNetworkSwitch());
  const [lang, setLang] = useState<Lang>(() =>
    initial("lang", ["en", "zh-CN"], navigator.language.startsWith("zh") ? "zh-CN" : "en"),
  );
  const [theme, setTheme] = useState<Theme>(() =>
    initial("theme", ["light", "dark"], matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"),
  );
  const [view, setView] = useState<View>(() => initial("view", ["chat", "lab"], "chat"));
  const t = strings[lang];
  const ids = { lang: useId(), theme: useId() };

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = theme;
    document.title = t.title;
  }, [lang, theme, t.title]);

  return (
    <LocaleProvider locale={lang === "zh-CN" ? uiZhCN : uiEn}>
      <div className="app">
        <header className="app__header">
          <div>
            <h1>{t.title}</h1>
            <p className="app__tagline">{t.tagline}</p>
          </div>
          <div className="app__controls">
            <label htmlFor={ids.lang}>{t.language}</label>
            <select id={ids.lang} value={lang} onChange={(event) => setLang(event.target.value as Lang)}>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
            <label htmlFor={ids.theme}>{t.theme}</label>
            <select id={ids.theme} value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
              <option value="light">{t.themes.light}</option>
              <option value="dark">{t.themes.dark}</option>
            </select>
          </div>
          <nav className="app__nav" aria-label={t.tabs.label}>
            {(["chat", "lab"] as const).map((name) => (
              <button key={name} type="button" aria-pressed={view === name} onClick={() => setView(name)}>
                {t.tabs[name]}
              </button>
            ))}
          </nav>
        </header>
        <main>
          <div hidden={view !== "chat"}>
            <LiveChat lang={lang} network={network} />
          </div>
          {view === "lab" ? <Lab /> : null}
        </main>
      </div>
      {/* Development builds only (the default entry renders nothing in production): every socket on the page, and
          faults injected in the page itself, next to the fault panel's, which asks the server. Bottom left, where
          the page has nothing of its own to click: the fault panel, the composer and the banner's buttons sit right
          and top. */}
      <LifelineDevtools buttonPosition="bottom-left" locale={lang} theme={theme} />
    </LocaleProvider>
  );
}
