import Link from "next/link";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { getRegister } from "@/db/queries/register";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";
import { worstDisparity } from "@/lib/register/audit-summary";
import { Checkpoint } from "./_components/checkpoint";
import { categoryNames, day, instant, interval } from "./_components/format";
import { ObjectionStats } from "./_components/objection-stats";
import { PrintButton } from "./_components/print-button";
import { StateBadge } from "./_components/state-badge";

export async function generateMetadata() {
  return { title: (await getMessages()).t.register.title };
}
// Read on every request: a version suspended a second ago must show as suspended.
export const dynamic = "force-dynamic";

export default async function RegisterPage() {
  const [{ locale, t }, register] = await Promise.all([getMessages(), getRegister()]);
  const r = t.register;
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{r.title}</h1>
        <p className="max-w-3xl text-slate-700">{r.intro}</p>
        <p className="text-sm text-slate-700">
          {r.organisation}: <span data-testid="register-organisation">{register.organisation}</span> · {format(r.generatedAt, { time: instant(register.generatedAt, locale) })}
        </p>
        <div className="no-print flex flex-wrap items-center gap-3 text-sm">
          <span className="font-semibold">{r.downloads}:</span>
          <a href="/api/v1/register" className="text-brand-700 underline">{r.downloadJson}</a>
          <a href="/api/v1/register/atrs" className="text-brand-700 underline" data-testid="download-atrs">{r.downloadAtrs}</a>
          <a href="/api/v1/register?format=csv" className="text-brand-700 underline">{r.downloadCsv}</a>
          <PrintButton label={r.print} />
        </div>
      </section>

      {register.entries.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4">{r.empty}</p>
      ) : (
        <ScrollRegion label={r.caption} className="rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="register-table">
            <caption className="sr-only">{r.caption}</caption>
            <thead className="bg-slate-100">
              <tr>
                {[r.model, r.state, r.scope, r.validUntil, r.audit, r.pai, r.disparity, r.incidents].map((label) => (
                  <th key={label} scope="col" className="px-3 py-2 font-semibold">{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {register.entries.map((entry) => {
                const worst = entry.audit ? worstDisparity(entry.audit) : null;
                return (
                  <tr key={entry.id} className="border-t border-slate-100 align-top" data-testid="register-row" data-version={entry.id}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={`/register/${entry.id}`} className="font-medium text-brand-700 underline">
                        {entry.model.name} · v{entry.version}
                      </Link>
                    </th>
                    <td className="px-3 py-2">
                      <StateBadge state={entry.state} labels={t.registry.states} />
                      <div className="mt-1 text-xs text-slate-600">{format(r.since, { date: day(entry.stateSince, locale) })}</div>
                    </td>
                    <td className="px-3 py-2">{format(r.scopeSummary, { areas: entry.approval.scope.areaCodes.length, categories: categoryNames(entry.approval.scope.categories, t.incidents.categories) })}</td>
                    <td className="px-3 py-2">{entry.approval.validUntil ? day(entry.approval.validUntil, locale) : "—"}</td>
                    <td className="px-3 py-2">{entry.audit ? r.verdicts[entry.audit.verdict] : r.noAudit}</td>
                    <td className="px-3 py-2 tabular-nums">{entry.audit ? interval(entry.audit.pai, r) : "—"}</td>
                    <td className="px-3 py-2 tabular-nums">{worst ? `${worst.group}: ${interval(worst.disparity, r)}` : "—"}</td>
                    <td className="px-3 py-2 tabular-nums">{entry.seriousIncidents.length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <ObjectionStats stats={register.objections} t={r} />
      <Checkpoint checkpoint={register.checkpoint} t={r} />
    </div>
  );
}
