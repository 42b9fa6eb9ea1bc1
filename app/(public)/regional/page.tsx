import Link from "next/link";
import { getPublicRegionalView } from "@/db/queries/regional";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { chosenView, RegionalBody } from "./regional-parts";

export const generateMetadata = localisedTitle((t) => t.regional.title);
// Read on every request (the view itself is cached a minute in the data-access layer).
export const dynamic = "force-dynamic";

/** The public regional view: districts over time, aggregated to district and month. No login. */
export default async function PublicRegionalPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ t }, view, search] = await Promise.all([getMessages(), getPublicRegionalView(), searchParams]);
  const r = t.regional;
  const { month, layer } = chosenView(view, search);
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{r.title}</h1>
        <p className="max-w-3xl text-slate-700">{r.intro}</p>
        <p className="max-w-3xl text-sm text-slate-600" data-testid="aggregation-note">{r.publicNote}</p>
        <Link href="/api/v1/regional" className="text-sm text-brand-700 underline" prefetch={false}>{r.download}</Link>
      </section>
      <RegionalBody view={view} month={month} layer={layer} labels={r} action="/regional" />
    </div>
  );
}
