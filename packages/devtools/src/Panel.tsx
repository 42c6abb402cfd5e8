import type { InspectedSocket } from "@lifeline/core/devtools";
import { useId } from "react";
import type { DevtoolsLocale } from "./props.js";
import { SocketCard } from "./SocketCard.js";
import { useInspectedSockets } from "./stores.js";
import { fill, STRINGS } from "./strings.js";
import { useCloseCatalog } from "./useCloseCatalog.js";

export interface PanelProps {
  /** The id the toggle's aria-controls names. */
  readonly id: string;
  readonly locale: DevtoolsLocale;
  readonly onClose: () => void;
}

export interface PanelViewProps extends PanelProps {
  readonly sockets: readonly InspectedSocket[];
}

/** The panel for a given list of sockets (the stories pass their own). */
export function PanelView({ id, locale, onClose, sockets }: PanelViewProps) {
  const strings = STRINGS[locale];
  const catalog = useCloseCatalog(locale);
  const titleId = useId();
  return (
    <section id={id} className="lldt-panel" aria-labelledby={titleId}>
      <header className="lldt-header">
        <h2 id={titleId} className="lldt-title">
          {strings.title}
        </h2>
        <span className="lldt-count">
          {sockets.length === 1 ? strings.socketsOne : fill(strings.socketsMany, { count: sockets.length })}
        </span>
        <button type="button" className="lldt-button lldt-close" onClick={onClose}>
          {strings.close}
        </button>
      </header>
      <div className="lldt-body">
        {sockets.length === 0 ? <p className="lldt-empty">{strings.none}</p> : null}
        {sockets.map((socket) => (
          <SocketCard key={socket.id} socket={socket} catalog={catalog} strings={strings} />
        ))}
      </div>
    </section>
  );
}

/** The panel over the page's own sockets; loaded lazily by the toggle. */
export function Panel(props: PanelProps) {
  const sockets = useInspectedSockets();
  return <PanelView {...props} sockets={sockets} />;
}
