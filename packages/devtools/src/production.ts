// `@lifeline/devtools/production`: the devtools in any build, for a staging site or a support session. Production
// builds of core list only the sockets with `inspectable()` from `@lifeline/core/devtools` in their `use`.
export { LifelineDevtools } from "./LifelineDevtools.js";
export type { DevtoolsButtonPosition, DevtoolsLocale, DevtoolsTheme, LifelineDevtoolsProps } from "./props.js";
