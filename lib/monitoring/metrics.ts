/**
 * What post-deployment monitoring measures of an approved version, and how each result reads.
 * Pure shapes; see measure.ts for the computation.
 */

export const MONITORING_METRICS = ["realised_pai", "exposure_disparity", "false_positive_disparity", "feedback_ratio", "displacement_wdq"] as const;
export type MonitoringMetric = (typeof MONITORING_METRICS)[number];

export const METRIC_STATUSES = ["pass", "breach", "not_measurable"] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

/**
 * Why a metric is not yet measurable, as a code the pages translate. The English `detail` of a
 * result says the same for the API and the stored record.
 */
export const NOT_MEASURABLE_REASONS = [
  "no_finished_forecasts",
  "no_incidents",
  "no_demographics",
  "no_exposure",
  "no_discovered",
  "no_reported_side",
  "no_discovered_outside",
  "no_patrol_logs",
  "patrols_after_window",
  "no_control_incidents",
  "targets_not_improved",
] as const;
export type NotMeasurableReason = (typeof NOT_MEASURABLE_REASONS)[number];

/** The threshold as numbers: a minimum, a maximum or a band (as lib/audit's CriterionResult). */
export type MetricLimit = { min: number } | { max: number } | { band: [number, number] };

export interface MetricResult {
  metric: MonitoringMetric;
  status: MetricStatus;
  /** The estimate (PAI, a ratio or a WDQ); null when not measurable or unbounded. */
  value: number | null;
  /** Percentile bootstrap interval over the served forecasts, where the metric has one. */
  interval: { lower: number; upper: number; level: number } | null;
  /** The threshold as printed, e.g. "≥ 2". */
  threshold: string;
  limit: MetricLimit;
  /** The demographic group the value belongs to (the one furthest from parity), where it applies. */
  group: string | null;
  reason: NotMeasurableReason | null;
  /** One English sentence: what was measured, or why it could not be. */
  detail: string;
}

/** Whether a value breaches a limit (a band is breached outside it). */
export function breaches(value: number, limit: MetricLimit): boolean {
  if ("min" in limit) return value < limit.min;
  if ("max" in limit) return value > limit.max;
  return value < limit.band[0] || value > limit.band[1];
}
