import type { CloseCodeCatalog } from "@lifeline/core/explain";
import { explainCloseCode } from "@lifeline/core/explain";
import { type ComponentPropsWithoutRef, forwardRef, useId } from "react";

/** The headings of a card; they come with the catalog's language and can be overridden through `labels`. */
export type CloseCodeExplainerLabels = CloseCodeCatalog["sections"];

export interface CloseCodeExplainerProps extends Omit<ComponentPropsWithoutRef<"article">, "children"> {
  /** The close code to explain; unregistered codes get their range's text. */
  readonly code: number;
  /** Texts from `@lifeline/core/locales/en` or `@lifeline/core/locales/zh-CN`. */
  readonly catalog: CloseCodeCatalog;
  /** The heading level of the card's title, to fit the page's outline. @default 3 */
  readonly headingLevel?: 2 | 3 | 4 | 5 | 6;
  readonly labels?: Partial<CloseCodeExplainerLabels>;
}

/** One close code explained: what it means, when it happens, how to fix it. Text only; nothing is rendered as HTML. */
export const CloseCodeExplainer = forwardRef<HTMLElement, CloseCodeExplainerProps>(function CloseCodeExplainer(
  { code, catalog, headingLevel = 3, labels, className, ...rest }: CloseCodeExplainerProps,
  ref,
) {
  const explanation = explainCloseCode(code, catalog);
  const words = { ...catalog.sections, ...labels };
  const titleId = useId();
  const Heading = `h${headingLevel}` as const;
  return (
    <article
      {...rest}
      ref={ref}
      lang={catalog.locale}
      aria-labelledby={titleId}
      data-kind={explanation.kind}
      data-range={explanation.range}
      className={className ? `ll-close-code ${className}` : "ll-close-code"}
    >
      <header className="ll-close-code__header">
        <Heading id={titleId} className="ll-close-code__title">
          {explanation.title}
        </Heading>
        <p className="ll-close-code__meta">
          <code className="ll-close-code__code">{code}</code>
          <span className="ll-close-code__name" lang="en">
            {explanation.name}
          </span>
        </p>
      </header>
      <dl className="ll-close-code__facts">
        <dt>{words.meaning}</dt>
        <dd>{explanation.meaning}</dd>
        <dt>{words.happensWhen}</dt>
        <dd>{explanation.happensWhen}</dd>
        <dt>{words.fix}</dt>
        <dd>{explanation.fix}</dd>
      </dl>
    </article>
  );
});
