import { listImportReports } from "@/db/queries/imports";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { presetNames } from "@/lib/import/presets";
import { getMessages } from "@/lib/i18n/server";
import { AreaImportForm, IncidentImportForm } from "./import-forms";

export const metadata = { title: "Imports" };

export default async function ImportsPage() {
  const { actor } = await requirePageIdentity("/admin/imports", "imports.read");
  const [{ t }, reports] = await Promise.all([getMessages(), listImportReports(actor)]);
  const l = t.admin.imports;
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      {can(actor, "imports.run") && (
        <div className="grid gap-6 lg:grid-cols-2">
          <IncidentImportForm presets={presetNames()} labels={l} />
          <AreaImportForm labels={l} />
        </div>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{l.reportsTitle}</h2>
        <ul className="space-y-2" data-testid="import-reports">
          {reports.length === 0 && <li className="text-slate-500">{t.table.empty}</li>}
          {reports.map((report) => (
            <li key={report.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
              <p>
                <span className="font-medium">{report.fileName}</span> · {report.kind} · {l.outcome[report.status as keyof typeof l.outcome] ?? report.status} · {l.rows} {report.rowCount} ·{" "}
                {l.imported} {report.importedCount} · {l.skipped} {report.skippedCount} · {l.errors} {report.errorCount} · {report.startedAt.toISOString()}
              </p>
              {report.errors.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-brand-700">{l.showErrors}</summary>
                  <table className="mt-2 w-full text-left text-xs">
                    <thead>
                      <tr>
                        <th scope="col">{l.fileName}</th>
                        <th scope="col">{l.line}</th>
                        <th scope="col">{l.field}</th>
                        <th scope="col">{l.message}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.errors.slice(0, 200).map((issue, i) => (
                        <tr key={i} className="border-t border-slate-100">
                          <td>{issue.file}</td>
                          <td>{issue.line ?? "—"}</td>
                          <td>{issue.field ?? "—"}</td>
                          <td>{issue.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
