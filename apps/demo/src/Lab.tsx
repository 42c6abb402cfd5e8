import { classifyClose } from "@lifeline/core";
import { type CloseCodeCatalog, compareCloseCodes } from "@lifeline/core/explain";
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { CloseCodeExplainer } from "@lifeline/ui";
import { useId, useState } from "react";

const catalogs: Record<"en" | "zh-CN", CloseCodeCatalog> = { en, "zh-CN": zhCN };

// A lab for close codes: type what a server sent, see what Lifeline makes of it. Everything shown comes from
// @lifeline/core and @lifeline/ui; the demo has no logic of its own.
export function Lab() {
  const [code, setCode] = useState("1006");
  const [reason, setReason] = useState("");
  const [opened, setOpened] = useState(true);
  const [closeRequested, setCloseRequested] = useState(false);
  const [locale, setLocale] = useState<"en" | "zh-CN">("en");
  const [other, setOther] = useState("1008");
  const ids = { code: useId(), reason: useId(), other: useId(), locale: useId() };

  const numeric = Number(code);
  const verdict = classifyClose(
    { code: code.trim() === "" ? Number.NaN : numeric, reason },
    { opened, closeRequested },
  );
  const comparison = compareCloseCodes(verdict.code, Number(other) || 0, catalogs[locale]);

  return (
    <section className="demo">
      <h2>Close-code lab</h2>
      <p className="demo__lead">Enter what a server closed with and see how Lifeline classifies it.</p>

      <form className="demo__form" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={ids.code}>Close code</label>
        <input id={ids.code} inputMode="numeric" value={code} onChange={(event) => setCode(event.target.value)} />
        <label htmlFor={ids.reason}>Reason (as the server sent it)</label>
        <input id={ids.reason} value={reason} onChange={(event) => setReason(event.target.value)} />
        <label className="demo__check">
          <input type="checkbox" checked={opened} onChange={(event) => setOpened(event.target.checked)} />
          The socket had opened
        </label>
        <label className="demo__check">
          <input
            type="checkbox"
            checked={closeRequested}
            onChange={(event) => setCloseRequested(event.target.checked)}
          />
          This client called close()
        </label>
        <label htmlFor={ids.locale}>Language of the explanation</label>
        <select id={ids.locale} value={locale} onChange={(event) => setLocale(event.target.value as "en" | "zh-CN")}>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </form>

      <section aria-labelledby="verdict-heading">
        <h3 id="verdict-heading">Classification</h3>
        <dl className="demo__verdict" data-testid="verdict">
          <dt>Kind</dt>
          <dd data-testid="kind">{verdict.kind}</dd>
          <dt>Name</dt>
          <dd>{verdict.name}</dd>
          <dt>Policy</dt>
          <dd data-testid="policy">{verdict.policy ?? "not a rejection"}</dd>
          <dt>Next step</dt>
          <dd data-testid="retry">
            {verdict.retry.action}
            {verdict.retry.retryAfterMs !== undefined ? ` after ${verdict.retry.retryAfterMs / 1000} s` : ""}
            {verdict.retry.maxAttempts !== undefined ? ` (at most ${verdict.retry.maxAttempts} attempts)` : ""}
          </dd>
          <dt>Before open</dt>
          <dd>{String(verdict.beforeOpen)}</dd>
          <dt>Closed by this client</dt>
          <dd>{String(verdict.userInitiated)}</dd>
          <dt>Made up locally (never on the wire)</dt>
          <dd>{String(verdict.reserved)}</dd>
          <dt>Reason, as data</dt>
          <dd data-testid="reason">{verdict.reason === "" ? "(empty)" : verdict.reason}</dd>
        </dl>
      </section>

      <section aria-labelledby="explain-heading">
        <h3 id="explain-heading">Explanation</h3>
        <CloseCodeExplainer code={verdict.code} catalog={catalogs[locale]} headingLevel={4} />
      </section>

      <section aria-labelledby="compare-heading">
        <h3 id="compare-heading">Compare with another code</h3>
        <label htmlFor={ids.other}>Other code</label>{" "}
        <input id={ids.other} inputMode="numeric" value={other} onChange={(event) => setOther(event.target.value)} />
        <table className="demo__compare" lang={locale}>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{comparison.explanations[0].code}</th>
              <th scope="col">{comparison.explanations[1].code}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.facet} data-differs={row.differs}>
                <th scope="row">{row.label}</th>
                <td>{row.values[0]}</td>
                <td>{row.values[1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {comparison.note ? (
          <p className="demo__note" lang={locale} data-testid="pair-note">
            {comparison.note}
          </p>
        ) : null}
      </section>
    </section>
  );
}
