import { getObjectionStatistics } from "@/db/queries/objections";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { OBJECTION_KINDS, OUTCOMES } from "@/lib/objections/kinds";
import type { StatsRow } from "@/lib/objections/stats";

export const generateMetadata = localisedTitle((t) => t.objections.stats.title);
export const dynamic = "force-dynamic";

export default async function ObjectionStatsPage() {
  const [{ t, locale }, stats] = await Promise.all([getMessages(), getObjectionStatistics()]);
  const l = t.objections;
  const s = l.stats;
  const share = (value: number | null) => (value === null ? s.none : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value));
  const num = (value: number | null) => (value === null ? s.none : value.toLocaleString(locale));
  const cell = "px-3 py-1.5 text-right tabular-nums";
  const row = (r: StatsRow, label: string, strong = false) => (
    <tr key={r.month} className={`border-t border-slate-100 ${strong ? "font-semibold" : ""}`} data-testid={`stats-${r.month}`}>
      <th scope="row" className="px-3 py-1.5 text-left font-medium">{label}</th>
      <td className={cell}>{num(r.received)}</td>
      {OBJECTION_KINDS.map((kind) => <td key={kind} className={cell}>{num(r.receivedByKind[kind])}</td>)}
      <td className={cell}>{num(r.decided)}</td>
      {OUTCOMES.map((outcome) => <td key={outcome} className={cell}>{num(r.decidedByOutcome[outcome])}</td>)}
      <td className={cell}>{num(r.medianDaysToDecision)}</td>
      <td className={cell}>{share(r.withinDeadlineShare)}</td>
    </tr>
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{s.title}</h1>
      <p className="max-w-3xl text-slate-700">{s.intro}</p>
      {stats.months.length === 0 ? (
        <p>{s.empty}</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="objection-stats">
            <caption className="sr-only">{s.caption}</caption>
            <thead className="bg-slate-100 text-xs">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">{s.month}</th>
                <th scope="col" className="px-3 py-2 text-right">{s.received}</th>
                {OBJECTION_KINDS.map((kind) => <th key={kind} scope="col" className="px-3 py-2 text-right">{l.kindShort[kind]}</th>)}
                <th scope="col" className="px-3 py-2 text-right">{s.decided}</th>
                {OUTCOMES.map((outcome) => <th key={outcome} scope="col" className="px-3 py-2 text-right">{l.outcomes[outcome]}</th>)}
                <th scope="col" className="px-3 py-2 text-right">{s.median}</th>
                <th scope="col" className="px-3 py-2 text-right">{s.onTime}</th>
              </tr>
            </thead>
            <tbody>
              {stats.months.map((r) => row(r, r.month))}
              {row(stats.totals, s.totals, true)}
            </tbody>
          </table>
        </div>
      )}
      <a href="/api/v1/objections/stats" className="text-sm text-brand-700 underline">{s.json}</a>
    </div>
  );
}
