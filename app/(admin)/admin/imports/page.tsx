import { listImportReports } from "@/db/queries/imports";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { presetNames } from "@/lib/import/presets";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { AreaImportForm, IncidentImportForm } from "./import-forms";
import { ImportIssues } from "./import-issues";

export const generateMetadata = localisedTitle((t) => t.nav.imports);

export default async function ImportsPage() {
  const { actor } = await requirePageIdentity("/admin/imports", "imports.read");
  const [{ t, locale }, reports] = await Promise.all([getMessages(), listImportReports(actor)]);
  const l = t.admin.imports;
  const when = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
  const number = new Intl.NumberFormat(locale);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      {/* The forms are a convenience; the action checks imports.run again on the server. */}
      {can(actor, "imports.run") && (
        <div className="grid items-start gap-6 lg:grid-cols-2">
          <IncidentImportForm presets={presetNames()} labels={l} />
          <AreaImportForm labels={l} />
        </div>
      )}
      <section className="space-y-2" aria-labelledby="import-reports-title">
        <h2 id="import-reports-title" className="text-lg font-semibold">
          {l.reportsTitle}
        </h2>
        <ul className="space-y-2" data-testid="import-reports">
          {reports.length === 0 && <li className="text-slate-500">{t.table.empty}</li>}
          {reports.map((report) => (
            <li key={report.id} className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="import-report">
              <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-medium">{report.fileName}</span>
                <span>{l.kinds[report.kind as keyof typeof l.kinds] ?? report.kind}</span>
                <span className={report.status === "imported" ? "text-green-800" : "text-red-800"}>{l.outcome[report.status as keyof typeof l.outcome] ?? report.status}</span>
                <span className="tabular-nums text-slate-700">
                  {l.rows} {number.format(report.rowCount)} · {l.imported} {number.format(report.importedCount)} · {l.skipped} {number.format(report.skippedCount)} · {l.errors}{" "}
                  {number.format(report.errorCount)}
                </span>
                <time dateTime={report.startedAt.toISOString()} className="text-slate-500">
                  {when.format(report.startedAt)}
                </time>
              </p>
              {report.errors.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600">{l.showErrors}</summary>
                  <ImportIssues issues={report.errors} total={report.errorCount} labels={l} />
                </details>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
