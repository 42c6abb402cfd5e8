import { verifyUpstreamTests } from "./suite.js";

// Vitest's global setup: checked once before any upstream test runs, and a mismatch stops the run with the reason.
export default function setup(): void {
  verifyUpstreamTests();
}
