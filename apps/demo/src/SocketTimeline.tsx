import type { Socket } from "@lifeline/core";
import { ConnectionTimeline, useSocketDiagnostics } from "@lifeline/ui";
import { useId } from "react";
import { type Lang, strings } from "./strings.js";

/** What the socket did and when, from its diagnostics log, with tokens already redacted by core. */
export function SocketTimeline({ lang, socket }: { readonly lang: Lang; readonly socket: Socket }) {
  const heading = useId();
  const entries = useSocketDiagnostics(socket);
  return (
    <section className="panel" aria-labelledby={heading}>
      <h2 id={heading}>{strings[lang].timeline.heading}</h2>
      <ConnectionTimeline entries={entries} className="panel__timeline" />
    </section>
  );
}
