import { LifelineDevtools as Devtools } from "./LifelineDevtools.js";
import type { LifelineDevtoolsProps } from "./props.js";

export type { DevtoolsButtonPosition, DevtoolsLocale, DevtoolsTheme, LifelineDevtoolsProps } from "./props.js";

// Read as app bundlers replace it: Vite (in dev and build), webpack and esbuild (which defines it by itself when it
// bundles for the browser: "production" when minifying, else "development") turn it into a string literal, so a
// production bundle keeps the function below and drops the toggle, the panel chunk and core's devtools entry. React's
// own entry reads the same expression, so any setup that runs React defines it. The "production" export condition
// (core's `#dev`) would not do here: esbuild sets no condition by itself, and a bundle made without one would ship
// the panel to users.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

function Nothing(_props: LifelineDevtoolsProps): null {
  return null;
}

/**
 * The devtools toggle and panel, in development builds only (`process.env.NODE_ENV === "development"`); elsewhere a
 * component that renders nothing. `@lifeline/devtools/production` renders in every build.
 */
export const LifelineDevtools: (props: LifelineDevtoolsProps) => ReturnType<typeof Devtools> | null =
  process.env.NODE_ENV === "development" ? Devtools : Nothing;
