import type { TrafficEntry } from "@lifeline/core/devtools";
import { useId, useState } from "react";
import { formatTime } from "./formatTime.js";
import type { DevtoolsStrings } from "./strings.js";

export interface TrafficProps {
  readonly traffic: readonly TrafficEntry[];
  readonly strings: DevtoolsStrings;
}

/** The socket's last messages in and out, newest first, with a text filter over their previews. */
export function Traffic({ traffic, strings }: TrafficProps) {
  const filterId = useId();
  const [filter, setFilter] = useState("");
  const wanted = filter.trim().toLowerCase();
  const shown = traffic
    .filter((entry) => !wanted || (entry.preview ?? "").toLowerCase().includes(wanted))
    .slice()
    .reverse();
  return (
    <details className="lldt-details">
      <summary>
        {strings.messages} ({traffic.length})
      </summary>
      <div className="lldt-filter">
        <label htmlFor={filterId}>{strings.filter}</label>
        <input
          id={filterId}
          className="lldt-input"
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      {traffic.length === 0 ? <p className="lldt-empty">{strings.noMessages}</p> : null}
      {traffic.length > 0 && shown.length === 0 ? <p className="lldt-empty">{strings.noMatch}</p> : null}
      {shown.length > 0 ? (
        <table className="lldt-table">
          <thead>
            <tr>
              <th scope="col">{strings.time}</th>
              <th scope="col">{strings.direction}</th>
              <th scope="col">{strings.size}</th>
              <th scope="col">{strings.preview}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry, index) => (
              // Entries have no ids, and the same message can come twice in a millisecond.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above.
              <tr key={`${entry.at}-${index}`} data-direction={entry.direction}>
                <td className="lldt-mono">{formatTime(entry.at)}</td>
                <td>{entry.direction === "in" ? strings.directionIn : strings.directionOut}</td>
                <td className="lldt-mono">{entry.size}</td>
                {/* A server's text: rendered as a text node, never as markup. */}
                <td className="lldt-mono lldt-preview">{entry.preview ?? strings.binary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
