import type { Random } from "./random";

export interface KnoxOptions {
  /** Upper edges of the distance bands, metres, ascending (band k covers (edge k−1, edge k]). */
  distanceBandsM: readonly number[];
  /** Upper edges of the time bands, days, ascending. */
  timeBandsDays: readonly number[];
  /** Monte Carlo permutations of the event times. */
  permutations: number;
  random: Random;
}

export interface KnoxCell {
  /** Cumulative window: pairs closer than maxDistanceM and nearer in time than maxDays. */
  maxDistanceM: number;
  maxDays: number;
  observed: number;
  /** Mean count over the permutations: what chance alone gives. */
  expected: number;
  /** observed ÷ expected; > 1 means more close pairs than chance (near-repeat). */
  ratio: number;
  /** Share of permutations at least as extreme, (1 + #{perm ≥ observed}) ÷ (1 + permutations). */
  pValue: number;
}

/**
 * Knox test for space–time clustering (the near-repeat calculator's method): counts event pairs
 * within each cumulative distance × time window and compares with the counts after randomly
 * permuting times among events, which keeps the spatial and temporal patterns but breaks their link.
 * Pairs are found once with a spatial hash, so each permutation costs O(close pairs).
 *
 * @example knoxTest(x, y, t, { distanceBandsM: [100, 200, 400], timeBandsDays: [3, 7, 14], permutations: 99, random })
 */
export function knoxTest(x: ArrayLike<number>, y: ArrayLike<number>, t: ArrayLike<number>, options: KnoxOptions): KnoxCell[] {
  const { distanceBandsM: dBands, timeBandsDays: tBands, permutations, random } = options;
  const n = t.length;
  const maxD = dBands[dBands.length - 1] ?? 0;
  const nd = dBands.length;
  const nt = tBands.length;
  // Spatial hash with cells of the largest distance: close pairs lie in neighbouring buckets.
  const buckets = new Map<string, number[]>();
  const key = (i: number) => [Math.floor(x[i]! / maxD), Math.floor(y[i]! / maxD)] as const;
  for (let i = 0; i < n; i++) {
    const [bx, by] = key(i);
    const k = `${bx},${by}`;
    const list = buckets.get(k);
    if (list) list.push(i);
    else buckets.set(k, [i]);
  }
  const pairA: number[] = [];
  const pairB: number[] = [];
  const pairBand: number[] = [];
  for (let i = 0; i < n; i++) {
    const [bx, by] = key(i);
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        for (const j of buckets.get(`${bx + ox},${by + oy}`) ?? []) {
          if (j <= i) continue;
          const d = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
          if (d > maxD) continue;
          pairA.push(i);
          pairB.push(j);
          pairBand.push(dBands.findIndex((edge) => d <= edge));
        }
      }
    }
  }
  const count = (times: ArrayLike<number>): Float64Array => {
    const table = new Float64Array(nd * nt);
    for (let p = 0; p < pairA.length; p++) {
      const dt = Math.abs(times[pairA[p]!]! - times[pairB[p]!]!);
      for (let k = 0; k < nt; k++) {
        if (dt <= tBands[k]!) {
          table[pairBand[p]! * nt + k]! += 1;
          break;
        }
      }
    }
    // Cumulate over both axes so each entry is a window (d ≤ edge, dt ≤ edge).
    for (let a = 0; a < nd; a++) for (let b = 1; b < nt; b++) table[a * nt + b]! += table[a * nt + b - 1]!;
    for (let a = 1; a < nd; a++) for (let b = 0; b < nt; b++) table[a * nt + b]! += table[(a - 1) * nt + b]!;
    return table;
  };
  const observed = count(t);
  const sum = new Float64Array(nd * nt);
  const atLeast = new Float64Array(nd * nt);
  const shuffled = Float64Array.from({ length: n }, (_, i) => t[i]!);
  for (let r = 0; r < permutations; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = tmp;
    }
    const table = count(shuffled);
    for (let k = 0; k < table.length; k++) {
      sum[k]! += table[k]!;
      if (table[k]! >= observed[k]!) atLeast[k]! += 1;
    }
  }
  const cells: KnoxCell[] = [];
  for (let a = 0; a < nd; a++) {
    for (let b = 0; b < nt; b++) {
      const k = a * nt + b;
      const expected = permutations > 0 ? sum[k]! / permutations : NaN;
      cells.push({
        maxDistanceM: dBands[a]!,
        maxDays: tBands[b]!,
        observed: observed[k]!,
        expected,
        ratio: expected > 0 ? observed[k]! / expected : NaN,
        pValue: (1 + atLeast[k]!) / (1 + permutations),
      });
    }
  }
  return cells;
}

/**
 * The window with the strongest evidence of near-repeats: the largest excess over chance in
 * standard units, (observed − expected) ÷ √expected, among windows with p ≤ alpha; null if none.
 */
export function strongestNearRepeat(cells: readonly KnoxCell[], alpha = 0.05): KnoxCell | null {
  let best: KnoxCell | null = null;
  let bestZ = 0;
  for (const c of cells) {
    if (!(c.pValue <= alpha) || !(c.expected > 0)) continue;
    const z = (c.observed - c.expected) / Math.sqrt(c.expected);
    if (z > bestZ) {
      best = c;
      bestZ = z;
    }
  }
  return best;
}
