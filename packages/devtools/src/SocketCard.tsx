import type { SocketState } from "@lifeline/core";
import type { InspectedSocket } from "@lifeline/core/devtools";
import { redactText } from "@lifeline/core/diagnostics";
import { type CloseCodeCatalog, explainCloseCode } from "@lifeline/core/explain";
import { useId } from "react";
import { CopyReport } from "./CopyReport.js";
import { FaultControls } from "./FaultControls.js";
import { formatTime } from "./formatTime.js";
import { useInspected } from "./stores.js";
import { type DevtoolsStrings, fill } from "./strings.js";
import { Timeline } from "./Timeline.js";
import { Traffic } from "./Traffic.js";
import { useNow } from "./useNow.js";

/** How many queued messages the preview shows, and how much of each. */
const QUEUE_PREVIEW = 3;
const QUEUE_PREVIEW_CHARS = 80;

export interface SocketCardProps {
  readonly socket: InspectedSocket;
  /** The close-code texts in the panel's language; null while they load. */
  readonly catalog: CloseCodeCatalog | null;
  readonly strings: DevtoolsStrings;
}

function Countdown({ state, strings }: { readonly state: SocketState; readonly strings: DevtoolsStrings }) {
  const pending = state.nextRetryAt !== null;
  const now = useNow(pending);
  if (state.nextRetryAt === null) return <>{strings.noRetry}</>;
  const seconds = Math.ceil((state.nextRetryAt - now) / 1000);
  return <>{seconds > 0 ? fill(strings.retryIn, { seconds }) : strings.retryDue}</>;
}

function queuePreview(item: unknown, strings: DevtoolsStrings): string {
  if (typeof item !== "string") return strings.binary;
  const cut = item.length > QUEUE_PREVIEW_CHARS ? `${item.slice(0, QUEUE_PREVIEW_CHARS)}…` : item;
  return redactText(cut);
}

/** The heartbeat's ping waiting for an answer, read each second: the ping is no change the socket announces. */
function Heartbeat({ socket, strings }: { readonly socket: InspectedSocket; readonly strings: DevtoolsStrings }) {
  useNow(true);
  const sentAt = socket.pingSentAt();
  return <>{typeof sentAt === "number" ? fill(strings.pingWaiting, { time: formatTime(sentAt) }) : strings.noPing}</>;
}

/** One socket: where it connects, its state, why it last closed and what it decided, its queue, tab and features. */
export function SocketCard({ socket, catalog, strings }: SocketCardProps) {
  useInspected(socket);
  const headingId = useId();
  const state = socket.getSnapshot();
  const close = state.lastClose;
  const decision = state.decision;
  const queued = socket.queued();
  const features = socket.features();
  const traffic = socket.traffic();
  // What a heartbeat watches: after a silence fault this stops moving while the socket still says open.
  const lastIn = traffic.filter((entry) => entry.direction === "in").at(-1);
  return (
    <section className="lldt-socket" aria-labelledby={headingId} data-status={state.status}>
      <h3 id={headingId} className="lldt-socket-title">
        <span className="lldt-socket-id">#{socket.id}</span> <span className="lldt-url">{socket.url()}</span>
      </h3>
      <dl className="lldt-facts">
        <dt>{strings.status}</dt>
        <dd>
          <code className="lldt-status" data-status={state.status}>
            {state.status}
          </code>{" "}
          <code>{state.reason}</code>
        </dd>
        <dt>{strings.attempt}</dt>
        <dd>{state.attempt}</dd>
        <dt>{strings.nextAttempt}</dt>
        <dd className="lldt-countdown">
          <Countdown state={state} strings={strings} />
        </dd>
        <dt>{strings.lastClose}</dt>
        <dd>
          {close ? (
            <>
              <code>{close.code}</code> {close.name}
            </>
          ) : (
            strings.noClose
          )}
        </dd>
        {close ? (
          <>
            <dt>{strings.closeReason}</dt>
            <dd>{close.reason ? <q className="lldt-reason">{close.reason}</q> : strings.noCloseReason}</dd>
            <dt>{strings.classification}</dt>
            <dd>
              <code>{close.kind}</code> · <code>{close.category}</code>
              {close.policy ? (
                <>
                  {" "}
                  · <code>{close.policy}</code>
                </>
              ) : null}
            </dd>
            {catalog ? (
              <>
                <dt>{strings.why}</dt>
                <dd className="lldt-why">{explainCloseCode(close.code, catalog).meaning}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {decision ? (
          <>
            <dt>{strings.decision}</dt>
            <dd>
              <code>{decision.action}</code> · <code>{decision.category}</code> ·{" "}
              {decision.delayMs === null ? strings.noDelay : fill(strings.delay, { ms: decision.delayMs })}
              {decision.retryAfterMs !== null ? ` · ${fill(strings.serverHint, { ms: decision.retryAfterMs })}` : null}
            </dd>
          </>
        ) : null}
        <dt>{strings.lastIn}</dt>
        <dd className="lldt-mono">{lastIn ? formatTime(lastIn.at) : strings.nothingIn}</dd>
        {socket.pingSentAt() !== undefined ? (
          <>
            <dt>{strings.heartbeat}</dt>
            <dd>
              <Heartbeat socket={socket} strings={strings} />
            </dd>
          </>
        ) : null}
        <dt>{strings.queue}</dt>
        <dd>
          {queued.length === 0 ? strings.queueEmpty : fill(strings.queued, { count: queued.length })}
          {queued.length > 0 ? (
            <ol className="lldt-queue">
              {queued.slice(0, QUEUE_PREVIEW).map((item, index) => (
                // The queue holds no ids; a position is what a preview of its head has.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                <li key={index}>
                  <code>{queuePreview(item, strings)}</code>
                </li>
              ))}
            </ol>
          ) : null}
        </dd>
        {state.tab ? (
          <>
            <dt>{strings.tab}</dt>
            <dd>{fill(strings.tabRole, { role: state.tab.role, count: state.tab.tabs })}</dd>
          </>
        ) : null}
        <dt>{strings.features}</dt>
        <dd>{features.length === 0 ? strings.noFeatures : features.join(", ")}</dd>
      </dl>
      <FaultControls socket={socket} strings={strings} />
      <Traffic traffic={traffic} strings={strings} />
      <Timeline timeline={socket.timeline()} strings={strings} />
      <CopyReport socket={socket} strings={strings} />
    </section>
  );
}
