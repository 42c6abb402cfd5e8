import type { Feature, Hooks } from "../feature.js";
import { act, type Kernel, note, settle } from "../kernel.js";
import { afterClose, local } from "../schedule.js";
import type { CloseClassification, HandshakeProbe } from "../types.js";

// The handshake probe feature: when to ask, and what to do with the answer. httpProbe.ts is one way to answer.

/** Handshakes in a row that never opened before the first probe; then it waits twice as long each time. */
export const PROBE_AFTER = 3;

function sameVerdict(a: CloseClassification, b: CloseClassification | null): boolean {
  return (
    b !== null &&
    a.httpStatus === b.httpStatus &&
    a.retry.action === b.retry.action &&
    a.retry.retryAfterMs === b.retry.retryAfterMs
  );
}

/** The probe for one socket. */
function start(kernel: Kernel, current: () => HandshakeProbe | undefined): Hooks {
  // What the probe last found behind this run of refused handshakes, or null. While it stands, every handshake that
  // fails is decided by it, and the probe asks again after each one.
  let verdict: CloseClassification | null = null;

  /** What the probe of attempt `id` found: the refused handshakes' close, told why; null: nothing usable. */
  function probed(id: number, found: CloseClassification | null) {
    const { status, reason } = kernel.snapshot;
    if (id !== kernel.id || status !== "reconnecting" || kernel.pending !== "attempt") return;
    const standing = verdict;
    note(kernel, { type: "probed", status: found?.httpStatus ?? 0 });
    verdict = found;
    // A verdict re-decides the same close, without counting another attempt; the same answer as last time keeps the
    // schedule. No verdict (426, 400, 404…: reachable, reason unknown) keeps it too, unless the close was decided by
    // an earlier verdict, which no longer holds.
    if (found && !sameVerdict(found, standing)) afterClose(kernel, found, reason, false, false);
    else if (!found && standing) afterClose(kernel, local(kernel, "", false), reason, false, false);
  }

  return {
    attempt(restart) {
      if (restart) verdict = null;
    },
    opened() {
      verdict = null;
    },
    refused: () => verdict,
    /**
     * After a close that scheduled a retry. Browsers hide the HTTP status of a refused upgrade; a plain request to
     * the same URL can show it. Once it has shown one, it asks after every refusal, so the banner never goes back to
     * "can't reach" in between and a server that changes its answer (or stops answering) is believed at once. Only a
     * handshake that was tried has something to ask about: after a url function failed there is no URL.
     */
    scheduled(close, counted) {
      const url = kernel.attemptUrl;
      const id = kernel.id;
      const rounds = kernel.snapshot.failedOpens / PROBE_AFTER;
      if (!counted || !url || (verdict === null && !Number.isInteger(Math.log2(rounds)))) return;
      // A probe that fails (CORS, a network error) has nothing to say.
      settle(
        kernel,
        "probe",
        () => current()?.(url, close),
        (found) => act(kernel, () => probed(id, (found as CloseClassification | null | undefined) ?? null)),
        () => act(kernel, () => probed(id, null)),
      );
    },
  };
}

/**
 * Asks why handshakes are refused: `use: [probe(httpProbe())]`. Browsers hide the HTTP status of a refused upgrade,
 * so 401, 403, 429 and 503 all look like "can't reach the server". After 3 handshakes in a row that never opened
 * (then 6, 12…), the socket calls `ask`, and the verdict it returns becomes the decision. `httpProbe()` asks with
 * `fetch`: 401 refreshes credentials, 403 stops, 429 is a rate limit and 503 an overload, each honouring
 * `Retry-After`.
 */
export function probe(ask: HandshakeProbe): Feature<HandshakeProbe> {
  return { name: "probe", settings: ask, start };
}
