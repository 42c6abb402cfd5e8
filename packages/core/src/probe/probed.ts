import type { Feature, Host } from "../feature.js";
import { afterClose, emit, type Handler, local, next, note, set, state, status } from "../machineSteps.js";
import type { EventOf, HandshakeProbe, SocketEffect } from "../machineTypes.js";
import type { CloseClassification } from "../types.js";

// The handshake probe feature: when to ask, what to do with the answer, and asking. httpProbe.ts is one way to
// answer.

/** Handshakes in a row that never opened before the first probe; then it waits twice as long each time. */
export const PROBE_AFTER = 3;

/**
 * After a close that scheduled a retry. Browsers hide the HTTP status of a refused upgrade; a plain request to the
 * same URL can show it. Once it has shown one, it asks after every refusal, so the banner never goes back to "can't
 * reach" in between and a server that changes its answer (or stops answering) is believed at once. Only a handshake
 * that was tried has something to ask about: after a url function failed there is no URL.
 */
function scheduled(close: CloseClassification, counted: boolean) {
  const rounds = next.snapshot.failedOpens / PROBE_AFTER;
  if (counted && next.url && (next.verdict !== null || Number.isInteger(Math.log2(rounds)))) {
    emit({ type: "probe", id: next.id, url: next.url, close });
  }
}

/** What the handshake probe of an attempt found. */
const onProbed: Handler<EventOf<"probed">> = (event) => {
  if (event.id !== state.id || status !== "reconnecting" || state.pending !== "attempt") return;
  const verdict = event.close;
  const standing = state.verdict;
  note({ type: "probed", status: verdict?.httpStatus ?? 0 });
  set({}, { verdict });
  // A verdict re-decides the same close, without counting another attempt; the same answer as last time keeps the
  // schedule. No verdict (426, 400, 404…: reachable, reason unknown) keeps it too, unless the close was decided by
  // an earlier verdict, which no longer holds.
  const reason = state.snapshot.reason;
  if (verdict && !sameVerdict(verdict, standing)) afterClose(verdict, reason, false, false);
  else if (!verdict && standing) afterClose(local("", false), reason, false, false);
};

function sameVerdict(a: CloseClassification, b: CloseClassification | null): boolean {
  return (
    b !== null &&
    a.httpStatus === b.httpStatus &&
    a.retry.action === b.retry.action &&
    a.retry.retryAfterMs === b.retry.retryAfterMs
  );
}

/** The interpreter's half: asks the app's probe, whose answer comes back as `probed`. */
function start(host: Host) {
  return (effect: SocketEffect) => {
    if (effect.type !== "probe") return;
    const { id, url, close } = effect;
    // A probe that fails (CORS, a network error) has nothing to say.
    host.settle(
      "probe",
      () => host.config.probe?.(url, close),
      (found) =>
        host.dispatch({ type: "probed", id, close: (found as CloseClassification | null | undefined) ?? null }),
      () => host.dispatch({ type: "probed", id, close: null }),
    );
  };
}

/**
 * Asks why handshakes are refused: `use: [probe(httpProbe())]`. Browsers hide the HTTP status of a refused upgrade,
 * so 401, 403, 429 and 503 all look like "can't reach the server". After 3 handshakes in a row that never opened
 * (then 6, 12…), the socket calls `ask`, and the verdict it returns becomes the decision. `httpProbe()` asks with
 * `fetch`: 401 refreshes credentials, 403 stops, 429 is a rate limit and 503 an overload, each honouring
 * `Retry-After`.
 */
export function probe(ask: HandshakeProbe): Feature {
  return { name: "probe", machine: { on: { probed: onProbed }, scheduled }, config: { probe: ask }, start };
}
