import { classifyClose } from "../classifyClose.js";
import type { Feature } from "../feature.js";

/**
 * Reads what servers put in close reasons: the policy phrases ("rate limit exceeded", "token expired", "access
 * denied") and the retry hint ("retry-after=5", `{"retryAfter":5}`). Without it a socket decides by the code alone:
 * a 1008 stops, which is safe; with it, `1008 rate limit exceeded; retry-after=5` waits 5 s and tries again, and an
 * expired token refreshes. `browser()` includes it. An app's own `classify` (createCloseClassifier) reads reasons
 * itself and wins over this.
 */
export function closeReasons(): Feature {
  return { name: "closeReasons", start: () => ({ classify: classifyClose }) };
}
