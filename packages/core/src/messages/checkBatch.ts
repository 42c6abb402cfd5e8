import { LifelineError } from "../errors.js";

/** Development only (through `#dev`): a `batch` the store does not understand is a mistake worth a clear error. */
export function checkBatch(batch: unknown): void {
  if (batch !== false && !(typeof batch === "number" && batch > 0 && Number.isFinite(batch))) {
    throw new LifelineError(
      "invalid-option",
      `createMessageStore: options.batch is ${String(batch)}. Use false, true (16 ms) or a number of milliseconds above 0.`,
    );
  }
}
