import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ScrollRegion } from "@/app/_components/scroll-region";
import { getRegisterEntry } from "@/db/queries/register";
import { isRole } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";
import { AuditSection } from "../_components/audit-section";
import { Checkpoint } from "../_components/checkpoint";
import { categoryNames, day, instant } from "../_components/format";
import { IncidentsSection } from "../_components/incidents-section";
import { PrintButton } from "../_components/print-button";
import { StateBadge } from "../_components/state-badge";

// Read on every request: a version suspended a second ago must show as suspended.
export const dynamic = "force-dynamic";

async function load(id: string) {
  try {
    return await getRegisterEntry(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { t } = await getMessages();
  const { entry } = await load((await params).id);
  return { title: `${entry.model.name} v${entry.version} · ${t.register.title}` };
}

function Section({ title, id, children, testId }: { title: string; id: string; children: ReactNode; testId?: string }) {
  return (
    <section className="space-y-2 rounded border border-slate-200 bg-white p-4 break-inside-avoid" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

const dl = "grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[14rem_1fr]";
const dt = "text-slate-600";

export default async function RegisterEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ locale, t }, { entry, register }] = await Promise.all([getMessages(), load(id)]);
  const r = t.register;
  const roleName = (role: string | null) => (role === null ? r.system : isRole(role) ? t.roles[role] : role);
  const d = entry.definition;
  return (
    <article className="space-y-4">
      <header className="space-y-2">
        <p className="no-print text-sm">
          <Link href="/register" className="text-brand-700 underline">{r.title}</Link>
        </p>
        <h1 className="text-2xl font-bold">
          {entry.model.name} · v{entry.version} <StateBadge state={entry.state} labels={t.registry.states} testId="entry-state" />
        </h1>
        <p className="max-w-3xl text-slate-700">{entry.model.purpose}</p>
        <p className="text-sm text-slate-700">
          {r.organisation}: {register.organisation} · {format(r.generatedAt, { time: instant(register.generatedAt, locale) })}
        </p>
        <div className="no-print flex flex-wrap items-center gap-3 text-sm">
          <span className="font-semibold">{r.downloads}:</span>
          <a href={`/api/v1/register/${entry.id}`} className="text-brand-700 underline">{r.downloadJson}</a>
          <a href={`/api/v1/register/atrs/${entry.id}`} className="text-brand-700 underline">{r.downloadAtrs}</a>
          <a href={`/api/v1/register/${entry.id}?format=csv`} className="text-brand-700 underline">{r.downloadCsv}</a>
          <PrintButton label={r.print} />
        </div>
      </header>

      <Section title={r.summaryTitle} id="summary-title" testId="entry-summary">
        <dl className={dl}>
          <dt className={dt}>{r.state}</dt>
          <dd>{t.registry.states[entry.state]} · {format(r.since, { date: instant(entry.stateSince, locale) })}</dd>
          <dt className={dt}>{r.atrsPhase}</dt>
          <dd>{r.phases[entry.atrsPhase]}</dd>
          <dt className={dt}>{r.approvedAt}</dt>
          <dd>{entry.approval.approvedAt ? instant(entry.approval.approvedAt, locale) : "—"}</dd>
          <dt className={dt}>{r.validUntil}</dt>
          <dd data-testid="entry-valid-until">{entry.approval.validUntil ? instant(entry.approval.validUntil, locale) : "—"}</dd>
          <dt className={dt}>{r.scope}</dt>
          <dd>{r.areas}: {entry.approval.scope.areaCodes.join(", ")} · {r.categories}: {categoryNames(entry.approval.scope.categories, t.incidents.categories)}</dd>
          <dt className={dt}>{r.registeredAt}</dt>
          <dd>{instant(entry.registeredAt, locale)}</dd>
          <dt className={dt}>{r.definitionHash}</dt>
          <dd className="break-all font-mono text-xs">{entry.definitionHash}</dd>
        </dl>
      </Section>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={r.cardTitle} id="card-title">
          <dl className="space-y-2 text-sm">
            {(Object.keys(r.card) as (keyof typeof r.card)[]).map((field) => (
              <div key={field}>
                <dt className={dt}>{r.card[field]}</dt>
                <dd className="whitespace-pre-line">{entry.modelCard[field]}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title={r.definitionTitle} id="definition-title">
          <dl className={dl}>
            <dt className={dt}>{r.algorithm}</dt>
            <dd>{d.algorithm}</dd>
            <dt className={dt}>{r.parameters}</dt>
            <dd className="font-mono text-xs">{Object.keys(d.parameters).length > 0 ? Object.entries(d.parameters).map(([k, v]) => `${k}=${v}`).join(", ") : r.defaults}</dd>
            <dt className={dt}>{r.categories}</dt>
            <dd>{categoryNames(d.categories, t.incidents.categories)}</dd>
            <dt className={dt}>{r.trainingWindow}</dt>
            <dd>{d.trainingWindow.from} – {d.trainingWindow.to}</dd>
            <dt className={dt}>{r.cellSize}</dt>
            <dd>{format(r.metres, { n: d.cellSizeM })}</dd>
            <dt className={dt}>{r.areas}</dt>
            <dd>{d.areaCodes.join(", ")}</dd>
            <dt className={dt}>{r.engineVersion}</dt>
            <dd>{d.engineVersion}</dd>
          </dl>
        </Section>
      </div>

      <Section title={r.approvalsTitle} id="approvals-title" testId="entry-approvals">
        <p className="text-sm text-slate-700">{r.approvalsIntro}</p>
        <ScrollRegion label={r.approvalsTitle}>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                {[r.approver, r.approvedOn, r.validUntil, r.scope, r.reason, r.override].map((label) => <th key={label} scope="col" className="pr-3">{label}</th>)}
              </tr>
            </thead>
            <tbody>
              {entry.approval.approvals.map((a, i) => (
                <tr key={i} className="border-b border-slate-100 align-top">
                  <th scope="row" className="pr-3 text-left font-normal" data-testid="approver-role">{roleName(a.role)}</th>
                  <td className="pr-3">{day(a.at, locale)}</td>
                  <td className="pr-3">{day(a.validUntil, locale)}</td>
                  <td className="pr-3">{a.areaCodes.join(", ")} · {categoryNames(a.categories, t.incidents.categories)}</td>
                  <td className="pr-3">{a.reason}</td>
                  <td className="pr-3">{a.override ?? r.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>

      <AuditSection audit={entry.audit} t={r} locale={locale} />

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={r.overridesTitle} id="overrides-title" testId="entry-overrides">
          {entry.overrides.length === 0 ? (
            <p className="text-sm">{r.noOverrides}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {entry.overrides.map((o, i) => <li key={i}>{day(o.at, locale)} · {roleName(o.role)}: {o.justification}</li>)}
            </ul>
          )}
        </Section>
        <Section title={r.suspensionsTitle} id="suspensions-title" testId="entry-suspensions">
          {entry.suspensions.length === 0 ? (
            <p className="text-sm">{r.noSuspensions}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {entry.suspensions.map((s) => <li key={s.ledgerSeq}>{instant(s.at, locale)} · {roleName(s.role)}: {s.reason ?? r.noReason}</li>)}
            </ul>
          )}
        </Section>
      </div>

      <IncidentsSection incidents={entry.seriousIncidents} t={r} roleName={roleName} locale={locale} />

      <Section title={r.usageTitle} id="usage-title">
        <dl className={dl}>
          <dt className={dt}>{r.forecasts}</dt>
          <dd>{entry.usage.forecasts}</dd>
          <dt className={dt}>{r.views}</dt>
          <dd>{entry.usage.views}</dd>
          <dt className={dt}>{r.patrolDecisions}</dt>
          <dd>{entry.usage.patrolDecisions}</dd>
        </dl>
      </Section>

      <Section title={r.historyTitle} id="history-title">
        <ScrollRegion label={r.historyTitle}>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                {[r.at, r.change, r.by, r.reason, r.ledgerEntry].map((label) => <th key={label} scope="col" className="pr-3">{label}</th>)}
              </tr>
            </thead>
            <tbody>
              {entry.history.map((h) => (
                <tr key={h.ledgerSeq} className="border-b border-slate-100 align-top">
                  <th scope="row" className="pr-3 text-left font-normal">{instant(h.at, locale)}</th>
                  <td className="pr-3">{t.registry.states[h.from as keyof typeof t.registry.states] ?? h.from} → {t.registry.states[h.to as keyof typeof t.registry.states] ?? h.to}</td>
                  <td className="pr-3">{roleName(h.role)}</td>
                  <td className="pr-3">{h.reason ?? "—"}</td>
                  <td className="pr-3">
                    <Link href={`/ledger?seq=${h.ledgerSeq}`} className="text-brand-700 underline">#{h.ledgerSeq}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Section>

      <Checkpoint checkpoint={register.checkpoint} t={r} />
    </article>
  );
}
