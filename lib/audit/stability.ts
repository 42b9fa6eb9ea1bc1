/** Stability of successive forecasts: do they rank and flag the same cells? */

/** Average ranks (1-based), ties sharing their mean rank. */
function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman rank correlation of two successive forecasts' risk: 1 = the same ordering of cells.
 *
 * @example spearman([1, 2, 3], [10, 20, 30]) // 1
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) throw new RangeError("spearman needs two equally long series of at least 2 values");
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (a.length + 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    cov += (ra[i]! - mean) * (rb[i]! - mean);
    va += (ra[i]! - mean) ** 2;
    vb += (rb[i]! - mean) ** 2;
  }
  return va === 0 || vb === 0 ? Number.NaN : cov / Math.sqrt(va * vb);
}

/** Jaccard overlap of two flagged sets (cell indices): 1 = the same cells flagged. */
export function flaggedOverlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const setA = new Set(Array.from(a));
  const setB = new Set(Array.from(b));
  let shared = 0;
  for (const cell of setA) if (setB.has(cell)) shared++;
  const union = setA.size + setB.size - shared;
  return union === 0 ? 1 : shared / union;
}

/**
 * The k highest-risk cells (ties broken by lower index, as the forecast engine's rankCells),
 * among `cells` (e.g. grid.validCells) or all cells.
 */
export function topCells(risk: ArrayLike<number>, k: number, cells?: ArrayLike<number>): Int32Array {
  const order = cells ? Array.from(cells) : Array.from({ length: risk.length }, (_, i) => i);
  order.sort((a, b) => risk[b]! - risk[a]! || a - b);
  return Int32Array.from(order.slice(0, Math.max(0, Math.floor(k))));
}

export interface StabilitySummary {
  /** "not_measurable" with fewer than two forecasts; `reason` says so. */
  status: "measured" | "not_measurable";
  reason: string | null;
  /** Spearman ρ of each forecast with the next one, over `cells` (n − 1 values in [−1, 1]). */
  spearman: number[];
  /** Jaccard overlap of each forecast's top-k cells with the next one's (n − 1 values in [0, 1]). */
  overlap: number[];
  /** Means of the two series; NaN with fewer than two forecasts. */
  meanSpearman: number;
  meanOverlap: number;
  /** Cells flagged per forecast. */
  k: number;
}

/**
 * How much successive forecasts agree: rank correlation of risk and overlap of the top-k flags.
 * Restrict to the grid's valid cells, else the always-zero cells outside the area inflate ρ.
 *
 * @example forecastStability([weekOne.risk, weekTwo.risk], 357, grid.validCells).meanOverlap // 0.91
 */
export function forecastStability(risks: readonly ArrayLike<number>[], k: number, cells?: ArrayLike<number>): StabilitySummary {
  const pick = (risk: ArrayLike<number>) => (cells ? Float64Array.from(cells, (c) => Number(risk[c])) : risk);
  const spearmans: number[] = [];
  const overlaps: number[] = [];
  for (let i = 1; i < risks.length; i++) {
    spearmans.push(spearman(pick(risks[i - 1]!), pick(risks[i]!)));
    overlaps.push(flaggedOverlap(topCells(risks[i - 1]!, k, cells), topCells(risks[i]!, k, cells)));
  }
  const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);
  const status = risks.length >= 2 ? "measured" : "not_measurable";
  const reason = status === "measured" ? null : "stability needs the risk surfaces of at least two successive forecasts";
  return { status, reason, spearman: spearmans, overlap: overlaps, meanSpearman: mean(spearmans), meanOverlap: mean(overlaps), k };
}
