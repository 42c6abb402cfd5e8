import type { Fault, InspectedSocket } from "@lifeline/core/devtools";
import { type FormEvent, useId, useState } from "react";
import { type DevtoolsStrings, fill } from "./strings.js";

// The faults the panel offers for one socket. Each button calls the socket's own fault(), which the socket sees as
// the real event (faults.ts in core): the app's banner, retries and bridges react as they would in production.

/** The close presets: the codes whose handling differs most, each with the reason a real server would send. */
const PRESETS = [
  { code: 1001, reason: "going away", label: "preset1001" },
  { code: 1008, reason: "rate limit exceeded; retry-after=5", label: "preset1008" },
  { code: 4401, reason: "unauthorized", label: "preset4401" },
  { code: 4403, reason: "forbidden", label: "preset4403" },
  { code: 1011, reason: "internal error", label: "preset1011" },
  { code: 1013, reason: "try again later", label: "preset1013" },
] as const;

/** RFC 6455 §5.5: a control frame carries at most 125 bytes, two of them the code. */
const MAX_REASON_BYTES = 123;

export interface FaultControlsProps {
  readonly socket: InspectedSocket;
  readonly strings: DevtoolsStrings;
}

/** The code field's error, or null when it holds a code fault() takes. */
export function codeError(text: string, strings: DevtoolsStrings): string | null {
  const code = Number(text.trim());
  return /^\d+$/.test(text.trim()) && code >= 1000 && code <= 4999 ? null : strings.codeInvalid;
}

/** The reason field's error, or null when it fits in a close frame. */
export function reasonError(text: string, strings: DevtoolsStrings): string | null {
  const bytes = new TextEncoder().encode(text).length;
  return bytes > MAX_REASON_BYTES ? fill(strings.reasonTooLong, { bytes }) : null;
}

/** The buttons and forms that break one socket on purpose. */
export function FaultControls({ socket, strings }: FaultControlsProps) {
  const ids = useId();
  const [outcome, setOutcome] = useState<{ readonly failed: boolean; readonly text: string } | null>(null);
  // The socket keeps its faults, so closing and opening the panel again shows the network as the panel left it.
  const [offline, setOffline] = useState(() => socket.faults().offline);
  const [code, setCode] = useState("4000");
  const [reason, setReason] = useState("");
  const [customErrors, setCustomErrors] = useState<{ code: string | null; reason: string | null }>({
    code: null,
    reason: null,
  });
  const [count, setCount] = useState("3");
  const [countError, setCountError] = useState<string | null>(null);

  // A fault the socket refuses (a code out of range, a socket already gone) is said here; it never reaches the app.
  const inject = (fault: Fault, label: string): boolean => {
    try {
      socket.fault(fault);
      setOutcome({ failed: false, text: fill(strings.faultSent, { fault: label }) });
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setOutcome({ failed: true, text: fill(strings.faultFailed, { message }) });
      return false;
    }
  };

  const closeWithCode = (event: FormEvent) => {
    event.preventDefault();
    const errors = { code: codeError(code, strings), reason: reasonError(reason, strings) };
    setCustomErrors(errors);
    if (errors.code || errors.reason) return;
    inject({ type: "close", code: Number(code.trim()), reason }, `${code.trim()} ${reason}`.trim());
  };

  const refuse = (event: FormEvent) => {
    event.preventDefault();
    const valid = /^\d+$/.test(count.trim()) && Number(count) >= 1;
    setCountError(valid ? null : strings.countInvalid);
    if (valid) inject({ type: "refuse", count: Number(count) }, `${strings.refuse} (${Number(count)})`);
  };

  const toggleOffline = () => {
    const next = !offline;
    if (inject({ type: next ? "offline" : "online" }, next ? strings.wentOffline : strings.cameOnline)) {
      setOffline(next);
    }
  };

  const field = (name: string) => `${ids}-${name}`;
  return (
    <fieldset className="lldt-faults">
      <legend>{strings.faults}</legend>
      <div className="lldt-row">
        <button type="button" className="lldt-button" onClick={() => inject({ type: "drop" }, strings.drop)}>
          {strings.drop}
        </button>
        <button type="button" className="lldt-button" aria-pressed={offline} onClick={toggleOffline}>
          {strings.offline}
        </button>
        <button type="button" className="lldt-button" onClick={() => inject({ type: "silence" }, strings.silence)}>
          {strings.silence}
        </button>
      </div>
      <fieldset className="lldt-presets">
        <legend>{strings.presets}</legend>
        <div className="lldt-row">
          {PRESETS.map((preset) => (
            <button
              key={preset.code}
              type="button"
              className="lldt-button"
              onClick={() => inject({ type: "close", code: preset.code, reason: preset.reason }, strings[preset.label])}
            >
              {strings[preset.label]}
            </button>
          ))}
        </div>
      </fieldset>
      {/* A fieldset, not a named form: a named form is a landmark, and with several sockets their names repeat. */}
      <fieldset className="lldt-presets">
        <legend>{strings.customClose}</legend>
        <form className="lldt-form" onSubmit={closeWithCode} noValidate>
          <label htmlFor={field("code")}>{strings.code}</label>
          <input
            id={field("code")}
            className="lldt-input lldt-code"
            inputMode="numeric"
            value={code}
            aria-invalid={customErrors.code !== null}
            aria-describedby={customErrors.code ? field("code-error") : undefined}
            onChange={(event) => setCode(event.target.value)}
          />
          <label htmlFor={field("reason")}>{strings.reason}</label>
          <input
            id={field("reason")}
            className="lldt-input"
            value={reason}
            aria-invalid={customErrors.reason !== null}
            aria-describedby={customErrors.reason ? field("reason-error") : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          <button type="submit" className="lldt-button">
            {strings.closeWithCode}
          </button>
          {customErrors.code ? (
            <p id={field("code-error")} className="lldt-error">
              {customErrors.code}
            </p>
          ) : null}
          {customErrors.reason ? (
            <p id={field("reason-error")} className="lldt-error">
              {customErrors.reason}
            </p>
          ) : null}
        </form>
      </fieldset>
      <form className="lldt-form" onSubmit={refuse} noValidate>
        <label htmlFor={field("count")}>{strings.refuseCount}</label>
        <input
          id={field("count")}
          className="lldt-input lldt-code"
          inputMode="numeric"
          value={count}
          aria-invalid={countError !== null}
          aria-describedby={countError ? field("count-error") : undefined}
          onChange={(event) => setCount(event.target.value)}
        />
        <button type="submit" className="lldt-button">
          {strings.refuse}
        </button>
        {countError ? (
          <p id={field("count-error")} className="lldt-error">
            {countError}
          </p>
        ) : null}
      </form>
      <p className="lldt-outcome" role="status">
        {outcome && !outcome.failed ? outcome.text : ""}
      </p>
      {outcome?.failed ? (
        <p className="lldt-error" role="alert">
          {outcome.text}
        </p>
      ) : null}
    </fieldset>
  );
}
