/**
 * Trends of monitored metrics over months: the latest completed run of each month, per metric,
 * with the threshold that run was judged against (a policy change shows as a step).
 */
import { MONITORING_METRICS, type MetricResult, type MonitoringMetric } from "./metrics";

export interface RunForTrend {
  id: string;
  month: string;
  completedAt: Date;
  metrics: readonly MetricResult[];
}

export interface TrendPoint {
  month: string;
  runId: string;
  status: MetricResult["status"];
  value: number | null;
  interval: MetricResult["interval"];
  limit: MetricResult["limit"];
  threshold: string;
  group: string | null;
  reason: MetricResult["reason"];
}

export type Trend = Record<MonitoringMetric, TrendPoint[]>;

/**
 * One point per month and metric, from the month's latest completed run, months ascending.
 *
 * @example trendOf(runs).realised_pai // [{ month: "2026-01", value: 4.1, status: "pass", … }, { month: "2026-02", value: 0.9, status: "breach", … }]
 */
export function trendOf(runs: readonly RunForTrend[]): Trend {
  const latest = new Map<string, RunForTrend>();
  for (const run of runs) {
    const seen = latest.get(run.month);
    if (!seen || run.completedAt.getTime() > seen.completedAt.getTime()) latest.set(run.month, run);
  }
  const months = [...latest.keys()].sort();
  const trend = Object.fromEntries(MONITORING_METRICS.map((metric) => [metric, [] as TrendPoint[]])) as Trend;
  for (const month of months) {
    const run = latest.get(month)!;
    for (const result of run.metrics) {
      trend[result.metric].push({ month, runId: run.id, status: result.status, value: result.value, interval: result.interval, limit: result.limit, threshold: result.threshold, group: result.group, reason: result.reason });
    }
  }
  return trend;
}
