/**
 * One monitoring run of an approved version, pure: the forecasts it actually served in a window,
 * scored on what happened afterwards — realised accuracy, exposure disparity and false-positive
 * parity of the flags served, the feedback-loop ratio — and displacement from the patrol logs,
 * each judged against the audit policy in force. Not measurable is said plainly, never passed.
 */
import { biasByGroup, feedbackLoop, type AuditPeriod, type GroupBias } from "../audit/bias";
import type { DisplacementDesign } from "../audit/displacement";
import { evaluatePolicy, type AuditPolicy, type CriterionResult } from "../audit/policy";
import { bootstrapInterval, type Random } from "../forecast";
import type { PatrolDisplacement } from "./displacement";
import { breaches, type MetricResult, type MonitoringMetric, type NotMeasurableReason } from "./metrics";

export interface MonitoringInput {
  /**
   * One period per finished forecast served in the window: its flags (1/0 per grid cell) and the
   * incidents of its categories recorded during its period, by how they were recorded.
   */
  periods: readonly AuditPeriod[];
  /** 1 where a cell is forecast (the grid's mask); the flagged share is over these cells. */
  mask: Uint8Array;
  /** Residents per cell by group (lib/audit residentsPerCell); null when the areas have no demographics. */
  residents: Readonly<Record<string, Float64Array>> | null;
  /** The group disparities are measured against (the version's audit's). */
  reference: string | null;
  /** Displacement from the patrol logs (displacementOfPatrols). */
  displacement: PatrolDisplacement;
  policy: AuditPolicy;
  random: Random;
  /** Bootstrap replicates over forecasts; default 500. */
  replicates?: number;
}

export interface MonitoringMeasurement {
  metrics: MetricResult[];
  /** Metrics whose value breached the policy. */
  breached: MonitoringMetric[];
  forecasts: number;
  incidents: number;
  hits: number;
  displacementDesign: DisplacementDesign | null;
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
const interval = (i: { lower: number; upper: number; level: number } | undefined) => (i && finite(i.lower) && finite(i.upper) ? { lower: i.lower, upper: i.upper, level: i.level } : null);

function notMeasurable(criterion: Pick<CriterionResult, "threshold" | "limit">, metric: MonitoringMetric, reason: NotMeasurableReason, detail: string): MetricResult {
  return { metric, status: "not_measurable", value: null, interval: null, threshold: criterion.threshold, limit: criterion.limit, group: null, reason, detail: `Not yet measurable: ${detail}.` };
}

/**
 * Per-period sums for realised accuracy: incidents in forecast cells, those in flagged cells, and
 * the flagged share. Pooled as realisedAccuracyByVersion pools: Σ hits ÷ Σ incidents ÷ mean share.
 */
function accuracySums(periods: readonly AuditPeriod[], mask: Uint8Array) {
  const incidents = new Float64Array(periods.length);
  const hits = new Float64Array(periods.length);
  const share = new Float64Array(periods.length);
  let valid = 0;
  for (const m of mask) valid += m;
  periods.forEach((period, p) => {
    let flagged = 0;
    for (let c = 0; c < mask.length; c++) {
      if (!mask[c]) continue;
      const n = Number(period.reported[c]) + Number(period.discovered[c]);
      const f = Number(period.flagged[c]);
      incidents[p]! += n;
      hits[p]! += f * n;
      flagged += f;
    }
    share[p] = valid > 0 ? flagged / valid : 0;
  });
  return { incidents, hits, share };
}

const sumOver = (values: Float64Array, idx: Int32Array<ArrayBufferLike>) => {
  let total = 0;
  for (const i of idx) total += values[i]!;
  return total;
};

/**
 * Measures a window of served forecasts against the policy.
 *
 * @example measureMonitoring({ periods, mask: grid.mask, residents, reference: "group_b", displacement, policy, random: seededRandom(1) }).breached // ["realised_pai"]
 */
export function measureMonitoring(input: MonitoringInput): MonitoringMeasurement {
  const { periods, policy, random } = input;
  const replicates = input.replicates ?? 500;
  const sums = accuracySums(periods, input.mask);
  const all = Int32Array.from(periods, (_, i) => i);
  const incidents = sumOver(sums.incidents, all);
  const hits = sumOver(sums.hits, all);
  const paiOf = (idx: Int32Array<ArrayBufferLike>) => sumOver(sums.hits, idx) / sumOver(sums.incidents, idx) / (sumOver(sums.share, idx) / idx.length);
  const pai = periods.length > 0 && incidents > 0 ? bootstrapInterval(periods.length, paiOf, { random, replicates }) : null;

  const groups = input.residents ? Object.keys(input.residents) : [];
  const bias: GroupBias[] = periods.length > 0 && input.residents && input.reference && groups.includes(input.reference)
    ? biasByGroup({ periods, residents: input.residents, reference: input.reference, band: policy.disparityBand, random, replicates })
    : [];
  const others = bias.filter((g) => g.group !== input.reference);
  const feedback = periods.length > 0 ? feedbackLoop(periods, random, replicates) : null;
  const judged = evaluatePolicy(
    {
      pai: pai?.estimate ?? null,
      naivePai: null,
      disparities: Object.fromEntries(others.map((g) => [g.group, g.disparity.estimate])),
      falsePositiveDisparities: Object.fromEntries(others.map((g) => [g.group, g.falsePositiveDisparity.estimate])),
      feedbackRatio: feedback?.status === "measured" ? feedback.ratio.estimate : null,
    },
    policy,
  );
  const criterion = (name: CriterionResult["criterion"]) => judged.criteria.find((c) => c.criterion === name)!;
  const statusOf = (c: CriterionResult) => (c.outcome === "fail" ? "breach" : c.outcome === "pass" ? "pass" : "not_measurable");

  const metrics: MetricResult[] = [];
  // Realised accuracy: PAI of the flags served, on the incidents that occurred.
  const paiCriterion = criterion("min_pai");
  if (periods.length === 0) metrics.push(notMeasurable(paiCriterion, "realised_pai", "no_finished_forecasts", "no forecast of this version finished its period in this window"));
  else if (!pai) metrics.push(notMeasurable(paiCriterion, "realised_pai", "no_incidents", "no incident of the version's categories occurred in its forecast cells during the periods served"));
  else {
    metrics.push({
      metric: "realised_pai", status: statusOf(paiCriterion), value: pai.estimate, interval: interval(pai), threshold: paiCriterion.threshold, limit: paiCriterion.limit, group: null, reason: null,
      detail: `${hits} of ${incidents} incidents fell in flagged cells over ${periods.length} finished forecasts (hit rate ${(hits / incidents).toFixed(3)})`,
    });
  }

  // Exposure disparity and false-positive parity of the flags served, for the group furthest from parity.
  for (const [metric, name, pick] of [
    ["exposure_disparity", "disparity_band", (g: GroupBias) => g.disparity],
    ["false_positive_disparity", "false_positive_disparity", (g: GroupBias) => g.falsePositiveDisparity],
  ] as const) {
    const c = criterion(name);
    if (periods.length === 0) metrics.push(notMeasurable(c, metric, "no_finished_forecasts", "no forecast of this version finished its period in this window"));
    else if (!input.residents || groups.length < 2 || !input.reference) metrics.push(notMeasurable(c, metric, "no_demographics", "the version's areas have no residents by demographic group to compare"));
    else if (c.outcome === "not_measurable") metrics.push(notMeasurable(c, metric, "no_exposure", "no resident of the reference group lived under a flagged cell, so no ratio is defined"));
    else {
      const target = c.measured;
      // The group evaluatePolicy judged: the one whose estimate it reported (or unbounded, +∞).
      const group = others.find((g) => (target === null ? !Number.isFinite(pick(g).estimate) && !Number.isNaN(pick(g).estimate) : pick(g).estimate === target));
      metrics.push({ metric, status: statusOf(c), value: target, interval: interval(group && pick(group)), threshold: c.threshold, limit: c.limit, group: group?.group ?? null, reason: null, detail: `${c.detail}; against ${input.reference}` });
    }
  }

  // Feedback loop: discovered ÷ reported inside the flags served over outside.
  const fc = criterion("feedback_ratio");
  if (!feedback) metrics.push(notMeasurable(fc, "feedback_ratio", "no_finished_forecasts", "no forecast of this version finished its period in this window"));
  else if (feedback.status === "not_measurable") {
    const { inside, outside } = feedback;
    const code: NotMeasurableReason = inside.discovered + outside.discovered === 0 ? "no_discovered" : inside.reported === 0 || outside.reported === 0 ? "no_reported_side" : "no_discovered_outside";
    metrics.push({ ...notMeasurable(fc, "feedback_ratio", code, ""), detail: feedback.reason });
  } else {
    metrics.push({ metric: "feedback_ratio", status: statusOf(fc), value: feedback.ratio.estimate, interval: interval(feedback.ratio), threshold: fc.threshold, limit: fc.limit, group: null, reason: null, detail: `inside flags ${feedback.inside.discovered.toFixed(0)} discovered / ${feedback.inside.reported.toFixed(0)} reported, outside ${feedback.outside.discovered.toFixed(0)} / ${feedback.outside.reported.toFixed(0)}` });
  }

  // Displacement from the patrol logs.
  const d = input.displacement;
  const dLimit = { min: policy.minDisplacementWdq };
  const dThreshold = `≥ ${policy.minDisplacementWdq}`;
  if (d.status === "not_measurable") metrics.push({ metric: "displacement_wdq", status: "not_measurable", value: null, interval: null, threshold: dThreshold, limit: dLimit, group: null, reason: d.code ?? "no_patrol_logs", detail: d.reason });
  else metrics.push({ metric: "displacement_wdq", status: breaches(d.wdq, dLimit) ? "breach" : "pass", value: d.wdq, interval: null, threshold: dThreshold, limit: dLimit, group: null, reason: null, detail: d.reason });

  return {
    metrics,
    breached: metrics.filter((m) => m.status === "breach").map((m) => m.metric),
    forecasts: periods.length,
    incidents,
    hits,
    displacementDesign: d.design ?? null,
  };
}
