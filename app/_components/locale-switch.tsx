"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { setLocaleAction } from "../_actions/session";

export function LocaleSwitch({ locale, label }: { locale: Locale; label: string }) {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  return (
    <form action={setLocaleAction} className="flex items-center gap-1 text-sm">
      <label htmlFor="locale" className="sr-only">
        {label}
      </label>
      <select
        id="locale"
        name="locale"
        defaultValue={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="rounded border border-slate-300 bg-white px-1 py-0.5"
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <input type="hidden" name="returnTo" value={query ? `${pathname}?${query}` : pathname} />
      <noscript>
        <button type="submit">{label}</button>
      </noscript>
    </form>
  );
}
