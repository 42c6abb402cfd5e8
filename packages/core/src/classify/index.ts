// Teaching Lifeline a server's own close codes and phrases. Kept out of the main entry: most apps use the default
// table, and this is code they would otherwise ship for nothing.
export type { CloseClassifier } from "../classifyClose.js";
export { type PolicyPhrase, type PolicyPhrases, policyFromReason } from "../closePolicy.js";
export type { CloseCategory, CloseRule } from "../types.js";
export { closeReasons } from "./closeReasons.js";
export { type CloseClassifierOptions, createCloseClassifier } from "./createCloseClassifier.js";
