import type { Locale } from "@/lib/i18n/locales";

/** An instant as a reader in `timeZone` sees it, naming the zone. */
export function formatInstant(date: Date | string, locale: Locale, timeZone = "UTC"): string {
  // dateStyle cannot be combined with timeZoneName: spell the parts out.
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(date));
}

/** A calendar date as a reader in `timeZone` sees it. */
export function formatDate(date: Date | string, locale: Locale, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(new Date(date));
}
