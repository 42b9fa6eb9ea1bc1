import { pendingForecastJobs } from "@/db/queries/forecast-generation";
import { listForecastsForOversight, realisedAccuracyByVersion } from "@/db/queries/forecast-outcomes";
import { listVersions } from "@/db/queries/models";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { ForecastsTable, RealisedTable } from "./forecast-tables";
import { GenerateForm } from "./generate-form";

export const generateMetadata = localisedTitle((t) => t.forecasts.oversightTitle);

export default async function OversightForecastsPage() {
  const { actor } = await requirePageIdentity("/oversight/forecasts", "forecasts.oversee");
  const generates = can(actor, "forecasts.generate");
  const [{ t, locale }, forecasts, realised, versions, jobs] = await Promise.all([
    getMessages(),
    listForecastsForOversight(actor),
    realisedAccuracyByVersion(actor),
    can(actor, "models.read") ? listVersions(actor) : Promise.resolve([]),
    generates ? pendingForecastJobs(actor) : Promise.resolve([]),
  ]);
  const f = t.forecasts;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" });
  const approved = versions.filter((v) => v.state === "approved");
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{f.oversightTitle}</h1>
        <p className="max-w-3xl text-slate-700">{f.oversightIntro}</p>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{f.realisedTitle}</h2>
        <RealisedTable rows={realised.map((r) => ({ ...r, version: `${r.modelName} v${r.versionNumber}` }))} labels={f} />
      </section>
      {generates && approved.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{f.generateTitle}</h2>
          <ul className="space-y-2">
            {approved.map((v) => (
              <li key={v.id} className="flex flex-wrap items-center gap-4">
                <span>
                  {v.modelName} v{v.number}
                </span>
                <GenerateForm versionId={v.id} label={f.generate} queuedLabel={f.generateQueued} />
              </li>
            ))}
          </ul>
          {jobs.length > 0 && (
            <div>
              <h3 className="font-medium">{f.jobsTitle}</h3>
              <ul className="space-y-1 text-sm">
                {jobs.map((job) => (
                  <li key={job.id} className="flex items-center gap-2">
                    <progress max={1} value={job.progress} aria-label={job.message ?? job.status} /> {job.message ?? job.status}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
      <section className="space-y-2">
        <ForecastsTable
          rows={forecasts.map((r) => ({
            id: r.id,
            version: `${r.modelName} v${r.versionNumber}`,
            state: r.versionState,
            periodStart: r.periodStart,
            horizonDays: r.horizonDays,
            generatedAt: when.format(r.generatedAt),
            cells: r.cellCount,
            flagged: r.flaggedCount,
            views: r.views,
            actions: r.actions,
            ledgerSeq: r.ledgerSeq,
            hitRate: r.realised?.hitRate ?? null,
            pai: r.realised?.pai ?? null,
            finished: r.realised !== null,
          }))}
          labels={f}
          empty={t.table.empty}
        />
      </section>
    </div>
  );
}
