import Link from "next/link";
import { listMyRecentViews, myForecastAreas } from "@/db/queries/forecasts";
import { requirePageIdentity } from "@/lib/auth/session";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { ForecastRequestForm } from "./forecast-request-form";

export const generateMetadata = localisedTitle((t) => t.forecasts.title);

export default async function ForecastsPage() {
  const { actor } = await requirePageIdentity("/forecasts", "forecasts.view");
  const [{ t, locale }, areaCodes, recent] = await Promise.all([getMessages(), myForecastAreas(actor), listMyRecentViews(actor)]);
  const f = t.forecasts;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{f.title}</h1>
      <p className="max-w-3xl text-slate-700">{f.intro}</p>
      <p role="note" className="rounded border-l-4 border-amber-500 bg-amber-50 p-3 font-medium" data-testid="advisory-banner">
        {f.advisory}
      </p>
      <ForecastRequestForm
        labels={f}
        areaCodes={areaCodes}
        categories={INCIDENT_CATEGORIES.map((value) => ({ value, label: t.incidents.categories[value] }))}
        today={new Date().toISOString().slice(0, 10)}
      />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{f.recentTitle}</h2>
        {recent.length === 0 ? (
          <p className="text-slate-600">{f.recentEmpty}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
            {recent.map((view) => (
              <li key={view.viewId} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                <span>
                  {when.format(view.at)} · {f.purposes[view.purpose as keyof typeof f.purposes]} · {view.modelName} v{view.versionNumber} ·{" "}
                  {view.periodStart} (+{view.horizonDays}) · {view.areaCodes.join(", ")}
                </span>
                <Link href={`/forecasts/views/${view.viewId}`} className="text-brand-700 underline">
                  {f.reopen}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
