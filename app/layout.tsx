import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getIdentity } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sightline", template: "%s · Sightline" },
  description: "Open-source oversight portal for AI-driven predictive policing",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, identity] = await Promise.all([getMessages(), getIdentity().catch(() => null)]);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          {t.skipToContent}
        </a>
        <SiteHeader identity={identity} locale={locale} t={t} />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 pb-8 text-sm text-slate-600 print:hidden">
          <span>{t.footer.source}</span>
          <nav aria-label={t.footer.label} className="flex gap-3">
            <Link href="/register" className="underline">{t.footer.register}</Link>
            <Link href="/ledger" className="underline">{t.footer.ledger}</Link>
            <Link href="/regional" className="underline">{t.footer.regional}</Link>
          </nav>
        </footer>
      </body>
    </html>
  );
}
