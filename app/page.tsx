import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function LandingPage() {
  const { t } = await getMessages();
  const audiences = t.landing.audiences;
  return (
    <article className="space-y-8">
      <section className="space-y-4">
        <h1 className="text-3xl font-bold text-brand-900">{t.landing.title}</h1>
        <p className="max-w-3xl text-lg leading-relaxed text-slate-700">{t.landing.intro}</p>
        <Link href="/signin" className="inline-block rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
          {t.landing.signInCta}
        </Link>
      </section>
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t.landing.forWhom}</h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {[audiences.public, audiences.oversight, audiences.police, audiences.developers].map((text) => (
            <li key={text} className="rounded border border-slate-200 bg-white p-4 text-slate-700">
              {text}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-3 text-xl font-semibold">{t.landing.publicParts}</h2>
        <ul className="list-inside list-disc text-brand-700">
          <li>
            <Link href="/register">{t.landing.registerLink}</Link>
          </li>
          <li>
            <Link href="/objections">{t.objections.landingLink}</Link>
          </li>
          <li>
            <Link href="/ledger">{t.landing.ledgerLink}</Link>
          </li>
          <li>
            <a href="/api/health">{t.landing.healthLink}</a>
          </li>
          <li>
            <a href="/api/v1/openapi.json">{t.landing.apiLink}</a>
          </li>
        </ul>
      </section>
    </article>
  );
}
