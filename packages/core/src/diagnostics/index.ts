// A socket's history for support screens and bug reports. Opt-in: `use: [diagnostics(listener)]`.
export type { DiagnosticEvent } from "../diagnosticEvent.js";
export { redactText, redactUrl } from "../redactUrl.js";
export {
  createDiagnostics,
  type DiagnosticEntry,
  type Diagnostics,
  type DiagnosticsOptions,
} from "./createDiagnostics.js";
export { diagnostics } from "./feature.js";
