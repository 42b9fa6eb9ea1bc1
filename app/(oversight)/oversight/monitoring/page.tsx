import Link from "next/link";
import { listMonitoring, listMonitoringAlerts, monitoringPolicy, type MonitoredVersion, type MonitoringRunView } from "@/db/queries/monitoring-read";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { format, type Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { MONITORING_METRICS, monthOf, type MetricResult } from "@/lib/monitoring";
import { AcknowledgeForm, RunMonitoringForm } from "./monitoring-forms";
import { TrendChart } from "./trend-chart";

export const generateMetadata = localisedTitle((t) => t.monitoring.title);

type Labels = Messages["monitoring"];

const STATUS_CLASS: Record<MetricResult["status"], string> = {
  pass: "bg-green-100 text-green-900",
  breach: "bg-red-100 text-red-900 font-semibold",
  not_measurable: "bg-slate-100 text-slate-700",
};

const shown = (value: number | null, status: MetricResult["status"], labels: Labels) => (value === null ? (status === "breach" ? labels.unbounded : "—") : value.toFixed(3));

function MetricsTable({ run, labels, locale }: { run: MonitoringRunView; labels: Labels; locale: Locale }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="latest-metrics">
        <caption className="p-2 text-left font-semibold">{format(labels.latestTitle, { month: run.month })}</caption>
        <thead className="bg-slate-100">
          <tr>
            {[labels.metric, labels.value, labels.interval, labels.threshold, labels.group].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {run.metrics.map((m) => (
            <tr key={m.metric} className="border-t border-slate-100 align-top" data-metric={m.metric} data-status={m.status}>
              <td className="px-3 py-2">
                <div className="font-medium">{labels.metrics[m.metric]}</div>
                <span className={`mt-1 inline-block rounded px-2 py-0.5 text-xs ${STATUS_CLASS[m.status]}`}>{labels.statuses[m.status]}</span>
                {m.reason && <p className="mt-1 max-w-md text-xs text-slate-600">{labels.reasons[m.reason]}</p>}
              </td>
              <td className="px-3 py-2 tabular-nums">{shown(m.value, m.status, labels)}</td>
              <td className="px-3 py-2 tabular-nums">{m.interval ? `${m.interval.lower.toFixed(3)} – ${m.interval.upper.toFixed(3)}` : "—"}</td>
              <td className="px-3 py-2 tabular-nums">{m.threshold}</td>
              <td className="px-3 py-2">{m.group ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="p-2 text-xs text-slate-600">{run.completedAt ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(run.completedAt) : ""}</p>
    </div>
  );
}

function RunsTable({ runs, labels, locale }: { runs: MonitoringRunView[]; labels: Labels; locale: Locale }) {
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" });
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="monitoring-runs">
        <caption className="sr-only">{labels.runsCaption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {[labels.month, labels.trigger, labels.runStatus, labels.period, labels.breaches, labels.suspendedByRun, labels.ledgerEntry].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className={`border-t border-slate-100 ${run.breaches ? "bg-red-50" : ""}`}>
              <td className="px-3 py-2">{run.month}</td>
              <td className="px-3 py-2">{labels.triggers[run.trigger]}</td>
              <td className="px-3 py-2">
                {labels.runStatuses[run.status]}
                {run.status === "running" || run.status === "queued" ? <progress max={1} value={run.progress} className="ml-2 align-middle" aria-label={run.progressMessage ?? labels.runStatuses[run.status]} /> : null}
                {run.error && <span className="block text-xs text-red-700">{run.error}</span>}
                {run.completedAt && <span className="block text-xs text-slate-600">{when.format(run.completedAt)}</span>}
              </td>
              <td className="px-3 py-2 tabular-nums">{run.periodFrom && run.periodTo ? `${run.periodFrom} – ${run.periodTo}` : "—"}</td>
              <td className="px-3 py-2 tabular-nums">{run.breaches ?? "—"}</td>
              <td className="px-3 py-2">{run.suspended ? "✔" : ""}</td>
              <td className="px-3 py-2">{run.ledgerSeq !== null ? <Link href={`/oversight/ledger/${run.ledgerSeq}`} className="text-brand-700 underline">#{run.ledgerSeq}</Link> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionSection({ version, labels, locale, runs }: { version: MonitoredVersion; labels: Labels; locale: Locale; runs: boolean }) {
  const latest = version.runs.find((run) => run.status === "completed");
  return (
    <section className="space-y-4 rounded border border-slate-200 bg-slate-50 p-4" data-testid={`version-${version.id}`} aria-labelledby={`v-${version.id}`}>
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id={`v-${version.id}`} className="text-lg font-semibold">
          <Link href={`/models/versions/${version.id}`} className="underline">{format(labels.versionLabel, { model: version.modelName, number: version.number })}</Link>
        </h2>
        <span className="rounded bg-white px-2 py-0.5 text-sm ring-1 ring-slate-300">{labels.states[version.state as keyof Labels["states"]] ?? version.state}</span>
        <span className="text-sm text-slate-600">{labels.areas}: {version.areaCodes.join(", ")}</span>
        {version.openAlerts > 0 && <span className="text-sm font-semibold text-red-800">{format(labels.openAlerts, { n: version.openAlerts })}</span>}
      </div>
      {runs && <RunMonitoringForm versionId={version.id} defaultMonth={monthOf(new Date())} labels={labels} />}
      {latest ? <MetricsTable run={latest} labels={labels} locale={locale} /> : <p className="text-slate-700">{labels.noRuns}</p>}
      {latest && (
        <div className="space-y-2">
          <h3 className="font-semibold">{labels.trendTitle}</h3>
          <div className="grid gap-4 lg:grid-cols-2">
            {MONITORING_METRICS.map((metric) => {
              const points = version.trend[metric];
              const name = labels.metrics[metric];
              return (
                <div key={metric} className="rounded border border-slate-200 bg-white p-2">
                  <h4 className="text-sm font-semibold">{format(labels.chartTitle, { metric: name })}</h4>
                  <p className="text-xs text-slate-600">{labels.metricHelp[metric]}</p>
                  <TrendChart
                    id={`trend-${version.id.slice(0, 8)}-${metric}`}
                    points={points}
                    labels={{ title: format(labels.chartTitle, { metric: name }), description: format(labels.chartDescription, { metric: name, threshold: points.at(-1)?.threshold ?? "" }), month: labels.chartMonth, axis: name, threshold: labels.chartThreshold, notMeasurable: labels.chartNotMeasurable, unbounded: labels.unbounded }}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
      {version.runs.length > 0 && (
        <div className="space-y-2">
          <h3 className="font-semibold">{labels.runsTitle}</h3>
          <RunsTable runs={version.runs} labels={labels} locale={locale} />
        </div>
      )}
    </section>
  );
}

export default async function MonitoringPage() {
  const { actor } = await requirePageIdentity("/oversight/monitoring", "monitoring.read");
  const [{ t, locale }, versions, alerts, policy] = await Promise.all([getMessages(), listMonitoring(actor), listMonitoringAlerts(actor, { limit: 50 }), monitoringPolicy(actor)]);
  const m = t.monitoring;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const acknowledges = can(actor, "monitoring.acknowledge");
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{m.title}</h1>
        <p className="max-w-3xl text-slate-700">{m.intro}</p>
        <p className="text-sm font-medium" data-testid="suspension-policy">{policy.autoSuspendOnBreach ? m.policyAutoSuspend : m.policyAlertOnly}</p>
        <Link href="/oversight/monitoring/regional" className="text-brand-700 underline">{m.regionalLink}</Link>
      </section>
      <section className="space-y-2" aria-labelledby="alerts-title">
        <h2 id="alerts-title" className="text-lg font-semibold">{m.alertsTitle}</h2>
        {alerts.length === 0 ? (
          <p className="text-slate-700">{m.noAlerts}</p>
        ) : (
          <ul className="space-y-2" aria-label={m.alertsCaption} data-testid="alerts">
            {alerts.map((alert) => (
              <li key={alert.id} className={`rounded border p-3 ${alert.acknowledgedAt ? "border-slate-200 bg-white" : "border-red-300 bg-red-50"}`}>
                <p>
                  <span className="font-medium">{format(m.versionLabel, { model: alert.modelName, number: alert.versionNumber })}</span>:{" "}
                  {format(m.alertRow, { metric: m.metrics[alert.metric], month: alert.month, value: alert.value === null ? m.unbounded : alert.value.toFixed(3), threshold: alert.threshold })}
                  {alert.suspended && <span className="ml-2 rounded bg-red-200 px-2 py-0.5 text-xs font-semibold text-red-900">{m.suspendedByRun}</span>}
                </p>
                {alert.acknowledgedAt ? (
                  <p className="text-sm text-slate-600">{format(m.acknowledged, { date: when.format(alert.acknowledgedAt), note: alert.acknowledgement ?? "" })}</p>
                ) : (
                  acknowledges && <AcknowledgeForm alertId={alert.id} labels={m} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {versions.length === 0 ? <p className="text-slate-700">{m.noVersions}</p> : versions.map((version) => <VersionSection key={version.id} version={version} labels={m} locale={locale} runs={can(actor, "monitoring.run")} />)}
    </div>
  );
}
