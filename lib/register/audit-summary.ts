/**
 * The public summary of a stored audit report: accuracy (PAI with its interval, against the naive
 * baseline), exposure and its disparity per group with intervals, the feedback loop, displacement
 * and the verdict per policy criterion. Reads the plain JSON the audit job stored (NaN became
 * null there) and names the field when a report does not have the expected shape.
 */
import { z } from "zod";

/** A bootstrap interval as stored: an undefined ratio (0 ÷ 0) is null. */
const interval = z.object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), level: z.number() });
export type StoredInterval = z.infer<typeof interval>;

const criterionNames = ["min_pai", "margin_over_naive", "disparity_band", "false_positive_disparity", "feedback_ratio"] as const;

const storedReportSchema = z.object({
  reference: z.string(),
  band: z.tuple([z.number(), z.number()]),
  periods: z.number(),
  accuracy: z.object({
    model: z.object({ pai: interval, hitRate: z.number().nullable() }),
    naive: z.object({ pai: interval, hitRate: z.number().nullable() }),
    paiDifference: interval,
  }),
  bias: z.array(
    z.object({
      group: z.string(),
      exposure: interval,
      disparity: interval,
      outsideBand: z.boolean(),
      falsePositiveDisparity: interval,
    }),
  ),
  feedback: z.union([
    z.object({ status: z.literal("measured"), ratio: interval }),
    z.object({ status: z.literal("not_measurable"), reason: z.string() }),
  ]),
  displacement: z.object({ status: z.enum(["measured", "not_measurable"]), wdq: z.number().nullable(), reason: z.string() }),
  policy: z.object({
    verdict: z.enum(["pass", "fail"]),
    criteria: z.array(
      z.object({
        criterion: z.enum(criterionNames),
        outcome: z.enum(["pass", "fail", "not_measurable"]),
        measured: z.number().nullable(),
        threshold: z.string(),
        limit: z.union([z.object({ min: z.number() }), z.object({ max: z.number() }), z.object({ band: z.tuple([z.number(), z.number()]) })]).optional(),
        detail: z.string(),
      }),
    ),
    unmeasured: z.array(z.enum(criterionNames)),
  }),
});

export type CriterionName = (typeof criterionNames)[number];
export const CRITERIA: readonly CriterionName[] = criterionNames;

export interface AuditSummary {
  auditId: string;
  completedAt: Date;
  /** The evaluation period (UTC dates), horizon in days and coverage as a share of valid cells. */
  evaluation: { from: string; to: string; horizonDays: number; coverage: number };
  /** SHA-256 over the version, data snapshot, policy and evaluation: reproduces the audit. */
  inputHash: string;
  verdict: "pass" | "fail";
  periods: number;
  /** The group disparities are measured against (the largest). */
  reference: string;
  /** Disparity review band [lower, upper] (ratios). */
  band: [number, number];
  pai: StoredInterval;
  naivePai: StoredInterval;
  paiDifference: StoredInterval;
  hitRate: number | null;
  groups: { group: string; exposure: StoredInterval; disparity: StoredInterval; outsideBand: boolean; falsePositiveDisparity: StoredInterval }[];
  feedback: { status: "measured"; ratio: StoredInterval } | { status: "not_measurable"; reason: string };
  displacement: { status: "measured" | "not_measurable"; wdq: number | null; reason: string };
  /** `threshold` as the policy printed it; `limit` as numbers, when the report stored them. */
  criteria: { criterion: CriterionName; outcome: "pass" | "fail" | "not_measurable"; measured: number | null; threshold: string; limit: { min: number } | { max: number } | { band: [number, number] } | null; detail: string }[];
  unmeasured: CriterionName[];
}

export interface StoredAudit {
  id: string;
  completedAt: Date;
  evaluation: { from: string; to: string; horizonDays: number; coverage: number };
  inputHash: string;
  report: unknown;
}

/**
 * The summary of one completed audit. Throws naming the field when the stored report is not a
 * Sightline audit report (a register must not guess).
 *
 * @example summariseAudit(stored).pai // { estimate: 3.1, lower: 2.6, upper: 3.7, level: 0.95 }
 */
export function summariseAudit(audit: StoredAudit): AuditSummary {
  const parsed = storedReportSchema.safeParse(audit.report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`audit ${audit.id}: report.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "unreadable"}`);
  }
  const r = parsed.data;
  return {
    auditId: audit.id,
    completedAt: audit.completedAt,
    evaluation: audit.evaluation,
    inputHash: audit.inputHash,
    verdict: r.policy.verdict,
    periods: r.periods,
    reference: r.reference,
    band: r.band,
    pai: r.accuracy.model.pai,
    naivePai: r.accuracy.naive.pai,
    paiDifference: r.accuracy.paiDifference,
    hitRate: r.accuracy.model.hitRate,
    groups: r.bias.map((b) => ({ group: b.group, exposure: b.exposure, disparity: b.disparity, outsideBand: b.outsideBand, falsePositiveDisparity: b.falsePositiveDisparity })),
    feedback: r.feedback.status === "measured" ? { status: "measured", ratio: r.feedback.ratio } : { status: "not_measurable", reason: r.feedback.reason },
    displacement: r.displacement,
    criteria: r.policy.criteria.map(({ criterion, outcome, measured, threshold, limit, detail }) => ({ criterion, outcome, measured, threshold, limit: limit ?? null, detail })),
    unmeasured: r.policy.unmeasured,
  };
}

/**
 * The non-reference group whose disparity lies furthest outside parity (by the band's distance),
 * or null when no group was measured.
 */
export function worstDisparity(summary: Pick<AuditSummary, "groups" | "reference" | "band">): AuditSummary["groups"][number] | null {
  const [lo, hi] = summary.band;
  // A group never flagged (disparity 0) is the furthest of all.
  const distance = (v: number) => (v <= 0 ? Infinity : Math.max(lo / v, v / hi));
  const measured = summary.groups.filter((g) => g.group !== summary.reference && g.disparity.estimate !== null);
  const scored = measured.map((group) => ({ group, d: distance(group.disparity.estimate!) }));
  return scored.sort((a, b) => Number(b.d > a.d) - Number(a.d > b.d))[0]?.group ?? null;
}
