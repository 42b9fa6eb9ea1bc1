import type { Random } from "../random";

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

export interface BootstrapOptions {
  random: Random;
  replicates?: number;
  level?: number;
}

function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap over test periods: resamples period indices with replacement and recomputes
 * the statistic (which should pool over the given periods, e.g. Σ hits ÷ Σ events).
 *
 * @example bootstrapInterval(28, (idx) => pooledPai(idx), { random: seededRandom(1) })
 */
export function bootstrapInterval(periods: number, statistic: (indices: Int32Array<ArrayBufferLike>) => number, options: BootstrapOptions): Interval {
  const { random, replicates = 1000, level = 0.95 } = options;
  const all = Int32Array.from({ length: periods }, (_, i) => i);
  const estimate = statistic(all);
  const values: number[] = [];
  const sample = new Int32Array(periods);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < periods; i++) sample[i] = Math.floor(random() * periods);
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  if (values.length === 0) return { estimate, lower: NaN, upper: NaN, level };
  return { estimate, lower: percentile(values, (1 - level) / 2), upper: percentile(values, (1 + level) / 2), level };
}

/**
 * Paired bootstrap of a difference between two models scored on the same periods: both statistics
 * see the same resampled periods, so shared period-to-period noise cancels.
 */
export function pairedBootstrapDifference(
  periods: number,
  statisticA: (indices: Int32Array<ArrayBufferLike>) => number,
  statisticB: (indices: Int32Array<ArrayBufferLike>) => number,
  options: BootstrapOptions,
): Interval & { shareAboveZero: number } {
  let above = 0;
  let count = 0;
  const interval = bootstrapInterval(
    periods,
    (idx) => {
      const d = statisticA(idx) - statisticB(idx);
      count++;
      if (d > 0) above++;
      return d;
    },
    options,
  );
  // The first evaluation is the full-sample estimate, not a replicate.
  const estimateAbove = interval.estimate > 0 ? 1 : 0;
  return { ...interval, shareAboveZero: count > 1 ? (above - estimateAbove) / (count - 1) : NaN };
}
