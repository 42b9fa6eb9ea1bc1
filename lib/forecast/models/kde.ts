import { countBefore } from "../events";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { prediction, topContributors } from "./shared";

export interface KdeParams {
  /** e-folding age of an event's weight, days; 0 = no decay (every past event weighs 1). */
  timeScaleDays: number;
  /** Standard deviation of the Gaussian spatial kernel, metres; 0 = no smoothing (counts per cell). */
  bandwidthM: number;
  /** Events older than this are ignored, days; 0 = ten time scales (or everything without decay). */
  windowDays: number;
  /** Sub-cells per cell side used for binning, so the kernel sees positions finer than a cell. */
  subdivisions: number;
}

export const KDE_DEFAULTS: KdeParams = { timeScaleDays: 10, bandwidthM: 100, windowDays: 0, subdivisions: 3 };

/**
 * Space–time kernel density: weight e^(−age/τ) × Gaussian(distance, σ), computed as a binned,
 * separable convolution (bin weighted events on a sub-grid, blur rows then columns, sum sub-cells),
 * so the cost grows with grid size, not with events × cells.
 * Expected counts: the exponentially weighted recent rate (events/day) × horizon, shared by density.
 *
 * @example createKde({ timeScaleDays: 10, bandwidthM: 100 }).fit(events, grid, cutoff).predict(events, cutoff, 7)
 */
export function createKde(params: Partial<KdeParams> = {}): Model {
  const p: KdeParams = { ...KDE_DEFAULTS, ...params };
  if (!(p.timeScaleDays >= 0 && p.bandwidthM >= 0 && p.windowDays >= 0 && Number.isInteger(p.subdivisions) && p.subdivisions >= 1)) {
    throw new RangeError(`invalid KDE parameters ${JSON.stringify(p)}`);
  }
  return { kind: "kde", params: { ...p }, fit: (_events, grid) => fitted(grid, p) };
}

const windowStart = (p: KdeParams, start: number) =>
  p.windowDays > 0 ? start - p.windowDays : p.timeScaleDays > 0 ? start - 10 * p.timeScaleDays : -Infinity;

const ageWeight = (p: KdeParams, age: number) => (p.timeScaleDays > 0 ? Math.exp(-age / p.timeScaleDays) : 1);

/** Sampled Gaussian taps at the given spacing, normalised to sum 1. */
function gaussianTaps(sigma: number, spacing: number): Float64Array {
  if (sigma <= 0) return Float64Array.of(1);
  const half = Math.ceil((4 * sigma) / spacing);
  const taps = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let j = -half; j <= half; j++) sum += taps[j + half] = Math.exp(-0.5 * ((j * spacing) / sigma) ** 2);
  return taps.map((v) => v / sum);
}

/** In-place 1-D convolution of `lines` lines of `length` values, `stride` apart within a line. */
function blur(buf: Float64Array, line: Float64Array, taps: Float64Array, lines: number, length: number, lineStep: number, stride: number): void {
  const half = (taps.length - 1) >> 1;
  for (let l = 0; l < lines; l++) {
    let any = false;
    for (let k = 0; k < length; k++) any = (line[k] = buf[l * lineStep + k * stride]!) !== 0 || any;
    if (!any) continue;
    for (let k = 0; k < length; k++) {
      let s = 0;
      const lo = Math.max(0, k - half);
      const hi = Math.min(length - 1, k + half);
      for (let m = lo; m <= hi; m++) s += line[m]! * taps[m - k + half]!;
      buf[l * lineStep + k * stride] = s;
    }
  }
}

/** Working memory reused across predictions: a fresh megabyte per surface would keep the GC busy. */
interface Scratch {
  buf: Float64Array;
  line: Float64Array;
}

function surface(grid: Grid, events: GriddedEvents, start: number, p: KdeParams, scratch: Scratch): { density: Float64Array; rate: number } {
  if (p.bandwidthM === 0) return cellSurface(grid, events, start, p);
  const s = p.subdivisions;
  const snx = grid.nx * s;
  const sny = grid.ny * s;
  const sub = grid.cellSize / s;
  const { buf, line } = scratch;
  buf.fill(0);
  const end = countBefore(events, start);
  const from = countBefore(events, windowStart(p, start));
  let weightSum = 0;
  for (let i = from; i < end; i++) {
    const w = ageWeight(p, start - events.t[i]!);
    const col = Math.min(snx - 1, Math.max(0, Math.floor((events.x[i]! - grid.originX) / sub)));
    const row = Math.min(sny - 1, Math.max(0, Math.floor((events.y[i]! - grid.originY) / sub)));
    buf[row * snx + col]! += w;
    weightSum += w;
  }
  const taps = gaussianTaps(p.bandwidthM, sub);
  blur(buf, line, taps, sny, snx, snx, 1);
  blur(buf, line, taps, snx, sny, 1, snx);
  const density = new Float64Array(grid.nx * grid.ny);
  for (let row = 0; row < sny; row++) {
    const base = Math.floor(row / s) * grid.nx;
    for (let col = 0; col < snx; col++) density[base + Math.floor(col / s)]! += buf[row * snx + col]!;
  }
  for (let c = 0; c < density.length; c++) if (!grid.mask[c]) density[c] = 0;
  return { density, rate: weightedRate(events, start, p, from, end, weightSum) };
}

/** Weighted rate, events/day: the weight sum over the weighted length of the observed span. */
function weightedRate(events: GriddedEvents, start: number, p: KdeParams, from: number, end: number, weightSum: number): number {
  const span = end > from ? start - Math.max(events.t[from]!, windowStart(p, start)) : 0;
  const effectiveDays = p.timeScaleDays > 0 ? p.timeScaleDays * (1 - Math.exp(-span / p.timeScaleDays)) : span;
  return effectiveDays > 0 ? weightSum / Math.max(effectiveDays, 1) : 0;
}

/** Without smoothing the surface is the weighted count per cell: no sub-grid or blur needed. */
function cellSurface(grid: Grid, events: GriddedEvents, start: number, p: KdeParams): { density: Float64Array; rate: number } {
  const density = new Float64Array(grid.nx * grid.ny);
  const end = countBefore(events, start);
  const from = countBefore(events, windowStart(p, start));
  let weightSum = 0;
  for (let i = from; i < end; i++) {
    const w = ageWeight(p, start - events.t[i]!);
    weightSum += w;
    const c = events.cell[i]!;
    if (c >= 0 && grid.mask[c]) density[c]! += w;
  }
  return { density, rate: weightedRate(events, start, p, from, end, weightSum) };
}

function fitted(grid: Grid, p: KdeParams): FittedModel {
  const snx = grid.nx * p.subdivisions;
  const sny = grid.ny * p.subdivisions;
  const scratch: Scratch = { buf: new Float64Array(snx * sny), line: new Float64Array(Math.max(snx, sny)) };
  return {
    kind: "kde",
    params: { ...p },
    summary: {},
    predict(events, start, horizonDays) {
      const { density, rate } = surface(grid, events, start, p, scratch);
      let total = 0;
      for (const c of grid.validCells) total += density[c]!;
      const factor = total > 0 ? (rate * horizonDays) / total : 0;
      return prediction(start, horizonDays, density.map((d) => d * factor), density);
    },
    explain(events, cell, start, horizonDays) {
      const expected = this.predict(events, start, horizonDays).expected[cell] ?? 0;
      const col = cell % grid.nx;
      const cx = grid.originX + (col + 0.5) * grid.cellSize;
      const cy = grid.originY + ((cell - col) / grid.nx + 0.5) * grid.cellSize;
      const reach = Math.max(4 * p.bandwidthM, grid.cellSize);
      const weights = new Map<number, number>();
      let total = 0;
      for (let i = countBefore(events, windowStart(p, start)), end = countBefore(events, start); i < end; i++) {
        const d2 = (events.x[i]! - cx) ** 2 + (events.y[i]! - cy) ** 2;
        if (d2 > reach * reach) continue;
        const space = p.bandwidthM > 0 ? Math.exp(-0.5 * d2 / p.bandwidthM ** 2) : events.cell[i] === cell ? 1 : 0;
        const w = ageWeight(p, start - events.t[i]!) * space;
        if (w <= 0) continue;
        weights.set(i, w);
        total += w;
      }
      return {
        cell,
        expected,
        components: [{ label: "recency-weighted, smoothed incident density", value: expected }],
        contributors: topContributors(weights, total),
        text: `Nearby incidents weighted by age (time scale ${p.timeScaleDays || "∞"} days) and distance (σ ${p.bandwidthM} m).`,
      };
    },
  };
}
