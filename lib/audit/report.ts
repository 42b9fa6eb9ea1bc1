/**
 * The bias report: one plain object the database stores immutably and pages render. Every
 * quantity that cannot be measured says so with a status and a reason; undefined ratios are NaN
 * in memory and become null in stored JSON.
 */
import type { Random } from "../forecast/random";
import { biasByGroup, feedbackLoop, type AuditPeriod, type FeedbackLoop, type GroupBias } from "./bias";
import type { DisplacementResult } from "./displacement";
import { forecastStability, type StabilitySummary } from "./stability";

/** What each number in a report means and in which unit; stored with the report so it reads on its own. */
export const REPORT_UNITS = {
  exposure: "share of the group's residents living under flagged cells, averaged over periods (0–1)",
  disparity: "group's exposure ÷ reference group's exposure (ratio; 1 = parity)",
  needAdjusted: "group's share of flagged exposure ÷ its share of publicly reported incidents (ratio; 1 = flagged in proportion to reported crime)",
  falsePositiveShare: "resident-weighted share of flags on cells with no reported incident in the period (0–1)",
  falsePositiveDisparity: "group's false-positive share ÷ reference group's (ratio)",
  feedbackRatio: "(discovered ÷ reported incidents inside previously flagged cells) ÷ (the same outside) (ratio; 1 = discovery independent of flags)",
  wdq: "weighted displacement quotient (Bowers & Johnson 2003; < 0 displacement into the buffer, > 0 diffusion of benefits)",
  spearman: "Spearman rank correlation of successive forecasts' risk over valid cells (−1–1)",
  overlap: "Jaccard overlap of successive forecasts' top-k cells (0–1)",
  intervals: "percentile bootstrap over forecast periods; level as stated on each interval",
} as const;

export interface BiasReport {
  kind: "sightline.bias-report";
  schemaVersion: 1;
  units: typeof REPORT_UNITS;
  reference: string;
  /** Disparity review band [lower, upper] (ratios). */
  band: [number, number];
  /** Forecast periods audited. */
  periods: number;
  /** Bootstrap replicates behind each interval. */
  replicates: number;
  bias: GroupBias[];
  /**
   * Bias of the same version trained on publicly reported incidents only, on the same periods:
   * how much of `bias` comes from police-discovered crime (Ensign et al.'s correction).
   */
  reportedOnly: { status: "measured"; bias: GroupBias[] } | { status: "not_measurable"; reason: string };
  feedback: FeedbackLoop;
  stability: StabilitySummary;
  displacement: DisplacementResult;
}

export interface BiasReportInput {
  /** Per period: the flags issued for it, and the reported and discovered counts during it. */
  periods: readonly AuditPeriod[];
  /** Residents per cell and group, people (see residentsPerCell). */
  residents: Readonly<Record<string, Float64Array>>;
  reference: string;
  band?: readonly [number, number];
  random: Random;
  replicates?: number;
  /** Each period's risk surface, for stability; its top `k` cells among `cells` are compared. */
  risks?: readonly ArrayLike<number>[];
  k?: number;
  cells?: ArrayLike<number>;
  /** Per period, the flags of the same version trained on reported incidents only. */
  reportedOnlyFlags?: readonly ArrayLike<number>[];
  /** Why there are no reported-only flags, when there are none. */
  reportedOnlyReason?: string;
  /** A measured displacement (see displacementFromCells); "not yet measurable" without. */
  displacement?: DisplacementResult;
}

/**
 * Bias by group, the feedback loop, stability and displacement for one audit, as one plain object.
 *
 * @example buildBiasReport({ periods, residents, reference: "group_a", random: seededRandom(7) }).bias[1].disparity.estimate // 1.31
 */
export function buildBiasReport(input: BiasReportInput): BiasReport {
  const band: [number, number] = [input.band?.[0] ?? 0.8, input.band?.[1] ?? 1.25];
  const replicates = input.replicates ?? 500;
  const flaggedPerPeriod = input.periods.length === 0 ? 0 : Math.round(input.periods.reduce((n, p) => n + countFlagged(p.flagged), 0) / input.periods.length);
  return {
    kind: "sightline.bias-report",
    schemaVersion: 1,
    units: REPORT_UNITS,
    reference: input.reference,
    band,
    periods: input.periods.length,
    replicates,
    bias: biasByGroup({ periods: input.periods, residents: input.residents, reference: input.reference, band, random: input.random, replicates }),
    reportedOnly: reportedOnly(input, band, replicates),
    feedback: feedbackLoop(input.periods, input.random, replicates),
    stability: forecastStability(input.risks ?? [], input.k ?? flaggedPerPeriod, input.cells),
    displacement: input.displacement ?? { status: "not_measurable", wdq: null, reason: "Not yet measurable: no patrol logs from before and after deployment are recorded yet." },
  };
}

function countFlagged(flags: ArrayLike<number>): number {
  let n = 0;
  for (let c = 0; c < flags.length; c++) if (Number(flags[c]) > 0) n++;
  return n;
}

function reportedOnly(input: BiasReportInput, band: [number, number], replicates: number): BiasReport["reportedOnly"] {
  const flags = input.reportedOnlyFlags;
  if (!flags) return { status: "not_measurable", reason: input.reportedOnlyReason ?? "no version trained on reported incidents only was run" };
  if (flags.length !== input.periods.length) throw new RangeError(`reportedOnlyFlags has ${flags.length} periods, periods ${input.periods.length}`);
  const periods = input.periods.map((period, p) => ({ ...period, flagged: flags[p]! }));
  return { status: "measured", bias: biasByGroup({ periods, residents: input.residents, reference: input.reference, band, random: input.random, replicates }) };
}
