import { inspectSockets } from "@lifeline/core/devtools";
import { type KeyboardEvent, lazy, Suspense, useCallback, useId, useRef, useState, useSyncExternalStore } from "react";
import { readOpen, writeOpen } from "./openState.js";
import type { DevtoolsLocale, LifelineDevtoolsProps } from "./props.js";

// Devtools are on the page from the moment this module loads, before the app makes its first socket: from then on
// development builds of core list every socket made, whether or not the panel was ever opened.
inspectSockets();

// The panel and everything it reads (the close-code texts in both languages, the fault forms) come in a chunk of
// their own, fetched the first time the panel opens: the app's main chunk carries this toggle alone.
const Panel = lazy(() => import("./Panel.js").then((module) => ({ default: module.Panel })));

// The toggle's own two words; the panel's strings (strings.ts) live in the lazy chunk.
const TOGGLE: Record<DevtoolsLocale, { readonly name: string; readonly loading: string }> = {
  en: { name: "Lifeline devtools", loading: "Loading the panel…" },
  "zh-CN": { name: "Lifeline 开发工具", loading: "正在加载面板…" },
};

const noSubscribe = () => () => {};
const onClient = () => true;
const onServer = () => false;

function browserLocale(): DevtoolsLocale {
  const language = typeof navigator === "undefined" ? "" : (navigator.language ?? "");
  return /^zh\b/i.test(language) ? "zh-CN" : "en";
}

/**
 * A floating button that opens a panel listing every Lifeline socket on the page: its state, why it last closed,
 * and buttons that break it on purpose. Import `@lifeline/devtools/styles.css` with it.
 */
export function LifelineDevtools({
  initialIsOpen = false,
  buttonPosition = "bottom-right",
  locale,
  theme = "system",
}: LifelineDevtoolsProps) {
  // Nothing during a server render or hydration: the open state and the language are the browser's to say, and a
  // render that read them on the server would not match the page.
  const hydrated = useSyncExternalStore(noSubscribe, onClient, onServer);
  const [open, setOpen] = useState(() => readOpen() ?? initialIsOpen);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const change = useCallback((next: boolean) => {
    setOpen(next);
    writeOpen(next);
  }, []);
  const close = useCallback(() => {
    change(false);
    toggle.current?.focus();
  }, [change]);
  if (!hydrated) return null;
  const language = locale ?? browserLocale();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    // The app's own Escape handlers (a dialog of its own) should not also act on a key meant for the panel.
    event.stopPropagation();
    close();
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape is heard here for the toggle and the panel alike; the controls inside are the interactive parts.
    <div className="lldt-root" data-theme={theme} data-position={buttonPosition} lang={language} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="lldt-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => change(!open)}
      >
        {TOGGLE[language].name}
      </button>
      {open ? (
        <Suspense
          fallback={
            <p className="lldt-loading" role="status">
              {TOGGLE[language].loading}
            </p>
          }
        >
          <Panel id={panelId} locale={language} onClose={close} />
        </Suspense>
      ) : null}
    </div>
  );
}
