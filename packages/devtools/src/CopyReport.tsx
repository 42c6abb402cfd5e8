import type { InspectedSocket } from "@lifeline/core/devtools";
import { useId, useState } from "react";
import { socketReport } from "./report.js";
import type { DevtoolsStrings } from "./strings.js";

export interface CopyReportProps {
  readonly socket: InspectedSocket;
  readonly strings: DevtoolsStrings;
}

type Outcome = { readonly copied: true } | { readonly copied: false; readonly report: string } | null;

/** Copies the socket's report to the clipboard; when the browser refuses, shows it to copy by hand. */
export function CopyReport({ socket, strings }: CopyReportProps) {
  const reportId = useId();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const copy = async () => {
    const report = socketReport(socket);
    try {
      // Absent outside a secure context, and refused without a user gesture or a permission.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(report);
      setOutcome({ copied: true });
    } catch {
      setOutcome({ copied: false, report });
    }
  };
  return (
    <div className="lldt-report">
      <button type="button" className="lldt-button" onClick={() => void copy()}>
        {strings.copyReport}
      </button>
      <p className="lldt-outcome" role="status">
        {outcome === null ? "" : outcome.copied ? strings.copied : strings.copyRefused}
      </p>
      {outcome && !outcome.copied ? (
        <>
          <label htmlFor={reportId}>{strings.report}</label>
          <textarea id={reportId} className="lldt-input lldt-report-text" readOnly value={outcome.report} rows={8} />
        </>
      ) : null}
    </div>
  );
}
