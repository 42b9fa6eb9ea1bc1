import type { Locale } from "@/lib/i18n/locales";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { StoredInterval } from "@/lib/register/audit-summary";

/** An instant in UTC, named as such, in the reader's language. */
export function instant(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC", timeZoneName: "short" }).format(date);
}

/** A calendar day (UTC) in the reader's language. */
export function day(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function num(value: number | null | undefined, t: Messages["register"], digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? t.notMeasurable : value.toFixed(digits);
}

/** "3.12 (95% interval 2.60–3.70)" in the reader's language. */
export function interval(i: StoredInterval, t: Messages["register"]): string {
  if (i.estimate === null) return t.notMeasurable;
  return format(t.interval, { estimate: num(i.estimate, t), level: Math.round(i.level * 100), lower: num(i.lower, t), upper: num(i.upper, t) });
}
