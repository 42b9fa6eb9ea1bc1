import type { Grid } from "../types";

/** Smallest expected count used by the scores, events per cell and period: log(0) would be −∞. */
export const DEFAULT_RATE_FLOOR = 1e-4;

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/**
 * Poisson log score summed over valid cells: Σ [y log λ − λ − log y!], higher is better.
 * λ below `floor` is raised to it, so a model that rules a cell out entirely pays a large but finite price.
 *
 * @example poissonLogScore(grid, expected, observed) // e.g. −1520.4 for one week on 7,153 cells
 */
export function poissonLogScore(grid: Grid, expected: ArrayLike<number>, observed: ArrayLike<number>, floor = DEFAULT_RATE_FLOOR): number {
  let s = 0;
  for (const c of grid.validCells) {
    const lambda = Math.max(expected[c]!, floor);
    const y = observed[c]!;
    s += y * Math.log(lambda) - lambda - (y > 1 ? logFactorial(y) : 0);
  }
  return s;
}

/**
 * Brier score of the implied probability of at least one event, P = 1 − e^(−λ), against whether one
 * occurred, averaged over valid cells; lower is better.
 */
export function brierScore(grid: Grid, expected: ArrayLike<number>, observed: ArrayLike<number>): number {
  let s = 0;
  for (const c of grid.validCells) {
    const p = 1 - Math.exp(-Math.max(expected[c]!, 0));
    s += (p - (observed[c]! > 0 ? 1 : 0)) ** 2;
  }
  return s / Math.max(grid.validCells.length, 1);
}

export interface CalibrationBin {
  /** Mean predicted count per cell-period in this decile. */
  predicted: number;
  /** Mean observed count per cell-period in this decile. */
  observed: number;
  size: number;
}

/**
 * Calibration by decile: cell-periods sorted by predicted count and cut into `bins` equal groups;
 * a calibrated model has predicted ≈ observed in each.
 */
export function calibrationByDecile(predicted: ArrayLike<number>, observed: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const n = predicted.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[a]! - predicted[b]! || a - b);
  return Array.from({ length: bins }, (_, b) => {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    let p = 0;
    let o = 0;
    for (let k = lo; k < hi; k++) {
      p += predicted[order[k]!]!;
      o += observed[order[k]!]!;
    }
    const size = hi - lo;
    return { predicted: size ? p / size : 0, observed: size ? o / size : 0, size };
  });
}

/** Area under a capture curve given cumulative captured shares at k = 1 … n cells (trapezoids from (0, 0)). */
export function captureAuc(capturedShare: ArrayLike<number>): number {
  const n = capturedShare.length;
  let area = 0;
  let prev = 0;
  for (let k = 0; k < n; k++) {
    area += (prev + capturedShare[k]!) / 2 / n;
    prev = capturedShare[k]!;
  }
  return area;
}
