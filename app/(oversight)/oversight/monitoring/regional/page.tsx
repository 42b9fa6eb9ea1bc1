import Link from "next/link";
import { RegionalBody, chosenView } from "@/app/(public)/regional/regional-parts";
import { getOversightRegionalView } from "@/db/queries/regional";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { isMonth } from "@/lib/monitoring";

export const generateMetadata = localisedTitle((t) => t.regional.title);

/** The regional view in full for oversight: the district figures and the cells flagged and patrolled behind them. */
export default async function OversightRegionalPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requirePageIdentity("/oversight/monitoring/regional", "monitoring.read");
  const search = await searchParams;
  const requested = search.month && isMonth(search.month) ? search.month : undefined;
  const [{ t }, view] = await Promise.all([getMessages(), getOversightRegionalView(actor, requested)]);
  const r = t.regional;
  const { layer } = chosenView(view, search);
  const month = view.month;
  const overlay = view.activity.map((a) => ({
    grid: a.grid,
    cells: a.cells.map((c) => ({ ...c, title: format(r.cellTitle, { cell: c.cell, area: c.areaCode, share: `${(c.flaggedShare * 100).toFixed(0)} %`, minutes: c.patrolMinutes }) })),
  }));
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{r.title}</h1>
        <p className="max-w-3xl text-slate-700">{r.intro}</p>
        <p className="max-w-3xl text-sm text-slate-600">{r.oversightNote}</p>
        <Link href="/oversight/monitoring" className="text-sm text-brand-700 underline">{t.monitoring.title}</Link>
      </section>
      <RegionalBody view={view} month={month} layer={layer} labels={r} action="/oversight/monitoring/regional" overlay={overlay} />
      <section className="space-y-2" aria-labelledby="cells-title">
        <h2 id="cells-title" className="text-lg font-semibold">{format(r.cellsTitle, { month })}</h2>
        {view.activity.length === 0 ? (
          <p className="text-slate-700">{r.noCells}</p>
        ) : (
          <ul className="list-disc pl-6 text-sm" data-testid="cell-activity">
            {view.activity.map((a) => (
              <li key={a.versionId}>
                {format(r.cellsVersion, { model: a.modelName, number: a.versionNumber, forecasts: a.forecasts })}: {format(r.cellsLabel, { cells: a.cells.length, month })}
              </li>
            ))}
          </ul>
        )}
        <p className="flex flex-wrap gap-4 text-sm">
          <span className="flex items-center gap-1"><span className="inline-block h-3 w-4" style={{ background: "#7c2d12", opacity: 0.8 }} /> {r.legendFlaggedOften}</span>
          <span className="flex items-center gap-1"><span className="inline-block h-3 w-4 border-2 border-black" /> {r.legendPatrolled}</span>
        </p>
      </section>
    </div>
  );
}
