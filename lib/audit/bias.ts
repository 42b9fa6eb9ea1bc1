/**
 * Bias measures for place-based forecasts (not individuals): how much of each group's residents
 * live under flagged cells, against a reference group, with bootstrap intervals over periods.
 * Pure: periods of flags and counts in, numbers out.
 */
import { bootstrapInterval, type Interval } from "../forecast/metrics/bootstrap";
import type { Random } from "../forecast/random";

/** One forecast period: which cells were flagged, and what was recorded in each cell then. */
export interface AuditPeriod {
  flagged: Uint8Array;
  /** Incidents reported by the public, per cell. */
  reported: ArrayLike<number>;
  /** Incidents discovered by police (patrol-driven), per cell. */
  discovered: ArrayLike<number>;
}

export interface BiasInput {
  periods: readonly AuditPeriod[];
  /** Residents per cell for each group (see residentsPerCell). */
  residents: Readonly<Record<string, Float64Array>>;
  reference: string;
  /** Review band for disparity ratios; Aequitas' τ band by default. A trigger for review, not a verdict. */
  band?: readonly [number, number];
  random: Random;
  replicates?: number;
}

export interface GroupBias {
  group: string;
  /** Σ f_c·P_cg / Σ P_cg, f_c the cell's flag share over the periods: in [0, 1]. */
  exposure: Interval;
  /** exposure ÷ the reference group's exposure. */
  disparity: Interval;
  outsideBand: boolean;
  /** The group's share of flagged exposure ÷ its share of reported crime (crime attributed by residents). */
  needAdjusted: Interval;
  /** Population-weighted share of flagged cells with no reported crime in their period. */
  falsePositiveShare: Interval;
  /** falsePositiveShare ÷ the reference group's. */
  falsePositiveDisparity: Interval;
}

export interface FeedbackLoop {
  /** (discovered ÷ reported inside flagged cells) ÷ (the same outside): > 1 means patrols find what they look for. */
  ratio: Interval;
  inside: { discovered: number; reported: number };
  outside: { discovered: number; reported: number };
}

/** Per-period sums for one group, so each bootstrap replicate costs O(periods), not O(cells). */
interface GroupSums {
  /** Σ_c flagged·P_cg */
  flagged: Float64Array;
  /** Σ_c flagged·[no reported crime]·P_cg */
  falsePositive: Float64Array;
  /** Σ_c reported_c·P_cg/P_c: reported crime attributed to the group by residents' share */
  reportedAttributed: Float64Array;
  residents: number;
}

function groupSums(periods: readonly AuditPeriod[], weight: Float64Array, population: Float64Array): GroupSums {
  const sums: GroupSums = { flagged: new Float64Array(periods.length), falsePositive: new Float64Array(periods.length), reportedAttributed: new Float64Array(periods.length), residents: 0 };
  for (const w of weight) sums.residents += w;
  periods.forEach((period, p) => {
    for (let c = 0; c < weight.length; c++) {
      const w = weight[c]!;
      const reported = Number(period.reported[c]);
      if (period.flagged[c]) {
        sums.flagged[p]! += w;
        if (reported === 0) sums.falsePositive[p]! += w;
      }
      if (reported > 0 && population[c]! > 0) sums.reportedAttributed[p]! += (reported * w) / population[c]!;
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
 * Exposure, disparity, need-adjusted exposure and false-positive parity per group.
 *
 * @example biasByGroup({ periods, residents, reference: "white", random: seededRandom(1) })
 */
export function biasByGroup(input: BiasInput): GroupBias[] {
  const { periods, residents, reference, random } = input;
  const [lo, hi] = input.band ?? [0.8, 1.25];
  const options = { random, replicates: input.replicates ?? 500 };
  const groups = Object.keys(residents);
  if (!residents[reference]) throw new RangeError(`reference group "${reference}" has no residents`);
  const population = new Float64Array(residents[reference].length);
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
 * The feedback-loop ratio (Ensign et al. 2018): discovered ÷ reported incidents inside flagged
 * cells over the same ratio outside. Discovered crime follows patrols, so a ratio well above 1
 * means the forecast is partly predicting its own patrols.
 */
export function feedbackLoop(periods: readonly AuditPeriod[], random: Random, replicates = 500): FeedbackLoop {
  const [inDisc, inRep, outDisc, outRep] = [0, 1, 2, 3].map(() => new Float64Array(periods.length)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  periods.forEach((period, p) => {
    for (let c = 0; c < period.flagged.length; c++) {
      if (period.flagged[c]) {
        inDisc[p]! += Number(period.discovered[c]);
        inRep[p]! += Number(period.reported[c]);
      } else {
        outDisc[p]! += Number(period.discovered[c]);
        outRep[p]! += Number(period.reported[c]);
      }
    }
  });
  const ratio = (idx: Int32Array<ArrayBufferLike>) => over(inDisc, idx) / over(inRep, idx) / (over(outDisc, idx) / over(outRep, idx));
  const all = Int32Array.from(periods, (_, i) => i);
  return {
    ratio: bootstrapInterval(periods.length, ratio, { random, replicates }),
    inside: { discovered: over(inDisc, all), reported: over(inRep, all) },
    outside: { discovered: over(outDisc, all), reported: over(outRep, all) },
  };
}
