import Link from "next/link";
import { notFound } from "next/navigation";
import { listAreaShapes } from "@/db/queries/areas";
import { NoApprovedForecastError, openLoggedView, type ForecastViewResult } from "@/db/queries/forecasts";
import { listForecastAnnotations } from "@/db/queries/objections-propagation";
import { listPatrolActions } from "@/db/queries/patrols";
import type { PatrolAction } from "@/db/schema";
import { requirePageIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { ChangedDataNotice } from "./changed-data-notice";
import { DecisionForm, ExtraCellForm, OutcomeForm, PrintButton } from "./decision-forms";
import { ForecastMap } from "./forecast-map";

export const generateMetadata = localisedTitle((t) => t.nav.forecasts);

export default async function ForecastViewPage({ params }: { params: Promise<{ viewId: string }> }) {
  const { viewId } = await params;
  const { actor } = await requirePageIdentity(`/forecasts/views/${viewId}`, "forecasts.view");
  const { t, locale } = await getMessages();
  const f = t.forecasts;
  let view: ForecastViewResult;
  try {
    view = await openLoggedView(actor, viewId);
  } catch (error) {
    if (error instanceof NoApprovedForecastError) {
      return (
        <div role="alert" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-4" data-testid="no-approved-forecast">
          <h1 className="text-xl font-bold">{f.noForecastTitle}</h1>
          <p>{f.noForecast[error.reason]}</p>
          <Link href="/forecasts" className="text-brand-700 underline">
            {f.title}
          </Link>
        </div>
      );
    }
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const [shapes, actions, annotations] = await Promise.all([listAreaShapes(actor), listPatrolActions(actor, view.forecast.id), listForecastAnnotations(actor, [view.forecast.id])]);
  const mine = actions.filter((a) => a.recordedBy === actor.userId);
  const decisionFor = new Map(mine.map((a) => [a.cell, a]));
  const flagged = view.cells.filter((c) => c.flagged).sort((a, b) => a.rank - b.rank);
  const extras = mine.filter((a) => a.kind === "extra_cell");
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const purpose = f.purposes[view.purpose as keyof typeof f.purposes];
  const outcomeText = (a: PatrolAction) =>
    format(f.outcomeValue, { found: a.outcomeIncidentFound ? f.found : f.notFound, arrests: a.outcomeArrests ?? 0, stops: a.outcomeStops ?? 0 });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{format(f.versionValue, { model: view.modelName, number: view.versionNumber })}</h1>
          <p className="text-slate-700">
            {format(f.periodValue, { from: view.forecast.periodStart, days: view.forecast.horizonDays })} · {view.areaCodes.join(", ")} · {purpose}
          </p>
        </div>
        <PrintButton label={f.print} />
      </div>
      <p role="note" className="rounded border-l-4 border-amber-500 bg-amber-50 p-3 font-medium" data-testid="advisory-banner">
        {f.advisory}
      </p>
      <ChangedDataNotice annotations={annotations} labels={f} />
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-slate-600">{f.approvedUntil}</dt>
          <dd>{when.format(view.validUntil)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{f.generated}</dt>
          <dd>{when.format(view.forecast.generatedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{f.viewedAt}</dt>
          <dd>{when.format(view.viewedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{f.flagged}</dt>
          <dd>
            {flagged.length} / {view.cells.length}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="receipt" className="rounded border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="view-receipt">
        <h2 id="receipt" className="font-semibold">
          {f.receiptTitle}
        </h2>
        <p>
          {f.receiptSeq} <span data-testid="receipt-seq">{view.receipt.seq}</span> · {f.receiptLeaf} <code className="break-all">{view.receipt.leafHash}</code>
        </p>
        <p>
          {f.receiptRoot} <code className="break-all">{view.receipt.forecastMerkleRoot}</code>
        </p>
        <Link href={`/ledger?seq=${view.receipt.seq}&leaf=${view.receipt.leafHash}`} className="text-brand-700 underline print:hidden">
          {f.verifyReceipt}
        </Link>
        <p className="hidden print:block">{format(f.printedFor, { purpose, seq: view.receipt.seq })}</p>
      </section>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="map">
          <h2 id="map" className="mb-2 text-lg font-semibold">
            {f.mapTitle}
          </h2>
          <ForecastMap grid={view.forecast.grid} cells={view.cells} areas={shapes.filter((s) => view.areaCodes.includes(s.code))} labels={f} coverage={view.forecast.coverage} />
        </section>
        <section aria-labelledby="flagged" className="space-y-3">
          <h2 id="flagged" className="text-lg font-semibold">
            {f.flaggedTitle}
          </h2>
          <ol className="space-y-3" aria-label={f.flaggedCaption} data-testid="flagged-list">
            {flagged.map((cell) => {
              const decided = decisionFor.get(cell.cell);
              const why = cell.explanation;
              return (
                <li key={cell.cell} id={`cell-${cell.cell}`} className="break-inside-avoid rounded border border-slate-200 bg-white p-3 target:ring-2 target:ring-red-500">
                  <p className="font-semibold">
                    {f.rank} {cell.rank} · {f.cell} {cell.cell} · {cell.areaCode} · {f.expected} {number.format(cell.expected)}
                  </p>
                  {why && (
                    <div className="mt-1 text-sm text-slate-700">
                      <p>
                        <span className="font-medium">{f.why}:</span> {format(f.recentNearby, { n: why.recentIncidents })}
                        {why.newestDaysAgo !== null && `, ${format(f.newest, { days: number.format(why.newestDaysAgo) })}`}; {format(f.yearLevel, { n: why.yearCount })}.
                      </p>
                      <p className="text-slate-600">{why.text}</p>
                    </div>
                  )}
                  <div className="mt-2">
                    {decided ? (
                      <>
                        <p className="text-sm font-medium text-green-800" data-testid={`recorded-${cell.cell}`}>
                          {format(f.recorded, { decision: f.decisionKinds[decided.kind as keyof typeof f.decisionKinds] })}
                          {decided.plannedMinutes !== null && ` (${decided.plannedMinutes} min)`}
                          {decided.reason && `: ${decided.reason}`}
                        </p>
                        {decided.outcomeRecordedAt ? (
                          <p className="text-sm">{outcomeText(decided)}</p>
                        ) : (
                          <OutcomeForm forecastId={view.forecast.id} viewId={view.viewId} actionId={decided.id} labels={f} />
                        )}
                      </>
                    ) : (
                      <DecisionForm forecastId={view.forecast.id} viewId={view.viewId} cell={cell.cell} labels={f} />
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      </div>
      <section aria-labelledby="extra" className="space-y-2 print:hidden">
        <h2 id="extra" className="text-lg font-semibold">
          {f.extraTitle}
        </h2>
        <p className="text-sm text-slate-600">{f.extraIntro}</p>
        <ExtraCellForm forecastId={view.forecast.id} viewId={view.viewId} labels={f} />
        {extras.length > 0 && (
          <ul className="space-y-2 text-sm">
            {extras.map((a) => (
              <li key={a.id} className="rounded border border-slate-200 bg-white p-2">
                {f.cell} {a.cell} · {a.areaCode}: {a.reason}
                {a.outcomeRecordedAt ? <p>{outcomeText(a)}</p> : <OutcomeForm forecastId={view.forecast.id} viewId={view.viewId} actionId={a.id} labels={f} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
