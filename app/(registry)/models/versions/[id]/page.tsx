import Link from "next/link";
import { auditGroups, getAudit, listAudits } from "@/db/queries/audits";
import { getVersion } from "@/db/queries/models";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";
import { VersionDataChanges } from "./data-changes";
import { AuditReport, type StoredReport } from "../../_report/audit-report";
import { AuditProgress, AuditsTable } from "../../audit-widgets";
import { Field, VersionActionForm } from "../../registry-forms";

export const metadata = { title: "Model version" };
const input = "rounded border border-slate-300 px-2 py-1 text-sm";
const DAY_MS = 86_400_000;

export default async function VersionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageIdentity(`/models/versions/${id}`, "models.read");
  const [{ t }, version, audits, groups] = await Promise.all([getMessages(), getVersion(actor, id), listAudits(actor, id), auditGroups(actor, id)]);
  const latest = audits.find((audit) => audit.status === "completed");
  const report = latest ? ((await getAudit(actor, latest.id)).report as unknown as StoredReport | null) : null;
  const running = audits.find((audit) => audit.status === "queued");
  const progress = running ? await getAudit(actor, running.id) : null;
  const overrides = version.approvals.filter((a) => a.override).map((a) => ({ approver: a.approverPseudonym, at: a.at, text: a.override! }));
  const l = t.registry;
  const definition = version.definition as { areaCodes?: string[]; categories?: string[]; trainingWindow?: { to?: string } };
  const decides = can(actor, "versions.decide");
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">
        {version.modelName} · v{version.number} · <span data-testid="version-state">{l.states[version.state]}</span>
      </h1>
      <VersionDataChanges actor={actor} versionId={id} />
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">{l.definitionTitle}</h2>
          <pre className="overflow-x-auto text-xs">{JSON.stringify(version.definition, null, 2)}</pre>
          <p className="mt-2 break-all font-mono text-xs text-slate-500">{version.definitionHash}</p>
        </section>
        <section className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">{l.cardTitle}</h2>
          <dl className="space-y-1 text-sm">
            {(Object.keys(l.card) as (keyof typeof l.card)[]).map((field) => (
              <div key={field}>
                <dt className="text-slate-500">{l.card[field]}</dt>
                <dd>{String((version.modelCard as Record<string, unknown>)[field] ?? "")}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{l.auditTitle}</h2>
        {audits.length === 0 ? <p>{l.noAudits}</p> : (
          <div className="print:hidden">
            <AuditsTable rows={audits.map((a) => ({ id: a.id, createdAt: a.createdAt.toISOString(), period: `${a.evaluation.from} → ${a.evaluation.to}`, status: a.status, verdict: a.verdict }))} labels={l} empty={l.noAudits} />
          </div>
        )}
        {progress && <AuditProgress auditId={progress.id} initial={{ progress: progress.progress, message: progress.progressMessage }} labels={l} />}
        {latest && report && (
          <>
            <p className="text-sm print:hidden"><Link href={`/models/audits/${latest.id}`} className="text-brand-700 underline">{l.fullReport}</Link></p>
            <AuditReport report={report} labels={l} overrides={overrides} />
          </>
        )}
      </section>
      <section className="space-y-3 print:hidden">
        <h2 className="text-lg font-semibold">{l.decisionTitle}</h2>
        <div className="grid gap-3 lg:grid-cols-2">
          {version.state === "draft" && version.registrantId === actor.userId && <VersionActionForm versionId={id} action="submit" labels={l} button={l.submit} />}
          {decides && (version.state === "submitted" || version.state === "audited") && (
            <VersionActionForm versionId={id} action="audit" labels={l} button={l.launchAudit}>
              <Field label={l.evaluationFrom}><input name="from" type="date" required defaultValue={[new Date(Date.now() - 90 * DAY_MS).toISOString().slice(0, 10), definition.trainingWindow?.to ?? ""].sort().at(-1)} min={definition.trainingWindow?.to} className={input} /></Field>
              <Field label={l.evaluationTo}><input name="to" type="date" required defaultValue={today} className={input} /></Field>
              <Field label={l.horizon}><select name="horizonDays" className={input}><option>7</option><option>1</option></select></Field>
              <Field label={l.coverage}><input name="coverage" type="number" step="0.01" min={0.01} max={0.5} defaultValue={0.05} className={input} /></Field>
              <Field label={l.referenceGroup}>
                <select name="reference" defaultValue="" className={input}>
                  <option value="">—</option>
                  {groups.map((group) => <option key={group}>{group}</option>)}
                </select>
              </Field>
            </VersionActionForm>
          )}
          {decides && version.state === "audited" && (
            <VersionActionForm versionId={id} action="approve" labels={l} button={l.approve}>
              <Field label={l.scopeAreas}><input name="areaCodes" required defaultValue={(definition.areaCodes ?? []).join(",")} className={input} /></Field>
              <Field label={l.scopeCategories}><input name="categories" required defaultValue={(definition.categories ?? []).join(",")} className={input} /></Field>
              <Field label={l.validUntil}><input name="validUntil" type="date" className={input} /></Field>
              <Field label={l.reason}><textarea name="reason" required rows={2} className={input} /></Field>
              {version.auditVerdict === "fail" && <Field label={l.override}><textarea name="override" required rows={2} className={input} /></Field>}
            </VersionActionForm>
          )}
          {decides && (version.state === "submitted" || version.state === "audited") && (
            <VersionActionForm versionId={id} action="reject" labels={l} button={l.reject} danger>
              <Field label={l.reason}><textarea name="reason" required rows={2} className={input} /></Field>
            </VersionActionForm>
          )}
          {decides && version.state === "approved" && (
            <VersionActionForm versionId={id} action="suspend" labels={l} button={l.suspend} danger>
              <Field label={l.reason}><textarea name="reason" required rows={2} className={input} /></Field>
            </VersionActionForm>
          )}
        </div>
      </section>
      <section className="grid gap-4 lg:grid-cols-2 text-sm">
        <div>
          <h2 className="mb-1 font-semibold">{l.approvalsTitle}</h2>
          <ul data-testid="approvals">{version.approvals.map((a) => <li key={a.approverPseudonym}>{a.approverPseudonym} · {a.areaCodes.join(",")} · {a.categories.join(",")} · {a.validUntil.toISOString().slice(0, 10)} · {a.reason}{a.override ? ` · override: ${a.override}` : ""}</li>)}</ul>
        </div>
        <div>
          <h2 className="mb-1 font-semibold">{l.historyTitle}</h2>
          <ul>{version.transitions.map((tr, i) => <li key={i}>{tr.at.toISOString().slice(0, 16).replace("T", " ")} · {tr.from} → {tr.to}{tr.reason ? ` · ${tr.reason}` : ""} · {format(l.ledgerSeq, { seq: tr.ledgerSeq })}</li>)}</ul>
        </div>
      </section>
    </div>
  );
}
