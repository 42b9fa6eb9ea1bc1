import { CATEGORY_CUMULATIVE, HOURLY_CUMULATIVE, SAME_CATEGORY_AS_PARENT } from "./categories";
import { cellAt, clampIntoCell, type CityGrid } from "./grid";
import { exponential, normal, normalCdf, pickCumulative, poisson, randomInt, type Random } from "./random";

/** Near-repeat triggering: offspring per event (θ), decay per day (ω), spatial sd in metres (σ). */
export interface Triggering {
  theta: number;
  omegaPerDay: number;
  sigmaM: number;
}

/**
 * Default near-repeat kernel. Chosen, not fitted: about one incident in five is an offspring,
 * typically a few days after and within about 100 m of its parent — a modest effect of the
 * kind near-repeat studies of burglary describe (raised risk for a couple of weeks and a few
 * hundred metres), strong enough for a model to detect.
 */
export const TRIGGERING: Triggering = { theta: 0.25, omegaPerDay: 0.25, sigmaM: 80 };

/** One true incident: time in days since the start, position in metres from the city's south-west corner. */
export interface TrueEvent {
  t: number;
  x: number;
  y: number;
  cell: number;
  /** Index into CATEGORIES. */
  category: number;
}

/**
 * Simulates the true crime process as a Hawkes process by its cluster form: background events
 * from a Poisson process with `background[cell]` events per day, then every event (background
 * or offspring) has Poisson(θ) offspring at an Exp(ω) delay and a N(0, σ²) offset per axis.
 * Offspring that fall outside the city or after the period are not part of this city's record.
 * Returns events sorted by time.
 */
export function simulateEvents(grid: CityGrid, background: Float64Array, days: number, k: Triggering, rng: Random): TrueEvent[] {
  const events: TrueEvent[] = [];
  for (let cell = 0; cell < grid.cells; cell++) {
    const n = poisson(rng, (background[cell] ?? 0) * days);
    const col = cell % grid.cols, row = (cell - col) / grid.cols;
    for (let i = 0; i < n; i++) {
      // Background crime keeps the daily rhythm; its daily count is unaffected by the hour.
      const hour = pickCumulative(rng, HOURLY_CUMULATIVE);
      const t = randomInt(rng, days) + (hour + rng()) / 24;
      const [x, y] = clampIntoCell(grid, cell, (col + rng()) * grid.cellSizeM, (row + rng()) * grid.cellSizeM);
      events.push({ t, x, y, cell, category: pickCumulative(rng, CATEGORY_CUMULATIVE) });
    }
  }
  // Breadth-first over generations; `events` grows while it is walked.
  for (let i = 0; i < events.length; i++) {
    const parent = events[i] as TrueEvent;
    const children = poisson(rng, k.theta);
    for (let c = 0; c < children; c++) {
      const t = parent.t + exponential(rng, k.omegaPerDay);
      const x = parent.x + normal(rng, 0, k.sigmaM);
      const y = parent.y + normal(rng, 0, k.sigmaM);
      const cell = cellAt(grid, x, y);
      const category = rng() < SAME_CATEGORY_AS_PARENT ? parent.category : pickCumulative(rng, CATEGORY_CUMULATIVE);
      if (t >= days || cell < 0) continue;
      const [cx, cy] = clampIntoCell(grid, cell, x, y);
      events.push({ t, x: cx, y: cy, cell, category });
    }
  }
  return events.sort((a, b) => a.t - b.t);
}

/**
 * Expected offspring per cell per day given the events that happened: for each day d and cell c,
 * Σ over events i with t_i < d+1 of θ · P(offset lands in c) · P(delay falls in day d).
 * The exponential kernel lets a per-cell carry decay day by day instead of revisiting old events,
 * so the cost is O(cells · days + events · kernel cells). Layout: day-major, [day · cells + cell].
 */
export function triggeredIntensity(grid: CityGrid, events: TrueEvent[], days: number, k: Triggering): Float32Array {
  const out = new Float32Array(grid.cells * days);
  const carry = new Float64Array(grid.cells); // remaining offspring mass at the start of the day
  const decay = Math.exp(-k.omegaPerDay);
  const reach = Math.ceil((4 * k.sigmaM) / grid.cellSizeM);
  const wx = new Float64Array(2 * reach + 1), wy = new Float64Array(2 * reach + 1);
  let next = 0;
  for (let day = 0; day < days; day++) {
    const base = day * grid.cells;
    for (let cell = 0; cell < grid.cells; cell++) out[base + cell] = (carry[cell] ?? 0) * (1 - decay);
    for (let cell = 0; cell < grid.cells; cell++) carry[cell] = (carry[cell] ?? 0) * decay;
    for (; next < events.length && (events[next] as TrueEvent).t < day + 1; next++) {
      const e = events[next] as TrueEvent;
      const leftToday = Math.exp(-k.omegaPerDay * (day + 1 - e.t)); // share of the delay beyond today
      const col0 = Math.floor(e.x / grid.cellSizeM) - reach, row0 = Math.floor(e.y / grid.cellSizeM) - reach;
      axisWeights(wx, col0, grid.cols, e.x, grid.cellSizeM, k.sigmaM);
      axisWeights(wy, row0, grid.rows, e.y, grid.cellSizeM, k.sigmaM);
      for (let j = 0; j < wy.length; j++) {
        const py = wy[j] ?? 0;
        if (py === 0) continue;
        const rowBase = (row0 + j) * grid.cols;
        for (let i = 0; i < wx.length; i++) {
          const mass = k.theta * py * (wx[i] ?? 0);
          if (mass === 0) continue;
          const cell = rowBase + col0 + i;
          out[base + cell] = (out[base + cell] ?? 0) + mass * (1 - leftToday);
          carry[cell] = (carry[cell] ?? 0) + mass * leftToday;
        }
      }
    }
  }
  return out;
}

/** Probability that a N(centre, σ²) offset falls in each of the cells first..first+len-1 along one axis (0 off-grid). */
function axisWeights(w: Float64Array, first: number, cellsOnAxis: number, centre: number, size: number, sigma: number): void {
  for (let i = 0; i < w.length; i++) {
    const index = first + i;
    w[i] = index < 0 || index >= cellsOnAxis
      ? 0
      : normalCdf(((index + 1) * size - centre) / sigma) - normalCdf((index * size - centre) / sigma);
  }
}

/**
 * Expected incidents per background incident once its offspring, their offspring and so on are
 * counted: 1 / (1 − θ_eff), where θ_eff discounts offspring that land outside the city (for
 * background placed by `shape`) or after the period ends.
 */
export function expectedClusterSize(grid: CityGrid, shape: Float64Array, days: number, k: Triggering): number {
  let inside = 0, total = 0;
  for (let cell = 0; cell < grid.cells; cell++) {
    const col = cell % grid.cols, row = (cell - col) / grid.cols;
    const x = (col + 0.5) * grid.cellSizeM, y = (row + 0.5) * grid.cellSizeM;
    const px = normalCdf((grid.widthM - x) / k.sigmaM) - normalCdf(-x / k.sigmaM);
    const py = normalCdf((grid.heightM - y) / k.sigmaM) - normalCdf(-y / k.sigmaM);
    const w = shape[cell] ?? 0;
    inside += w * px * py;
    total += w;
  }
  const span = k.omegaPerDay * days;
  const inTime = 1 - (1 - Math.exp(-span)) / span;
  return 1 / (1 - k.theta * (inside / total) * inTime);
}
