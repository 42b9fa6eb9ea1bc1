import "server-only";
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "./locales";
import { MESSAGES, type Messages } from "./messages";

/** The reader's language: their explicit choice (cookie), else their browser's preference. */
export async function getLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await getLocale();
  return { locale, t: MESSAGES[locale] };
}

/**
 * A page's `generateMetadata` whose title is read from the reader's catalogue, so the browser tab
 * and history show the page in their language too.
 *
 * @example export const generateMetadata = localisedTitle((t) => t.ledger.title);
 */
export function localisedTitle(pick: (t: Messages) => string, extra: Omit<Metadata, "title"> = {}): () => Promise<Metadata> {
  return async () => ({ ...extra, title: pick((await getMessages()).t) });
}
