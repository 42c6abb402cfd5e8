import type { CloseCodeCatalog } from "@lifeline/core/explain";
import { compareCloseCodes } from "@lifeline/core/explain";
import { type ComponentPropsWithoutRef, forwardRef, useId } from "react";
import { fillLabel } from "../ConnectionBanner/labels.js";

/** The comparison's words; they come with the catalog's language and can be overridden through `labels`. */
export type CloseCodeCompareLabels = CloseCodeCatalog["views"]["comparison"];

export interface CloseCodeCompareProps extends Omit<ComponentPropsWithoutRef<"section">, "children" | "lang"> {
  /** The code in the left column. */
  readonly first: number;
  /** The code in the right column. */
  readonly second: number;
  /** Texts from `@lifeline/core/locales/en` or `@lifeline/core/locales/zh-CN`; the labels follow its locale. */
  readonly catalog: CloseCodeCatalog;
  /** Overrides for some strings; the rest come from the catalog's language. */
  readonly labels?: Partial<CloseCodeCompareLabels>;
  /** The level of the title; the parts below it use the next level. @default 3 */
  readonly headingLevel?: 2 | 3 | 4 | 5;
}

/**
 * Two close codes side by side: a table of facets with the differences marked in text, when you meet each code,
 * the catalog's note on the pair when it has one, and what to do after each. Text only; nothing is rendered as HTML.
 */
export const CloseCodeCompare = forwardRef<HTMLElement, CloseCodeCompareProps>(function CloseCodeCompare(
  { first, second, catalog, labels, headingLevel = 3, className, ...rest }: CloseCodeCompareProps,
  ref,
) {
  const comparison = compareCloseCodes(first, second, catalog);
  const words = { ...catalog.views.comparison, ...labels };
  const codes = { first, second };
  // Keyed by column, not by code: the same code may be compared with itself.
  const columns = [
    { key: "first", explanation: comparison.explanations[0], seen: comparison.seenWhen[0] },
    { key: "second", explanation: comparison.explanations[1], seen: comparison.seenWhen[1] },
  ] as const;
  const titleId = useId();
  const Heading = `h${headingLevel}` as const;
  const Subheading = `h${(headingLevel + 1) as 3 | 4 | 5 | 6}` as const;
  return (
    <section
      {...rest}
      ref={ref}
      lang={catalog.locale}
      aria-labelledby={titleId}
      className={className ? `ll-close-compare ${className}` : "ll-close-compare"}
    >
      <Heading id={titleId} className="ll-close-compare__title">
        {fillLabel(words.title, codes)}
      </Heading>
      <table className="ll-close-compare__table">
        <caption className="ll-close-compare__caption">{fillLabel(words.caption, codes)}</caption>
        <thead>
          <tr>
            <th scope="col">{words.facet}</th>
            {columns.map(({ key, explanation }) => (
              <th key={key} scope="col" data-code={explanation.code}>
                <code className="ll-close-compare__code">{explanation.code}</code>{" "}
                <span className="ll-close-compare__code-title">{explanation.title}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((row) => (
            <tr key={row.facet} data-facet={row.facet} data-differs={row.differs ? "true" : "false"}>
              <th scope="row">
                {row.label}
                {row.differs ? (
                  <>
                    {" "}
                    <span className="ll-close-compare__badge">{words.differs}</span>
                  </>
                ) : null}
              </th>
              <td>{row.values[0]}</td>
              <td>{row.values[1]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Subheading className="ll-close-compare__subtitle">{words.seenWhen}</Subheading>
      <dl className="ll-close-compare__pairs" data-part="seen-when">
        {columns.map(({ key, seen }) => (
          <div key={key}>
            <dt>{seen.heading}</dt>
            <dd>{seen.text}</dd>
          </div>
        ))}
      </dl>
      {comparison.note ? (
        <>
          <Subheading className="ll-close-compare__subtitle">{words.note}</Subheading>
          <p className="ll-close-compare__note" data-part="note">
            {comparison.note}
          </p>
        </>
      ) : null}
      <Subheading className="ll-close-compare__subtitle">{words.fix}</Subheading>
      <dl className="ll-close-compare__pairs" data-part="fix">
        {columns.map(({ key, explanation }) => (
          <div key={key}>
            <dt>{fillLabel(words.fixFor, { code: explanation.code })}</dt>
            <dd>{explanation.fix}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
});
