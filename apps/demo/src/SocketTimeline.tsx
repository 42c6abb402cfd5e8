import { ConnectionTimeline, type DiagnosticsLog, useDiagnostics } from "@lifeline/ui";
import { useId } from "react";
import { type Lang, strings } from "./strings.js";

/** What the socket did and when, from its diagnostics log, with tokens already redacted by core. */
export function SocketTimeline({ lang, diagnostics }: { readonly lang: Lang; readonly diagnostics: DiagnosticsLog }) {
  const heading = useId();
  const entries = useDiagnostics(diagnostics);
  return (
    <section className="panel" aria-labelledby={heading}>
      <h2 id={heading}>{strings[lang].timeline.heading}</h2>
      <ConnectionTimeline entries={entries} className="panel__timeline" />
    </section>
  );
}
