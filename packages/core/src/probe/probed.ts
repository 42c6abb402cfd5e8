import { afterClose, type Handler, local, note, set, state, status } from "../machineSteps.js";
import type { EventOf } from "../machineTypes.js";
import type { CloseClassification } from "../types.js";

// The socket's side of the handshake probe: what to do with its answer. The question itself is asked in
// machineSteps.ts's afterClose, after 3, 6, 12… refused handshakes; httpProbe.ts is one way to answer it.

/** What the handshake probe of an attempt found. */
export const onProbed: Handler<EventOf<"probed">> = (event) => {
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
