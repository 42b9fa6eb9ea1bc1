/**
 * Bias measures for place-based forecasts (not individuals): how much of each group's residents
 * live under flagged cells, against a reference group, with bootstrap intervals over periods.
 * Pure: periods of flags and counts in, numbers out. Undefined ratios (0 ÷ 0) are NaN.
 */
import { bootstrapInterval, type Interval } from "../forecast/metrics/bootstrap";
import type { Random } from "../forecast/random";

/**
 * One forecast period. `flagged` must be the flags issued *before* the period (the forecast for
 * it), so the counts recorded during the period can be compared with where police were sent.
 */
export interface AuditPeriod {
  /** Per cell: 1 flagged, 0 not, or the share of the period the cell was flagged, in [0, 1]. */
  flagged: ArrayLike<number>;
  /** Incidents reported by the public, per cell (count). */
  reported: ArrayLike<number>;
  /** Incidents discovered by police (patrol-driven), per cell (count). */
  discovered: ArrayLike<number>;
}

export interface BiasInput {
  periods: readonly AuditPeriod[];
  /** Residents per cell for each group, people (see residentsPerCell). */
  residents: Readonly<Record<string, Float64Array>>;
  reference: string;
  /** Review band for disparity ratios; Aequitas' τ band by default. A trigger for review, not a verdict. */
  band?: readonly [number, number];
  random: Random;
  /** Bootstrap replicates over periods; default 500. */
  replicates?: number;
}

export interface GroupBias {
  group: string;
  /** Σ f_c·P_cg / Σ P_cg with f_c the flag share over the periods: share of the group's residents under flags, in [0, 1]. */
  exposure: Interval;
  /** exposure ÷ the reference group's exposure (ratio; exactly 1 for the reference). */
  disparity: Interval;
  /** disparity.estimate outside the review band. */
  outsideBand: boolean;
  /**
   * The group's share of flagged exposure ÷ its share of *reported* crime (crime attributed to
   * groups by their share of each cell's residents). 1 = flagged in proportion to reported need;
   * discovered crime is left out because patrols inflate it.
   */
  needAdjusted: Interval;
  /** Σ f_c·[no reported crime in c]·P_cg / Σ f_c·P_cg: resident-weighted share of flags that were false positives, in [0, 1]. */
  falsePositiveShare: Interval;
  /** falsePositiveShare ÷ the reference group's (ratio). */
  falsePositiveDisparity: Interval;
}

export interface FeedbackCounts {
  discovered: number;
  reported: number;
}

/** The feedback-loop ratio, or why it cannot be measured. Counts are incidents summed over periods (flag-share weighted). */
export type FeedbackLoop =
  | { status: "measured"; ratio: Interval; inside: FeedbackCounts; outside: FeedbackCounts }
  | { status: "not_measurable"; reason: string; inside: FeedbackCounts; outside: FeedbackCounts };

/** Per-period sums for one group, so each bootstrap replicate costs O(periods), not O(cells). */
interface GroupSums {
  /** Σ_c f_c·P_cg */
  flagged: Float64Array;
  /** Σ_c f_c·[no reported crime]·P_cg */
  falsePositive: Float64Array;
  /** Σ_c reported_c·P_cg/P_c: reported crime attributed to the group by residents' share */
  reportedAttributed: Float64Array;
  residents: number;
}

function checkPeriods(periods: readonly AuditPeriod[], cells: number): void {
  periods.forEach((period, p) => {
    for (const key of ["flagged", "reported", "discovered"] as const) {
      if (period[key].length !== cells) throw new RangeError(`period ${p}: ${key} has ${period[key].length} cells, residents ${cells}`);
    }
  });
}

function groupSums(periods: readonly AuditPeriod[], weight: Float64Array, population: Float64Array): GroupSums {
  const sums: GroupSums = { flagged: new Float64Array(periods.length), falsePositive: new Float64Array(periods.length), reportedAttributed: new Float64Array(periods.length), residents: 0 };
  for (const w of weight) sums.residents += w;
  periods.forEach((period, p) => {
    for (let c = 0; c < weight.length; c++) {
      const w = weight[c]!;
      if (w === 0) continue;
      const f = Number(period.flagged[c]);
      const reported = Number(period.reported[c]);
      if (f > 0) {
        sums.flagged[p]! += f * w;
        if (reported === 0) sums.falsePositive[p]! += f * w;
      }
      if (reported > 0) sums.reportedAttributed[p]! += (reported * w) / population[c]!;
    }
  });
  return sums;
}

const over = (values: Float64Array, idx: Int32Array<ArrayBufferLike>) => {
  let total = 0;
  for (const i of idx) total += values[i]!;
  return total;
};

/**
 * Exposure, disparity, need-adjusted exposure and false-positive parity per group, each with a
 * percentile bootstrap interval over periods (the periods are resampled, cells stay together).
 *
 * @example biasByGroup({ periods, residents, reference: "group_a", random: seededRandom(1) })
 */
export function biasByGroup(input: BiasInput): GroupBias[] {
  const { periods, residents, reference, random } = input;
  const [lo, hi] = input.band ?? [0.8, 1.25];
  const options = { random, replicates: input.replicates ?? 500 };
  const groups = Object.keys(residents);
  const refResidents = residents[reference];
  if (!refResidents) throw new RangeError(`reference group "${reference}" is not among the groups (${groups.join(", ")})`);
  if (periods.length === 0) throw new RangeError("bias needs at least one period");
  checkPeriods(periods, refResidents.length);
  const population = new Float64Array(refResidents.length);
  for (const g of groups) residents[g]!.forEach((p, c) => (population[c]! += p));
  const sums = Object.fromEntries(groups.map((g) => [g, groupSums(periods, residents[g]!, population)]));
  const everyone = groupSums(periods, population, population);
  const ref = sums[reference]!;

  const exposure = (s: GroupSums) => (idx: Int32Array<ArrayBufferLike>) => over(s.flagged, idx) / (idx.length * s.residents);
  const fpShare = (s: GroupSums) => (idx: Int32Array<ArrayBufferLike>) => over(s.falsePositive, idx) / over(s.flagged, idx);
  const needAdjusted = (s: GroupSums) => (idx: Int32Array<ArrayBufferLike>) =>
    over(s.flagged, idx) / over(everyone.flagged, idx) / (over(s.reportedAttributed, idx) / over(everyone.reportedAttributed, idx));

  return groups.map((group) => {
    const s = sums[group]!;
    const disparity = bootstrapInterval(periods.length, (idx) => exposure(s)(idx) / exposure(ref)(idx), options);
    return {
      group,
      exposure: bootstrapInterval(periods.length, exposure(s), options),
      disparity,
      outsideBand: disparity.estimate < lo || disparity.estimate > hi,
      needAdjusted: bootstrapInterval(periods.length, needAdjusted(s), options),
      falsePositiveShare: bootstrapInterval(periods.length, fpShare(s), options),
      falsePositiveDisparity: bootstrapInterval(periods.length, (idx) => fpShare(s)(idx) / fpShare(ref)(idx), options),
    };
  });
}

/**
 * The feedback-loop ratio (Ensign et al. 2018): discovered ÷ reported incidents inside
 * previously flagged cells over the same ratio outside. Discovery follows patrols, so a ratio
 * well above 1 means the forecast is partly predicting its own patrols. Not measurable when no
 * incident was discovered at all (nothing to loop) or a side has no reported incidents.
 *
 * @example feedbackLoop(periods, seededRandom(1)) // { status: "measured", ratio: { estimate: 3.1, … }, … }
 */
export function feedbackLoop(periods: readonly AuditPeriod[], random: Random, replicates = 500): FeedbackLoop {
  const [inDisc, inRep, outDisc, outRep] = [0, 1, 2, 3].map(() => new Float64Array(periods.length)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  periods.forEach((period, p) => {
    for (let c = 0; c < period.flagged.length; c++) {
      const f = Number(period.flagged[c]);
      const disc = Number(period.discovered[c]);
      const rep = Number(period.reported[c]);
      inDisc[p]! += f * disc;
      inRep[p]! += f * rep;
      outDisc[p]! += (1 - f) * disc;
      outRep[p]! += (1 - f) * rep;
    }
  });
  const all = Int32Array.from(periods, (_, i) => i);
  const inside = { discovered: over(inDisc, all), reported: over(inRep, all) };
  const outside = { discovered: over(outDisc, all), reported: over(outRep, all) };
  const unmeasurable = (reason: string): FeedbackLoop => ({ status: "not_measurable", reason, inside, outside });
  if (periods.length === 0) return unmeasurable("no forecast periods");
  if (inside.discovered + outside.discovered === 0) return unmeasurable("no incident was recorded as discovered by police, so recording shows no patrol-driven loop to measure");
  if (inside.reported === 0 || outside.reported === 0) return unmeasurable(`no publicly reported incident ${inside.reported === 0 ? "inside" : "outside"} the flagged cells to compare discoveries with`);
  if (outside.discovered === 0) return unmeasurable("no incident was discovered outside the flagged cells, so the ratio is unbounded");
  const ratio = (idx: Int32Array<ArrayBufferLike>) => over(inDisc, idx) / over(inRep, idx) / (over(outDisc, idx) / over(outRep, idx));
  return { status: "measured", ratio: bootstrapInterval(periods.length, ratio, { random, replicates }), inside, outside };
}
