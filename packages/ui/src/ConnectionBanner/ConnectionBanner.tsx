import { type ComponentPropsWithoutRef, forwardRef } from "react";
import { labelKey } from "./labels.js";
import { type BannerSource, type UseConnectionBannerOptions, useConnectionBanner } from "./useConnectionBanner.js";

export interface ConnectionBannerProps
  extends UseConnectionBannerOptions,
    Omit<ComponentPropsWithoutRef<"section">, "children"> {
  /** The socket (from `createSocket` or `useWebSocket(...).socket`) or any store of its state. */
  readonly source: BannerSource;
  /** Wires the "Sign in" action after an auth rejection. Without it the action is not shown. */
  readonly onSignIn?: () => void;
  /**
   * Adds a "Details" disclosure with the close code and the server's close reason, for developer or support builds.
   * Off by default: the reason is whatever the server sent (core's advice is never to show it verbatim to end users),
   * and it may carry internals. When on, the reason is rendered as text, never as HTML. @default false
   */
  readonly details?: boolean;
  /**
   * Where the banner sits. `"top"` and `"bottom"` float over the page (fixed, clear of the device's safe areas), so
   * its appearing moves nothing; `"inline"` sits in the flow where it is rendered and pushes what follows down.
   * @default "top"
   */
  readonly placement?: "top" | "bottom" | "inline";
}

/**
 * Tells the user, in plain words, what the connection is doing and what happens next. Announces changes through
 * one polite and one assertive live region that stay mounted; the countdown lives outside them so screen readers
 * hear each change once. The server's reason is never the message: it appears only under "Details", as text, and
 * only with the `details` prop.
 */
export const ConnectionBanner = forwardRef<HTMLElement, ConnectionBannerProps>(function ConnectionBanner(
  {
    source,
    onSignIn,
    details = false,
    placement = "top",
    locale,
    labels,
    timing,
    now,
    className,
    ...rest
  }: ConnectionBannerProps,
  ref,
) {
  const view = useConnectionBanner(source, { locale, labels, timing, now });
  const assertive = view.politeness === "assertive";
  // A hidden view has an empty title and no message, actions or close, so each part shows only with something in it.
  const actions = view.actions.filter((action) => action !== "sign-in" || onSignIn);
  return (
    <section
      lang={view.labels.lang}
      {...rest}
      ref={ref}
      className={className ? `ll-banner ${className}` : "ll-banner"}
      data-state={view.case}
      data-tone={view.tone}
      data-placement={placement}
      aria-label={view.title || undefined}
    >
      <p role="status" className="ll-banner__title">
        {assertive ? "" : view.title}
      </p>
      <p role="alert" className="ll-banner__title">
        {assertive ? view.title : ""}
      </p>
      {view.message ? <p className="ll-banner__message">{view.message}</p> : null}
      {actions.length > 0 ? (
        <div className="ll-banner__actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className="ll-banner__action"
              data-action={action}
              onClick={action === "sign-in" ? onSignIn : view.retry}
            >
              {view.labels.actions[labelKey(action)]}
            </button>
          ))}
        </div>
      ) : null}
      {details && view.close && view.case !== "recovered" ? (
        <details className="ll-banner__details">
          <summary>{view.labels.details.summary}</summary>
          <dl>
            <dt>{view.labels.details.code}</dt>
            <dd>
              <code>{view.close.code}</code> <span lang="en">{view.close.name}</span>
            </dd>
            <dt>{view.labels.details.reason}</dt>
            <dd>{view.close.reason || view.labels.details.none}</dd>
          </dl>
        </details>
      ) : null}
    </section>
  );
});
