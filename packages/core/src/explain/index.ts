// `@lifeline/core/explain`: explanations and comparisons. Texts live in `@lifeline/core/locales/<tag>`, so an app
// that only classifies ships none of them and an app in one language ships only that one.
export {
  type CloseComparison,
  type CloseExplanation,
  type CompareFacet,
  type CompareRow,
  compareCloseCodes,
  explainCloseCode,
} from "./explainCloseCode.js";
export type { CloseCodeCatalog, CloseCodeCopy, CloseLocale, CloseOrigin, CompareLabels } from "./types.js";
