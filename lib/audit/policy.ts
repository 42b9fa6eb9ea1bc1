import { z } from "zod";
import type { Interval } from "../forecast/metrics/bootstrap";
import type { FeedbackLoop, GroupBias } from "./bias";

/**
 * Audit thresholds. Versioned by the database layer (admins edit them; every edit is on the
 * ledger); each audit is judged against the policy in force when it ran.
 */
export const auditPolicySchema = z
  .object({
    minPai: z.number().min(1).max(100).default(2),
    /** How much the model's PAI must exceed the naive baseline's on the same protocol. */
    marginOverNaive: z.number().min(-10).max(10).default(0),
    disparityBand: z.tuple([z.number().min(0.01).max(1), z.number().min(1).max(100)]).default([0.8, 1.25]),
    maxFalsePositiveDisparity: z.number().min(1).max(100).default(1.25),
    maxFeedbackRatio: z.number().min(1).max(100).default(1.5),
    /** Post-deployment monitoring: suspend a version automatically when a monitored metric breaches its threshold. */
    autoSuspendOnBreach: z.boolean().default(false),
    /** Monitoring: a weighted displacement quotient below this (crime pushed into the ring around patrols) is a breach. */
    minDisplacementWdq: z.number().min(-10).max(0).default(-0.5),
    /** Monitoring: the displacement buffer D is every cell within this many metres of a patrolled cell. */
    displacementBufferM: z.number().min(0).max(2000).default(300),
  })
  .strict()
  .refine((policy) => policy.disparityBand[0] < 1 && policy.disparityBand[1] > 1, "disparityBand: must contain 1");
export type AuditPolicy = z.infer<typeof auditPolicySchema>;

/** The numbers a policy judges; null where the audit could not measure them. */
export interface AuditMeasures {
  /** Model's PAI at the audited coverage (ratio, > 1 beats random). */
  pai: number | null;
  /** The naive baseline's PAI on the same protocol. */
  naivePai: number | null;
  /** Exposure disparity estimate per non-reference group (ratio). */
  disparities: Record<string, number>;
  /** False-positive disparity estimate per non-reference group (ratio). */
  falsePositiveDisparities: Record<string, number>;
  /** Feedback-loop ratio estimate, null when not measurable. */
  feedbackRatio: number | null;
}

/** Enough of an audit report to judge: bias by group, the feedback loop and, when run, accuracy. */
export interface JudgedReport {
  reference: string;
  bias: readonly GroupBias[];
  feedback: FeedbackLoop;
  accuracy?: { model: { pai: Interval }; naive: { pai: Interval } } | null;
}

export type CriterionOutcome = "pass" | "fail" | "not_measurable";

export interface CriterionResult {
  criterion: "min_pai" | "margin_over_naive" | "disparity_band" | "false_positive_disparity" | "feedback_ratio";
  outcome: CriterionOutcome;
  /** The measured value (PAI, PAI difference or a ratio), null when not measurable. */
  measured: number | null;
  /** The threshold as printed, e.g. "≥ 2" or "within [0.8, 1.25]". */
  threshold: string;
  /** The threshold as numbers: a minimum, a maximum or a band. */
  limit: { min: number } | { max: number } | { band: [number, number] };
  detail: string;
}

export interface PolicyEvaluation {
  /** "fail" when any criterion fails. "pass" means none failed: check `unmeasured` before reading it as a clean bill. */
  verdict: "pass" | "fail";
  criteria: CriterionResult[];
  /** Criteria that could not be measured (they neither pass nor fail). */
  unmeasured: CriterionResult["criterion"][];
}

const finite = (value: number | null | undefined): value is number => typeof value === "number" && Number.isFinite(value);

/** The measures a policy judges, taken from a report. */
export function measuresOf(report: JudgedReport): AuditMeasures {
  const others = report.bias.filter((group) => group.group !== report.reference);
  return {
    pai: report.accuracy?.model.pai.estimate ?? null,
    naivePai: report.accuracy?.naive.pai.estimate ?? null,
    disparities: Object.fromEntries(others.map((group) => [group.group, group.disparity.estimate])),
    falsePositiveDisparities: Object.fromEntries(others.map((group) => [group.group, group.falsePositiveDisparity.estimate])),
    feedbackRatio: report.feedback.status === "measured" ? report.feedback.ratio.estimate : null,
  };
}

/**
 * Judges an audit (a report or its measures) against a policy, criterion by criterion. The
 * verdict fails when any criterion fails; a criterion that cannot be measured is listed as
 * such and never passes silently. Estimates are judged, not interval bounds: the band is a
 * trigger for human review.
 *
 * @example evaluatePolicy(report, policy).criteria[1] // { criterion: "margin_over_naive", outcome: "fail", measured: -0.05, threshold: "≥ 0", … }
 */
export function evaluatePolicy(input: AuditMeasures | JudgedReport, policy: AuditPolicy): PolicyEvaluation {
  const measures = "bias" in input ? measuresOf(input) : input;
  const [lo, hi] = policy.disparityBand;
  // +∞ (the reference scored 0, the group did not) is a measured extreme, not a gap: it fails.
  const worst = (values: Record<string, number>, score: (v: number) => number) =>
    Object.entries(values)
      .filter(([, v]) => !Number.isNaN(v))
      .sort((a, b) => score(b[1]) - score(a[1]))[0];
  const unmeasuredGroups = (values: Record<string, number>) => Object.keys(values).filter((g) => Number.isNaN(values[g]));
  const shown = (entry: [string, number] | undefined) => (entry && finite(entry[1]) ? entry[1] : null);
  const unbounded = (entry: [string, number] | undefined) => (entry && !finite(entry[1]) ? " (unbounded: the reference group scored 0)" : "");
  const bandDistance = (v: number) => Math.max(lo / v, v / hi);
  const worstDisparity = worst(measures.disparities, bandDistance);
  const worstFp = worst(measures.falsePositiveDisparities, (v) => v);
  const { pai, naivePai } = measures;
  const margin = finite(pai) && finite(naivePai) ? pai - naivePai : null;
  const also = (values: Record<string, number>) => {
    const missing = unmeasuredGroups(values);
    return missing.length > 0 ? `; not measurable for ${missing.join(", ")}` : "";
  };
  const criteria: CriterionResult[] = [
    {
      criterion: "min_pai",
      outcome: !finite(pai) ? "not_measurable" : pai >= policy.minPai ? "pass" : "fail",
      measured: finite(pai) ? pai : null,
      threshold: `≥ ${policy.minPai}`,
      limit: { min: policy.minPai },
      detail: finite(pai) ? "prediction accuracy index at the audited coverage" : "no accuracy backtest in this audit",
    },
    {
      criterion: "margin_over_naive",
      outcome: !finite(margin) ? "not_measurable" : margin >= policy.marginOverNaive ? "pass" : "fail",
      measured: margin,
      threshold: `≥ ${policy.marginOverNaive}`,
      limit: { min: policy.marginOverNaive },
      detail: finite(pai) && finite(naivePai) ? `PAI ${pai.toFixed(3)} against the naive baseline's ${naivePai.toFixed(3)}` : "no PAI for the model and the naive baseline on the same protocol",
    },
    {
      criterion: "disparity_band",
      outcome: !worstDisparity ? "not_measurable" : worstDisparity[1] >= lo && worstDisparity[1] <= hi ? "pass" : "fail",
      measured: shown(worstDisparity),
      threshold: `within [${lo}, ${hi}]`,
      limit: { band: [lo, hi] },
      detail: (worstDisparity ? `most distant group: ${worstDisparity[0]}${unbounded(worstDisparity)}` : "no group could be measured") + also(measures.disparities),
    },
    {
      criterion: "false_positive_disparity",
      outcome: !worstFp ? "not_measurable" : worstFp[1] <= policy.maxFalsePositiveDisparity ? "pass" : "fail",
      measured: shown(worstFp),
      threshold: `≤ ${policy.maxFalsePositiveDisparity}`,
      limit: { max: policy.maxFalsePositiveDisparity },
      detail: (worstFp ? `highest: ${worstFp[0]}${unbounded(worstFp)}` : "no group could be measured") + also(measures.falsePositiveDisparities),
    },
    {
      criterion: "feedback_ratio",
      outcome: !finite(measures.feedbackRatio) ? "not_measurable" : measures.feedbackRatio <= policy.maxFeedbackRatio ? "pass" : "fail",
      measured: finite(measures.feedbackRatio) ? measures.feedbackRatio : null,
      threshold: `≤ ${policy.maxFeedbackRatio}`,
      limit: { max: policy.maxFeedbackRatio },
      detail: "discovered/reported inside flagged cells over outside",
    },
  ];
  return {
    verdict: criteria.some((c) => c.outcome === "fail") ? "fail" : "pass",
    criteria,
    unmeasured: criteria.filter((c) => c.outcome === "not_measurable").map((c) => c.criterion),
  };
}
