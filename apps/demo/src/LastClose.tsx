import type { Socket } from "@lifeline/core";
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { useSocketState } from "@lifeline/react";
import { CloseCodeExplainer, fillLabel } from "@lifeline/ui";
import { useId } from "react";
import { type Lang, strings } from "./strings.js";

const catalogs = { en, "zh-CN": zhCN } as const;

/** The explanation of the last close, for the curious user and for support. Renders only when it changes. */
export function LastClose({ lang, socket }: { readonly lang: Lang; readonly socket: Socket }) {
  const t = strings[lang];
  const heading = useId();
  const lastClose = useSocketState(socket, (state) => state.lastClose);
  return (
    <section className="panel" aria-labelledby={heading} data-testid="last-close">
      <h2 id={heading}>{t.lastClose.heading}</h2>
      {lastClose === null ? (
        <p>{t.lastClose.none}</p>
      ) : (
        <>
          <CloseCodeExplainer code={lastClose.code} catalog={catalogs[lang]} headingLevel={3} />
          {lastClose.httpStatus === undefined ? null : (
            <p data-testid="probed-status">
              {fillLabel(t.lastClose.probed, { status: `HTTP ${lastClose.httpStatus}` })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
