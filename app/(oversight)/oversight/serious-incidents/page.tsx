import Link from "next/link";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { listFileableVersions, listSeriousIncidents } from "@/db/queries/serious-incidents";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";
import { instant } from "@/app/_components/format-time";
import { FileIncidentForm, RecordReportForm } from "./incident-forms";

export async function generateMetadata() {
  return { title: (await getMessages()).t.seriousIncidents.title };
}

export default async function SeriousIncidentsPage() {
  const { actor } = await requirePageIdentity("/oversight/serious-incidents", "serious_incidents.read");
  const files = can(actor, "serious_incidents.file");
  const [{ t, locale }, incidents, versions] = await Promise.all([getMessages(), listSeriousIncidents(actor), files ? listFileableVersions(actor) : Promise.resolve([])]);
  const s = t.seriousIncidents;
  const r = t.register;
  const when = { format: (date: Date) => instant(date, locale) };
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{s.title}</h1>
        <p className="max-w-3xl text-slate-700">{s.intro}</p>
      </section>
      {files && (
        <section className="space-y-2 rounded border border-slate-200 bg-white p-4" aria-labelledby="file-title">
          <h2 id="file-title" className="text-lg font-semibold">{s.fileTitle}</h2>
          {versions.length === 0 ? (
            <p>{s.noVersions}</p>
          ) : (
            <FileIncidentForm
              versions={versions.map((v) => ({ id: v.id, label: `${v.modelName} · v${v.number} · ${t.registry.states[v.state as keyof typeof t.registry.states] ?? v.state}` }))}
              timeZones={Intl.supportedValuesOf("timeZone")}
              t={s}
              harms={r.harms}
              rules={r.rules}
            />
          )}
        </section>
      )}
      <section className="space-y-2" aria-labelledby="list-title">
        <h2 id="list-title" className="text-lg font-semibold">{s.listTitle}</h2>
        {incidents.length === 0 ? (
          <p>{s.empty}</p>
        ) : (
          <ScrollRegion label={s.caption} className="rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="serious-incidents-table">
              <caption className="sr-only">{s.caption}</caption>
              <thead className="bg-slate-100">
                <tr>{[s.model, s.harm, s.filedAt, s.due, s.status].map((label) => <th key={label} scope="col" className="px-3 py-2">{label}</th>)}</tr>
              </thead>
              <tbody>
                {incidents.map((incident) => (
                  <tr key={incident.id} className="border-t border-slate-100 align-top">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={`/register/${incident.versionId}`} className="text-brand-700 underline">{incident.modelName} · v{incident.versionNumber}</Link>
                    </th>
                    <td className="px-3 py-2">{r.harms[incident.harmCategory]}{incident.widespread ? ` · ${r.widespread}` : ""}</td>
                    <td className="px-3 py-2">{when.format(incident.filedAt)}</td>
                    <td className="px-3 py-2">{when.format(incident.dueAt)}<div className="text-xs text-slate-700">{r.rules[incident.rule]}</div></td>
                    <td className="px-3 py-2" data-testid="incident-status">
                      {incident.clock.state === "reported"
                        ? format(incident.clock.onTime ? r.clock.reportedOnTime : r.clock.reportedLate, { date: when.format(incident.clock.reportedAt) })
                        : incident.clock.overdue
                          ? <span className="font-semibold text-red-900">{format(r.clock.overdue, { days: -incident.clock.daysLeft })}</span>
                          : format(r.clock.open, { days: incident.clock.daysLeft })}
                      {files && incident.clock.state === "open" && <div className="mt-2"><RecordReportForm incidentId={incident.id} timeZone={incident.timeZone} t={s} /></div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
