/** The languages the panel speaks. */
export type DevtoolsLocale = "en" | "zh-CN";

/** Where the floating toggle sits. */
export type DevtoolsButtonPosition = "bottom-right" | "bottom-left" | "top-right" | "top-left";

/** The panel's colours; `system` follows the page's `prefers-color-scheme`. */
export type DevtoolsTheme = "light" | "dark" | "system";

/** Props of `<LifelineDevtools />`. */
export interface LifelineDevtoolsProps {
  /**
   * Whether the panel starts open the first time; after that the open state the developer left is kept in
   * localStorage (`lifeline-devtools-open`).
   * @default false
   */
  readonly initialIsOpen?: boolean;
  /** @default "bottom-right" */
  readonly buttonPosition?: DevtoolsButtonPosition;
  /** @default the browser's language when it is Chinese, else "en" */
  readonly locale?: DevtoolsLocale;
  /** @default "system" */
  readonly theme?: DevtoolsTheme;
}
