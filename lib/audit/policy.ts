import { z } from "zod";

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
    autoSuspendOnBreach: z.boolean().default(false),
  })
  .strict()
  .refine((policy) => policy.disparityBand[0] < 1 && policy.disparityBand[1] > 1, "disparityBand: must contain 1");
export type AuditPolicy = z.infer<typeof auditPolicySchema>;

export interface AuditMeasures {
  pai: number;
  naivePai: number;
  /** Disparity estimate per non-reference group. */
  disparities: Record<string, number>;
  falsePositiveDisparities: Record<string, number>;
  feedbackRatio: number | null;
}

export type CriterionOutcome = "pass" | "fail" | "not_measurable";

export interface CriterionResult {
  criterion: "min_pai" | "margin_over_naive" | "disparity_band" | "false_positive_disparity" | "feedback_ratio";
  outcome: CriterionOutcome;
  measured: number | null;
  threshold: string;
  detail: string;
}

const finite = (value: number | null | undefined): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Judges an audit against a policy, criterion by criterion. The verdict fails when any criterion
 * fails; a criterion that cannot be measured is said plainly and does not pass silently.
 *
 * @example evaluatePolicy({ pai: 5.1, naivePai: 5.2, ... }, policy).verdict // "fail": no margin over naive
 */
export function evaluatePolicy(measures: AuditMeasures, policy: AuditPolicy): { verdict: "pass" | "fail"; criteria: CriterionResult[] } {
  const [lo, hi] = policy.disparityBand;
  const worst = (values: Record<string, number>, score: (v: number) => number) =>
    Object.entries(values)
      .filter(([, v]) => finite(v))
      .sort((a, b) => score(b[1]) - score(a[1]))[0];
  const bandDistance = (v: number) => Math.max(lo / v, v / hi);
  const worstDisparity = worst(measures.disparities, bandDistance);
  const worstFp = worst(measures.falsePositiveDisparities, (v) => v);
  const margin = measures.pai - measures.naivePai;
  const criteria: CriterionResult[] = [
    {
      criterion: "min_pai",
      outcome: !finite(measures.pai) ? "not_measurable" : measures.pai >= policy.minPai ? "pass" : "fail",
      measured: finite(measures.pai) ? measures.pai : null,
      threshold: `≥ ${policy.minPai}`,
      detail: "prediction accuracy index at the audited coverage",
    },
    {
      criterion: "margin_over_naive",
      outcome: !finite(margin) ? "not_measurable" : margin >= policy.marginOverNaive ? "pass" : "fail",
      measured: finite(margin) ? margin : null,
      threshold: `≥ ${policy.marginOverNaive}`,
      detail: `PAI ${measures.pai.toFixed(3)} against the naive baseline's ${measures.naivePai.toFixed(3)}`,
    },
    {
      criterion: "disparity_band",
      outcome: !worstDisparity ? "not_measurable" : worstDisparity[1] >= lo && worstDisparity[1] <= hi ? "pass" : "fail",
      measured: worstDisparity?.[1] ?? null,
      threshold: `within [${lo}, ${hi}]`,
      detail: worstDisparity ? `most distant group: ${worstDisparity[0]}` : "no group could be measured",
    },
    {
      criterion: "false_positive_disparity",
      outcome: !worstFp ? "not_measurable" : worstFp[1] <= policy.maxFalsePositiveDisparity ? "pass" : "fail",
      measured: worstFp?.[1] ?? null,
      threshold: `≤ ${policy.maxFalsePositiveDisparity}`,
      detail: worstFp ? `highest: ${worstFp[0]}` : "no group could be measured",
    },
    {
      criterion: "feedback_ratio",
      outcome: !finite(measures.feedbackRatio) ? "not_measurable" : measures.feedbackRatio <= policy.maxFeedbackRatio ? "pass" : "fail",
      measured: finite(measures.feedbackRatio) ? measures.feedbackRatio : null,
      threshold: `≤ ${policy.maxFeedbackRatio}`,
      detail: "discovered/reported inside flagged cells over outside",
    },
  ];
  return { verdict: criteria.some((c) => c.outcome === "fail") ? "fail" : "pass", criteria };
}
