import { fileURLToPath } from "node:url";

// Vite aliases that swap React 18 (installed here, with Testing Library's and react-dom's peers bound to it) in for
// the imports a package's tests resolve; the packages themselves then require their own React 18. Shared by the
// react-18 projects of packages/react and packages/ui.
const installed = (name: string) => fileURLToPath(new URL(`./node_modules/${name}`, import.meta.url));

export const react18Aliases = [
  { find: /^react$/, replacement: installed("react") },
  { find: /^react\/(.*)$/, replacement: `${installed("react")}/$1` },
  { find: /^react-dom$/, replacement: installed("react-dom") },
  { find: /^react-dom\/(.*)$/, replacement: `${installed("react-dom")}/$1` },
  { find: /^@testing-library\/react$/, replacement: installed("@testing-library/react") },
];
