import type { InspectedSocket } from "@lifeline/core/devtools";
import { redactText } from "@lifeline/core/diagnostics";

// Every string in the report goes through core's redaction, whatever core already did: a report is pasted into bug
// trackers. Core redacts the socket's URL, the message previews and the timeline, but the close reason in the state
// is the server's own text.
const redactStrings = (_key: string, value: unknown) => (typeof value === "string" ? redactText(value) : value);

/** What "Copy report" copies: the socket's URL, its state, its timeline and its last messages, as JSON. */
export function socketReport(socket: InspectedSocket): string {
  return JSON.stringify(
    { socket: socket.url(), snapshot: socket.getSnapshot(), timeline: socket.timeline(), traffic: socket.traffic() },
    redactStrings,
    2,
  );
}
