import Link from "next/link";
import { getOversightDashboard } from "@/db/queries/dashboard";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";

export const generateMetadata = localisedTitle((t) => t.monitoring.dashboard.title);

function Card({ id, title, tone, children }: { id: string; title: string; tone: "ok" | "attention" | "neutral"; children: React.ReactNode }) {
  const ring = tone === "attention" ? "border-red-300 bg-red-50" : tone === "ok" ? "border-green-200 bg-white" : "border-slate-200 bg-white";
  return (
    <section className={`space-y-2 rounded border p-4 ${ring}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** What awaits oversight now: decisions, lapsing approvals, objection deadlines, monitoring alerts and the ledger's integrity. */
export default async function OversightDashboardPage() {
  const { actor } = await requirePageIdentity("/oversight", "monitoring.read");
  const [{ t, locale }, board] = await Promise.all([getMessages(), getOversightDashboard(actor)]);
  const d = t.monitoring.dashboard;
  const m = t.monitoring;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const ledger = board.ledger;
  const ledgerText = !ledger
    ? d.ledgerNever
    : ledger.status === "failed"
      ? format(d.ledgerFailed, { error: ledger.error ?? "" })
      : ledger.status !== "succeeded" || !ledger.result
        ? d.ledgerRunning
        : ledger.result.ok
          ? format(d.ledgerIntact, { entries: ledger.result.entries ?? 0, checkpoints: ledger.result.checkpoints ?? 0, date: date.format(ledger.finishedAt ?? ledger.requestedAt) })
          : format(d.ledgerBroken, { fault: ledger.result.fault ?? "bad_signature", seq: String(ledger.result.seq ?? "—"), date: date.format(ledger.finishedAt ?? ledger.requestedAt) });
  const ledgerBad = ledger?.status === "failed" || (ledger?.status === "succeeded" && ledger.result?.ok === false);
  return (
    <div className="space-y-6">
      <section className="space-y-1">
        <h1 className="text-2xl font-bold">{d.title}</h1>
        <p className="text-slate-700">{d.intro}</p>
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <Card id="pending" title={d.pendingTitle} tone={board.pending.versions.length > 0 ? "attention" : "ok"}>
          <p className="text-sm" data-testid="pending-counts">
            <span data-count={board.pending.submitted}>{format(d.submitted, { n: board.pending.submitted })}</span>
            {" · "}
            <span data-count={board.pending.audited}>{format(d.audited, { n: board.pending.audited })}</span>
          </p>
          {board.pending.versions.length === 0 ? (
            <p className="text-sm text-slate-600">{d.noPending}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {board.pending.versions.slice(0, 8).map((v) => (
                <li key={v.id}>
                  <Link href={`/models/versions/${v.id}`} className="text-brand-700 underline">{format(m.versionLabel, { model: v.modelName, number: v.number })}</Link>{" "}
                  — {t.registry.states[v.state]}, {format(d.approvals, { n: v.approvals })}, {format(d.since, { date: date.format(v.since) })}
                </li>
              ))}
            </ul>
          )}
          <Link href="/models" className="text-sm text-brand-700 underline">{d.openModels}</Link>
        </Card>
        <Card id="expiring" title={d.expiringTitle} tone={board.expiring.length > 0 ? "attention" : "ok"}>
          {board.expiring.length === 0 ? (
            <p className="text-sm text-slate-600">{d.noExpiring}</p>
          ) : (
            <ul className="space-y-1 text-sm" data-count={board.expiring.length}>
              {board.expiring.map((v) => (
                <li key={v.id}>
                  <Link href={`/models/versions/${v.id}`} className="text-brand-700 underline">{format(m.versionLabel, { model: v.modelName, number: v.number })}</Link>: {format(d.expiringRow, { date: date.format(v.validUntil), days: v.daysLeft })}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {board.objections && (
          <Card id="objections" title={d.objectionsTitle} tone={board.objections.overdue > 0 ? "attention" : board.objections.dueSoon > 0 ? "neutral" : "ok"}>
            <p className="text-sm" data-testid="objection-counts">
              <span className={board.objections.overdue > 0 ? "font-semibold text-red-800" : ""}>{format(d.overdue, { n: board.objections.overdue })}</span>
              {" · "}
              <span>{format(d.dueSoon, { n: board.objections.dueSoon })}</span>
            </p>
            {board.objections.cases.length === 0 ? (
              <p className="text-sm text-slate-600">{d.noObjections}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {board.objections.cases.map((c) => (
                  <li key={c.id}>
                    <Link href={`/oversight/objections/${c.id}`} className="text-brand-700 underline">…{c.trackingHint}</Link> {t.objections.kinds[c.kind]}
                    {c.areaCode ? ` (${c.areaCode})` : ""} — {format(d.due, { date: date.format(c.dueAt) })}
                  </li>
                ))}
              </ul>
            )}
            <Link href="/oversight/objections" className="text-sm text-brand-700 underline">{d.openQueue}</Link>
          </Card>
        )}
        <Card id="alerts" title={d.alertsTitle} tone={board.alerts.open > 0 ? "attention" : "ok"}>
          <p className="text-sm" data-testid="alert-count">{format(d.alertsOpen, { n: board.alerts.open })}</p>
          <ul className="space-y-1 text-sm">
            {board.alerts.latest.map((alert) => (
              <li key={alert.id}>
                {format(m.versionLabel, { model: alert.modelName, number: alert.versionNumber })}: {format(m.alertRow, { metric: m.metrics[alert.metric], month: alert.month, value: alert.value === null ? m.unbounded : alert.value.toFixed(3), threshold: alert.threshold })}
              </li>
            ))}
          </ul>
          <Link href="/oversight/monitoring" className="text-sm text-brand-700 underline">{d.openMonitoring}</Link>
        </Card>
        <Card id="ledger" title={d.ledgerTitle} tone={ledgerBad ? "attention" : ledger?.result?.ok ? "ok" : "neutral"}>
          <p className={`text-sm ${ledgerBad ? "font-semibold text-red-800" : ""}`}>{ledgerText}</p>
          <Link href="/oversight/ledger" className="text-sm text-brand-700 underline">{d.openLedger}</Link>
        </Card>
      </div>
    </div>
  );
}
