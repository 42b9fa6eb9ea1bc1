import type { Locale } from "@/lib/i18n/locales";

/** An instant in UTC, named as such, in the reader's language (e.g. "Nov 29, 2026, 04:56 UTC"). */
export function instant(date: Date, locale: Locale): string {
  // dateStyle cannot be combined with timeZoneName, so the fields are named one by one.
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC", timeZoneName: "short" }).format(date);
}

/** A calendar day (UTC) in the reader's language. */
export function day(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}
