import Link from "next/link";
import { ScrollRegion } from "@/app/_components/scroll-region";
import type { Messages } from "@/lib/i18n/messages";
import type { ObjectionStats as Stats } from "@/lib/objections/stats";

const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

/** The objection service's public statistics: the last twelve months and the totals. */
export function ObjectionStats({ stats, t }: { stats: Stats; t: Messages["register"] }) {
  const rows = [...stats.months.slice(-12), stats.totals];
  return (
    <section className="rounded border border-slate-200 bg-white p-4 break-inside-avoid" aria-labelledby="objections-title" data-testid="register-objections">
      <h2 id="objections-title" className="mb-1 text-lg font-semibold">{t.objectionsTitle}</h2>
      <p className="mb-2 text-sm text-slate-700">{t.objectionsIntro}</p>
      {stats.totals.received === 0 ? (
        <p className="text-sm">{t.objectionsNone}</p>
      ) : (
        <ScrollRegion label={t.objectionsTitle}>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                {[t.month, t.objectionsReceived, t.objectionsDecided, t.objectionsUpheld, t.objectionsPartly, t.objectionsRejected, t.objectionsMedian, t.objectionsOnTime].map((label) => (
                  <th key={label} scope="col" className="py-1 pr-3 font-semibold">{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.month} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">{row.month === "all" ? t.allMonths : row.month}</th>
                  <td className="pr-3 tabular-nums">{row.received}</td>
                  <td className="pr-3 tabular-nums">{row.decided}</td>
                  <td className="pr-3 tabular-nums">{row.decidedByOutcome.upheld}</td>
                  <td className="pr-3 tabular-nums">{row.decidedByOutcome.partially_upheld}</td>
                  <td className="pr-3 tabular-nums">{row.decidedByOutcome.rejected}</td>
                  <td className="pr-3 tabular-nums">{row.medianDaysToDecision ?? "—"}</td>
                  <td className="pr-3 tabular-nums">{share(row.withinDeadlineShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p className="no-print mt-2 text-sm">
        <Link href="/objections/new" className="text-brand-700 underline">{t.objectionsFile}</Link>
      </p>
    </section>
  );
}
