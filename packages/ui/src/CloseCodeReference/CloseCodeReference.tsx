import { classifyClose } from "@lifeline/core";
import {
  CLOSE_RANGE_BOUNDS,
  CLOSE_RANGES,
  type CloseRange,
  closeCodeInfo,
  REGISTERED_CLOSE_CODES,
} from "@lifeline/core/codes";
import type { CloseCodeCatalog } from "@lifeline/core/explain";
import { type ComponentPropsWithoutRef, forwardRef, useId, useMemo, useState } from "react";
import { fillLabel } from "../ConnectionBanner/labels.js";

/** The reference table's words; they come with the catalog's language and can be overridden through `labels`. */
export type CloseCodeReferenceLabels = CloseCodeCatalog["views"]["reference"];

export interface CloseCodeReferenceProps extends Omit<ComponentPropsWithoutRef<"div">, "children" | "lang"> {
  /** Texts from `@lifeline/core/locales/en` or `@lifeline/core/locales/zh-CN`; the labels follow its locale. */
  readonly catalog: CloseCodeCatalog;
  /** Overrides for some strings; the rest come from the catalog's language. */
  readonly labels?: Partial<CloseCodeReferenceLabels>;
  /** The filter's initial text. @default "" */
  readonly defaultQuery?: string;
}

interface ReferenceRow {
  readonly key: string;
  /** The code, or the range's name for a range row. */
  readonly topic: number | CloseRange;
  /** The numbers this row covers, inclusive; the upper bound of the open range is Infinity. */
  readonly bounds: readonly [number, number];
  readonly title: string;
  readonly meaning: string;
  readonly nextStep: string;
}

// 1000–1015 all have their own rows, so the protocol range's row (and its text) starts at 1016. In 3000–3999 the
// three registered codes are scattered and the range text speaks of the whole range, so its row keeps 3000.
const ROW_START: Partial<Record<CloseRange, number>> = { protocol: 1016 };

function rowsOf(catalog: CloseCodeCatalog): ReferenceRow[] {
  const words = catalog.compare.retry;
  const codes = REGISTERED_CLOSE_CODES.map((code): ReferenceRow => {
    const copy = catalog.codes[code] ?? catalog.ranges[closeCodeInfo(code).range];
    return {
      key: String(code),
      topic: code,
      bounds: [code, code],
      title: copy.title,
      meaning: copy.meaning,
      nextStep: words[classifyClose({ code }).retry.action],
    };
  });
  const ranges = CLOSE_RANGES.map((range): ReferenceRow => {
    const [low, high] = CLOSE_RANGE_BOUNDS[range];
    const start = ROW_START[range] ?? low;
    // The first code this row's text explains: 3000 has its own row and its own policy, so 3000–3999 is read off
    // 3001, the first code that gets the range's treatment.
    let first = start;
    while (closeCodeInfo(first).registered) first += 1;
    return {
      key: range,
      topic: range,
      bounds: [start, range === "out-of-range" ? Number.POSITIVE_INFINITY : high],
      title: catalog.ranges[range].title,
      meaning: catalog.ranges[range].meaning,
      nextStep: words[classifyClose({ code: first }).retry.action],
    };
  });
  // In code-space order; a range comes before the codes that share its first number.
  return [...codes, ...ranges].sort(
    (a, b) => a.bounds[0] - b.bounds[0] || Number(typeof a.topic === "number") - Number(typeof b.topic === "number"),
  );
}

function matches(row: ReferenceRow, terms: readonly string[], locale: string): boolean {
  const text = `${row.title} ${row.meaning}`.toLocaleLowerCase(locale);
  return terms.every((term) => {
    if (text.includes(term)) return true;
    if (!/^\d+$/.test(term)) return false;
    // A number finds a code by its leading digits, and finds the range whose text explains that number.
    if (typeof row.topic === "number") return String(row.topic).startsWith(term);
    const info = closeCodeInfo(Number(term));
    return !info.registered && info.range === row.topic;
  });
}

/**
 * Every registered close code and every range in one table, with what it means and what Lifeline does next by
 * default, plus a filter by number or words. Text only; nothing is rendered as HTML.
 */
export const CloseCodeReference = forwardRef<HTMLDivElement, CloseCodeReferenceProps>(function CloseCodeReference(
  { catalog, labels, defaultQuery = "", className, ...rest }: CloseCodeReferenceProps,
  ref,
) {
  const words = { ...catalog.views.reference, ...labels };
  const [query, setQuery] = useState(defaultQuery);
  const rows = useMemo(() => rowsOf(catalog), [catalog]);
  const terms = query
    .toLocaleLowerCase(catalog.locale)
    .split(/[\s,，、–—-]+/)
    .filter(Boolean);
  const shown = rows.filter((row) => matches(row, terms, catalog.locale));
  const inputId = useId();
  const tableId = useId();
  const rangeLabel = (row: ReferenceRow) =>
    row.bounds[1] === Number.POSITIVE_INFINITY
      ? fillLabel(words.openRange, { start: row.bounds[0] })
      : `${row.bounds[0]}–${row.bounds[1]}`;
  return (
    <div
      {...rest}
      ref={ref}
      lang={catalog.locale}
      className={className ? `ll-close-reference ${className}` : "ll-close-reference"}
    >
      <div className="ll-close-reference__filter">
        <label htmlFor={inputId} className="ll-close-reference__label">
          {words.filter}
        </label>
        <input
          id={inputId}
          type="search"
          className="ll-close-reference__input"
          value={query}
          autoComplete="off"
          spellCheck={false}
          aria-controls={tableId}
          onChange={(event) => setQuery(event.target.value)}
        />
        <p role="status" className="ll-close-reference__count">
          {fillLabel(words.count, { shown: shown.length, total: rows.length })}
        </p>
      </div>
      <table id={tableId} className="ll-close-reference__table">
        <caption className="ll-close-reference__caption">{words.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{words.code}</th>
            <th scope="col">{words.title}</th>
            <th scope="col">{words.meaning}</th>
            <th scope="col">{words.nextStep}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr
              key={row.key}
              data-code={typeof row.topic === "number" ? row.topic : undefined}
              data-range={typeof row.topic === "number" ? closeCodeInfo(row.topic).range : row.topic}
              className={typeof row.topic === "number" ? undefined : "ll-close-reference__range"}
            >
              <th scope="row" className="ll-close-reference__code">
                <code>{typeof row.topic === "number" ? row.topic : rangeLabel(row)}</code>
              </th>
              <td className="ll-close-reference__title">{row.title}</td>
              <td>{row.meaning}</td>
              <td>{row.nextStep}</td>
            </tr>
          ))}
          {shown.length === 0 ? (
            <tr>
              <td colSpan={4} className="ll-close-reference__empty">
                {fillLabel(words.empty, { query: query.trim() })}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});
