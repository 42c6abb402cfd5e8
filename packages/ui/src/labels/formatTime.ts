// Lengths of time in words, from the platform's Intl for the labels' language: units, plurals, word order and
// spacing come from CLDR ("in 4 seconds", "4秒后"; "1.2s", "1.2秒"), not from a table of templates per unit that
// has to be written again for every language.

/** How long a unit is spelled: Intl's `style` / `unitDisplay`. "long": 4 seconds, "short": 4 sec, "narrow": 4s. */
export type UnitStyle = "long" | "short" | "narrow";

/** A wait in whole seconds, as the language says "in N seconds": "in 4 seconds", "4秒后". */
export function formatCountdown(seconds: number, lang: string, style: UnitStyle): string {
  return new Intl.RelativeTimeFormat(lang, { style }).format(seconds, "second");
}

const unit = (value: number, name: string, lang: string, style: UnitStyle, digits = 0) =>
  new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: style, maximumFractionDigits: digits }).format(
    value,
  );

/**
 * A length of time in the largest units that keep it readable: 340ms, 1.2s, 2m 5s, 1h 3m in narrow English; 340毫秒,
 * 1.2秒, 2分钟5秒, 1小时3分钟 in short Chinese. Seconds keep one decimal, the precision support needs to compare
 * delays; the sign is dropped (the caller's words say which way).
 */
export function formatDuration(ms: number, lang: string, style: UnitStyle): string {
  const length = Math.round(Math.abs(ms));
  if (length < 1000) return unit(length, "millisecond", lang, style);
  // 59.95 s would round to "60s": from there it is a minute.
  if (length < 59_950) return unit(length / 1000, "second", lang, style, 1);
  const total = Math.round(length / 1000);
  const [big, small, bigUnit, smallUnit] =
    total < 3600
      ? [Math.floor(total / 60), total % 60, "minute", "second"]
      : [Math.floor(total / 3600), Math.floor(total / 60) % 60, "hour", "minute"];
  const parts = [unit(big, bigUnit, lang, style)];
  if (small > 0) parts.push(unit(small, smallUnit, lang, style));
  return new Intl.ListFormat(lang, { type: "unit", style }).format(parts);
}

/** How long ago, in the largest whole unit: "now", "12s ago", "2m ago" in narrow English; "现在", "12秒前" in Chinese. */
export function formatAgo(ms: number, lang: string, style: UnitStyle): string {
  const seconds = Math.trunc(ms / 1000);
  const [value, name]: [number, Intl.RelativeTimeFormatUnit] =
    Math.abs(seconds) < 60
      ? [seconds, "second"]
      : Math.abs(seconds) < 3600
        ? [Math.trunc(seconds / 60), "minute"]
        : [Math.trunc(seconds / 3600), "hour"];
  // numeric "auto" says "now" rather than "0 seconds ago".
  return new Intl.RelativeTimeFormat(lang, { style, numeric: "auto" }).format(-value, name);
}
