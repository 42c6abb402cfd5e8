import type { DiagnosticEntry } from "@lifeline/core/diagnostics";
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from "react";
import { fillLabel } from "../ConnectionBanner/labels.js";
import { formatAgo, formatDuration } from "../labels/formatTime.js";
import { mergeLabels } from "../labels/mergeLabels.js";
import { useUiLocale } from "../localeContext.js";
import { clockTime, describeEntry } from "./describeEntry.js";
import { type TimelineLabelOverrides, type TimelineLabels, timelineEn } from "./labels.js";

export interface ConnectionTimelineProps extends Omit<ComponentPropsWithoutRef<"div">, "children"> {
  /**
   * The socket's log, oldest first: `useDiagnostics(log)` for a `createDiagnostics()` log from
   * `@lifeline/core/diagnostics` that the socket writes to (`use: [diagnostics(log.record)]`), or a saved copy of one.
   */
  readonly entries: readonly DiagnosticEntry[];
  /** Wall-clock milliseconds to show each entry's age against; without it no age is shown. */
  readonly now?: number;
  /** The words, e.g. `timelineZhCN` from `@lifeline/ui/locales/zh-CN`. @default the LocaleProvider's, else English */
  readonly locale?: TimelineLabels;
  /** Replace any string. */
  readonly labels?: TimelineLabelOverrides;
}

/**
 * A socket's diagnostics log (`createDiagnostics()` from `@lifeline/core/diagnostics`, read with `useDiagnostics`)
 * as a readable timeline for support screens: one list item per entry, oldest first, each with its clock time, the
 * gap since the one before, and a sentence in plain words. Everything the server or the app put into an entry (URL,
 * close reason, error) is rendered as text, never as HTML. Not a live region: the ConnectionBanner announces what
 * the user needs to hear.
 */
export const ConnectionTimeline = forwardRef<HTMLDivElement, ConnectionTimelineProps>(function ConnectionTimeline(
  { entries, now, locale, labels, className, ...rest }: ConnectionTimelineProps,
  ref,
) {
  const provided = useUiLocale();
  // Over English, so a locale with a missing group still has words for it.
  const words = mergeLabels(timelineEn, locale ?? provided?.timeline, labels);
  const keys = entryKeys(entries);
  return (
    <div lang={words.lang} {...rest} ref={ref} className={className ? `ll-timeline ${className}` : "ll-timeline"}>
      {entries.length === 0 ? (
        <p className="ll-timeline__empty">{words.empty}</p>
      ) : (
        <ol className="ll-timeline__list" aria-label={words.list}>
          {entries.map((entry, index) => (
            <TimelineEntry
              key={keys[index]}
              entry={entry}
              previousAt={index === 0 ? null : (entries[index - 1]?.at ?? null)}
              now={now}
              labels={words}
            />
          ))}
        </ol>
      )}
    </div>
  );
});

function TimelineEntry({
  entry,
  previousAt,
  now,
  labels,
}: {
  entry: DiagnosticEntry;
  previousAt: number | null;
  now: number | undefined;
  labels: TimelineLabels;
}) {
  const sentence = describeEntry(entry, labels);
  const gap = previousAt === null ? null : entry.at - previousAt;
  const duration = (ms: number) => formatDuration(ms, labels.lang, labels.time.units);
  return (
    <li className="ll-timeline__entry" data-type={entry.type} data-tone={sentence.tone}>
      <span className="ll-timeline__when">
        <time className="ll-timeline__clock" dateTime={isoTime(entry.at)}>
          {clockTime(entry.at, labels.lang)}
        </time>
        {now === undefined ? null : (
          <span className="ll-timeline__ago">{formatAgo(now - entry.at, labels.lang, labels.time.units)}</span>
        )}
      </span>
      <span className="ll-timeline__gap">
        {gap === null ? null : gap >= 0 ? (
          <time dateTime={`PT${(gap / 1000).toFixed(3)}S`}>
            {fillLabel(labels.time.gap, { duration: duration(gap) })}
          </time>
        ) : (
          fillLabel(labels.time.gapBackwards, { duration: duration(gap) })
        )}
      </span>
      <span className="ll-timeline__body">
        <span className="ll-timeline__text">{renderTemplate(sentence.template, sentence.values)}</span>
        {sentence.reason === null ? null : (
          <span className="ll-timeline__reason">
            {renderTemplate(labels.events.reason, { reason: sentence.reason })}
          </span>
        )}
      </span>
    </li>
  );
}

/**
 * Fills a template with React nodes, never with markup: each value becomes a text node, some inside an element that
 * says what they are (the registry's English name, a URL, quoted data).
 */
function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): ReactNode[] {
  // split() with a capture group alternates literal text (even positions) and placeholder names (odd positions).
  const parts = template.split(/\{(\w+)\}/);
  const nodes: ReactNode[] = [];
  for (let position = 0; position < parts.length; position++) {
    const part = parts[position] ?? "";
    const value = values[part];
    if (position % 2 === 0 || value === undefined) {
      nodes.push(position % 2 === 0 ? part : `{${part}}`);
    } else if (part === "name") {
      nodes.push(
        <span key={position} lang="en">
          {String(value)}
        </span>,
      );
    } else if (part === "url") {
      nodes.push(
        <code key={position} className="ll-timeline__url">
          {String(value)}
        </code>,
      );
    } else if (part === "reason" || part === "error") {
      nodes.push(
        <q key={position} className="ll-timeline__quote">
          {String(value)}
        </q>,
      );
    } else {
      nodes.push(String(value));
    }
  }
  return nodes;
}

function isoTime(at: number): string | undefined {
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

// Entries carry no id. Time and type, counted, stay the same for an entry while the log drops its oldest ones.
function entryKeys(entries: readonly DiagnosticEntry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const base = `${entry.at}:${entry.type}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return `${base}:${count}`;
  });
}
