import type { Grid } from "../types";

/**
 * Valid cells ordered by risk, highest first; equal risks keep row-major order from the south-west
 * corner (the reference protocol's tie-break, which decides many flags for count-based models).
 */
export function rankCells(grid: Grid, risk: ArrayLike<number>): Int32Array {
  const order = Array.from(grid.validCells);
  order.sort((a, b) => risk[b]! - risk[a]! || a - b);
  return Int32Array.from(order);
}

/** Number of cells flagged at a coverage share of the valid area: exactly floor(c × valid cells). */
export function flaggedCount(grid: Grid, coverage: number): number {
  if (!(coverage >= 0 && coverage <= 1)) throw new RangeError(`coverage must be in [0, 1], got ${coverage}`);
  // The epsilon keeps 0.1 × 7153 = 715.3 from becoming 715.29999… → 715 for the right reason only.
  return Math.floor(coverage * grid.validCells.length + 1e-9);
}

/**
 * The flagged cells at a coverage level.
 *
 * @example flagCells(grid, prediction.risk, 0.05) // 357 cell indices on the St. Louis grid
 */
export function flagCells(grid: Grid, risk: ArrayLike<number>, coverage: number): Int32Array {
  return rankCells(grid, risk).slice(0, flaggedCount(grid, coverage));
}

export interface CoverageScore {
  coverage: number;
  /** Cells flagged. */
  flagged: number;
  /** Observed events inside flagged cells. */
  hits: number;
  /** Observed events in all valid cells. */
  events: number;
  /** Most events any set of `flagged` cells could have captured (n* of PEI*). */
  bestPossible: number;
  /** Flagged cells where nothing happened. */
  falsePositives: number;
  /** Events in cells that were not flagged. */
  falseNegatives: number;
}

/** Scores one ranking against observed counts per cell at each coverage level. */
export function scoreCoverage(grid: Grid, ranking: Int32Array, observed: ArrayLike<number>, coverages: readonly number[]): CoverageScore[] {
  let events = 0;
  const counts: number[] = [];
  for (const c of grid.validCells) {
    events += observed[c]!;
    counts.push(observed[c]!);
  }
  counts.sort((a, b) => b - a);
  return coverages.map((coverage) => {
    const flagged = flaggedCount(grid, coverage);
    let hits = 0;
    let falsePositives = 0;
    let bestPossible = 0;
    for (let k = 0; k < flagged; k++) {
      const o = observed[ranking[k]!]!;
      hits += o;
      if (o === 0) falsePositives++;
      bestPossible += counts[k]!;
    }
    return { coverage, flagged, hits, events, bestPossible, falsePositives, falseNegatives: events - hits };
  });
}

/** Cumulative events captured by the first k ranked cells, k = 1 … valid cells. */
export function captureCounts(ranking: Int32Array, observed: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ranking.length);
  let sum = 0;
  for (let k = 0; k < ranking.length; k++) out[k] = sum += observed[ranking[k]!]!;
  return out;
}
