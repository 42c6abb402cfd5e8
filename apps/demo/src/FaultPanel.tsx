import type { Socket } from "@lifeline/core";
import { fillLabel } from "@lifeline/ui";
import { useId, useState, useSyncExternalStore } from "react";
import { triggerFault } from "./api.js";
import { TAB_ID, TUNING } from "./config.js";
import type { NetworkSwitch } from "./network.js";
import { type Lang, labelColon, type PanelFault, strings } from "./strings.js";

interface FaultPanelProps {
  readonly lang: Lang;
  readonly socket: Socket;
  readonly network: NetworkSwitch;
}

const SERVER_FAULTS = [
  "drop",
  "rate-limit",
  "token-expiry",
  "sign-out",
  "session-expiry",
  "restart",
  "overload",
  "half-open",
  "reject",
  "refuse",
  "hang",
  "idle-timeout",
  "malformed",
] as const satisfies readonly PanelFault[];

/**
 * Buttons that break the live server or this page's network, the browser's own network state, and a line that says
 * what the last button did.
 */
export function FaultPanel({ lang, socket, network }: FaultPanelProps) {
  const t = strings[lang].faults;
  const heading = useId();
  const [rejectStatus, setRejectStatus] = useState("503");
  const [refuseStatus, setRefuseStatus] = useState("429");
  // Read from the switch itself, so the button can never disagree with what the socket was told.
  const offline = useSyncExternalStore(network.subscribe, () => network.simulatedOffline);
  const browserOnline = useSyncExternalStore(network.browser.subscribe, network.browser.get);
  const [result, setResult] = useState("");

  const run = async (fault: PanelFault | "reset") => {
    const label = fault === "reset" ? t.reset : t.items[fault].label;
    try {
      if (fault === "offline") {
        // The network goes first, so Lifeline reads the drop that follows as "offline" and waits for it to return.
        network.simulateOffline(true);
        await triggerFault("drop", { tab: TAB_ID });
      } else if (fault === "reject") {
        await triggerFault("reject", { status: rejectStatus });
      } else if (fault === "refuse") {
        await triggerFault("refuse", { status: refuseStatus });
      } else {
        await triggerFault(fault);
      }
      // A client that floods: typing events, so no chat message is lost to the limit.
      if (fault === "rate-limit") for (let index = 0; index < 8; index++) socket.send('{"type":"typing"}');
      setResult(fillLabel(t.done, { fault: label }));
    } catch (error) {
      setResult(fillLabel(t.failed, { fault: label, error: (error as Error).message }));
    }
  };

  const backOnline = () => {
    network.simulateOffline(false);
    setResult(fillLabel(t.done, { fault: t.online }));
  };

  return (
    <section className="panel faults" aria-labelledby={heading}>
      <h2 id={heading}>{t.heading}</h2>
      <p className="panel__intro">{t.intro}</p>
      <ul className="faults__list">
        {SERVER_FAULTS.map((fault) => (
          <li key={fault}>
            <button type="button" data-fault={fault} onClick={() => void run(fault)}>
              {t.items[fault].label}
            </button>
            {fault === "reject" ? (
              <select
                aria-label={t.items.reject.label}
                value={rejectStatus}
                onChange={(event) => setRejectStatus(event.target.value)}
              >
                <option value="401">401</option>
                <option value="429">429</option>
                <option value="503">503</option>
              </select>
            ) : null}
            {fault === "refuse" ? (
              <select
                aria-label={t.items.refuse.label}
                value={refuseStatus}
                onChange={(event) => setRefuseStatus(event.target.value)}
              >
                {["401", "403", "404", "429", "503"].map((status) => (
                  <option key={status} value={status}>
                    {status}
                  </option>
                ))}
              </select>
            ) : null}
            <span className="faults__hint">{t.items[fault].hint}</span>
          </li>
        ))}
        {TUNING.platform === "default" ? (
          <li>
            <span className="faults__hint">{t.platformDefault}</span>
          </li>
        ) : (
          <li>
            {offline ? (
              <button type="button" data-fault="online" onClick={backOnline}>
                {t.online}
              </button>
            ) : (
              <button type="button" data-fault="offline" onClick={() => void run("offline")}>
                {t.items.offline.label}
              </button>
            )}
            <span className="faults__hint">{t.items.offline.hint}</span>
          </li>
        )}
        {/* A page cannot take the browser offline, so this is a reading, not a button: the real switch is DevTools'. */}
        <li data-testid="browser-network" data-online={browserOnline}>
          <span>
            {t.browser.label}
            {labelColon(lang)}
            <strong>{browserOnline ? t.browser.online : t.browser.offline}</strong>
          </span>
          <span className="faults__hint">{t.browser.hint}</span>
        </li>
      </ul>
      <div className="faults__footer">
        <button type="button" data-fault="reset" onClick={() => void run("reset")}>
          {t.reset}
        </button>
        <output aria-label={t.status} data-testid="fault-result">
          {result}
        </output>
      </div>
    </section>
  );
}
