import Link from "next/link";
import type { LiveIdentity } from "@/db/queries/identity";
import { navigationFor } from "@/lib/auth/navigation";
import { Suspense } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { signOutAction } from "../_actions/session";
import { LocaleSwitch } from "./locale-switch";

export function SiteHeader({ identity, locale, t }: { identity: LiveIdentity | null; locale: Locale; t: Messages }) {
  const items = navigationFor(identity?.actor ?? null);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-900">
          {t.appName}
          <span className="ml-2 hidden text-sm font-normal text-slate-500 sm:inline">{t.tagline}</span>
        </Link>
        <nav aria-label={t.nav.label} className="flex flex-1 flex-wrap gap-1" data-testid="main-nav">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100" data-nav={item.key}>
              {t.nav[item.key]}
            </Link>
          ))}
        </nav>
        <Suspense>
          <LocaleSwitch locale={locale} label={t.language} />
        </Suspense>
        {identity ? (
          <form action={signOutAction} className="flex items-center gap-2 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              {identity.displayName} · {t.roles[identity.actor.role]}
            </span>
            <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white hover:bg-slate-700">
              {t.signOut}
            </button>
          </form>
        ) : (
          <Link href="/signin" className="rounded bg-brand-600 px-3 py-1 text-sm text-white hover:bg-brand-700">
            {t.signIn}
          </Link>
        )}
      </div>
    </header>
  );
}
