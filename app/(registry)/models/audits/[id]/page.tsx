import Link from "next/link";
import { getAudit, listAudits } from "@/db/queries/audits";
import { getVersion } from "@/db/queries/models";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";
import { AuditReport, type StoredReport } from "../../_report/audit-report";
import { AuditProgress, PrintButton } from "../../audit-widgets";

export const metadata = { title: "Audit report" };
const DAY_MS = 86_400_000;
const isoDay = (days: number | null | undefined) => (typeof days === "number" && Number.isFinite(days) ? new Date(days * DAY_MS).toISOString().slice(0, 10) : "—");

/** One audit's stored report on a page of its own, for reading and printing. */
export default async function AuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageIdentity(`/models/audits/${id}`, "models.read");
  const [{ t }, audit] = await Promise.all([getMessages(), getAudit(actor, id)]);
  const [version, audits] = await Promise.all([getVersion(actor, audit.versionId), listAudits(actor, audit.versionId)]);
  const l = t.registry;
  const report = audit.report as unknown as StoredReport | null;
  // Approvals vouch for the latest completed audit (none is recorded after an approval), so only its page shows their overrides.
  const latest = audits.find((a) => a.status === "completed")?.id === audit.id;
  const overrides = latest ? version.approvals.filter((a) => a.override).map((a) => ({ approver: a.approverPseudonym, at: a.at, text: a.override! })) : [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{format(l.reportFor, { model: version.modelName, number: version.number })}</h1>
          <p className="text-sm text-slate-600">
            <Link href={`/models/versions/${version.id}`} className="text-brand-700 underline print:no-underline">{l.states[version.state]}</Link>
            {" · "}
            {format(l.reportMeta, { completed: audit.completedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "—", from: audit.evaluation.from, to: audit.evaluation.to, hash: audit.inputHash.slice(0, 16) })}
          </p>
          {report && (
            <p className="text-sm text-slate-600" data-testid="audit-protocol">
              {format(l.protocolLine, {
                periods: report.protocol.periods,
                horizon: report.protocol.horizonDays,
                coverage: `${(report.protocol.coverage * 100).toFixed(0)} %`,
                cells: report.protocol.validCells,
                fitFrom: report.protocol.fitFrom === undefined || report.protocol.fitFrom === null ? "—" : isoDay(report.protocol.fitFrom),
                fitCutoff: isoDay(report.protocol.fitCutoff),
              })}
            </p>
          )}
        </div>
        {report && <PrintButton label={l.print} />}
      </div>
      {audit.status === "queued" && <AuditProgress auditId={audit.id} initial={{ progress: audit.progress, message: audit.progressMessage }} labels={l} />}
      {audit.status === "failed" && <p role="alert" className="text-sm text-red-800">{format(l.auditFailed, { error: audit.error ?? "" })}</p>}
      {report && <AuditReport report={report} labels={l} overrides={overrides} />}
    </div>
  );
}
