import type { TimelineEntry } from "@lifeline/core/devtools";
import { type DiagnosticEvent, redactText } from "@lifeline/core/diagnostics";
import { formatTime } from "./formatTime.js";
import type { DevtoolsStrings } from "./strings.js";

export interface TimelineProps {
  readonly timeline: readonly TimelineEntry[];
  readonly strings: DevtoolsStrings;
}

/**
 * One line of an event's own data, as the socket gave it, so it reads the same in every language. Redacted again:
 * core's timeline carries the attempt's URL as the app gave it (see report.ts).
 */
export function eventDetail(event: DiagnosticEvent): string {
  return redactText(detailOf(event));
}

function detailOf(event: DiagnosticEvent): string {
  switch (event.type) {
    case "connecting":
      return `#${event.attempt} ${event.url}`;
    case "opened":
      return event.url;
    case "closed": {
      const { code, name, reason } = event.close;
      return reason ? `${code} ${name} "${reason}"` : `${code} ${name}`;
    }
    case "retry-scheduled":
      return `${event.delayMs} ms, #${event.attempt}`;
    default:
      return Object.entries(event)
        .filter(([key]) => key !== "type")
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join(", ");
  }
}

/** What the socket did, newest first. */
export function Timeline({ timeline, strings }: TimelineProps) {
  const shown = timeline.slice().reverse();
  return (
    <details className="lldt-details">
      <summary>
        {strings.timeline} ({timeline.length})
      </summary>
      {shown.length === 0 ? (
        <p className="lldt-empty">{strings.noEvents}</p>
      ) : (
        <table className="lldt-table">
          <thead>
            <tr>
              <th scope="col">{strings.time}</th>
              <th scope="col">{strings.event}</th>
              <th scope="col">{strings.detail}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no ids, and two can share a millisecond.
              <tr key={`${entry.at}-${index}`}>
                <td className="lldt-mono">{formatTime(entry.at)}</td>
                <td>
                  <code>{entry.event.type}</code>
                </td>
                <td className="lldt-preview">{eventDetail(entry.event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
