import { cellCentre, type CityGrid } from "./grid";
import { normal, uniform, type Random } from "./random";

/** Residents of the whole city. */
export const CITY_POPULATION = 340_000;

/** Demographic groups and their city-wide shares. Neutral labels: the simulation attaches no meaning to them. */
export const GROUP_SHARES: Readonly<Record<string, number>> = { group_a: 0.58, group_b: 0.3, group_c: 0.12 };

/**
 * Residents per cell: a dense centre, a few outlying town centres, cell-level noise and some
 * near-empty cells (parks, rail yards). Sums to CITY_POPULATION.
 */
export function populationField(grid: CityGrid, rng: Random): Float64Array {
  const bumps = Array.from({ length: 5 }, () => ({
    x: uniform(rng, 0.1, 0.9) * grid.widthM,
    y: uniform(rng, 0.1, 0.9) * grid.heightM,
    sigma: uniform(rng, 600, 1300),
    height: uniform(rng, 0.3, 0.8),
  }));
  const density = new Float64Array(grid.cells);
  let total = 0;
  for (let cell = 0; cell < grid.cells; cell++) {
    const [x, y] = cellCentre(grid, cell);
    let d = 0.25 + gaussian(x - grid.widthM / 2, y - grid.heightM / 2, 2800);
    for (const b of bumps) d += b.height * gaussian(x - b.x, y - b.y, b.sigma);
    d *= Math.exp(normal(rng, 0, 0.35));
    if (rng() < 0.06) d *= 0.05;
    density[cell] = d;
    total += d;
  }
  for (let cell = 0; cell < grid.cells; cell++) density[cell] = ((density[cell] ?? 0) / total) * CITY_POPULATION;
  return density;
}

function gaussian(dx: number, dy: number, sigma: number): number {
  return Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
}

/** How far group shares move with `segregation` = 1: district share ∝ city share · e^(SPREAD · z). */
const SPREAD = 2.2;

/**
 * Residents and residents by group for each district. Every group has a smooth spatial
 * preference field; a district's mix is the city-wide mix blended, by `segregation` (0..1),
 * with the mix that field favours at the district's centroid. 0 gives identical districts.
 *
 * @example districtDemographics(grid, labels, 20, pop, 0.6, rng)[0] // { population: 17 204, groups: { group_a: …, … } }
 */
export function districtDemographics(
  grid: CityGrid,
  labels: Int32Array,
  count: number,
  cellPopulation: Float64Array,
  segregation: number,
  rng: Random,
): { population: number; groups: Record<string, number> }[] {
  const groups = Object.keys(GROUP_SHARES);
  const pop = new Float64Array(count), cx = new Float64Array(count), cy = new Float64Array(count);
  for (let cell = 0; cell < grid.cells; cell++) {
    const k = labels[cell] ?? 0;
    const p = cellPopulation[cell] ?? 0;
    const [x, y] = cellCentre(grid, cell);
    pop[k] = (pop[k] ?? 0) + p;
    cx[k] = (cx[k] ?? 0) + p * x;
    cy[k] = (cy[k] ?? 0) + p * y;
  }
  const preference = groups.map(() => standardised(preferenceAtCentroids(grid, count, pop, cx, cy, rng)));
  return Array.from({ length: count }, (_, k) => {
    const local = groups.map((g, i) => (GROUP_SHARES[g] ?? 0) * Math.exp(SPREAD * (preference[i]?.[k] ?? 0)));
    const localTotal = local.reduce((a, b) => a + b, 0);
    const shares = groups.map((g, i) => (1 - segregation) * (GROUP_SHARES[g] ?? 0) + (segregation * (local[i] ?? 0)) / localTotal);
    const population = Math.round(pop[k] ?? 0);
    const counts = largestRemainder(population, shares);
    return { population, groups: Object.fromEntries(groups.map((g, i) => [g, counts[i] ?? 0])) };
  });
}

/** A smooth field (two broad Gaussian bumps) evaluated at each district's population centroid. */
function preferenceAtCentroids(grid: CityGrid, count: number, pop: Float64Array, cx: Float64Array, cy: Float64Array, rng: Random): Float64Array {
  const bumps = Array.from({ length: 2 }, () => ({
    x: uniform(rng, 0, grid.widthM),
    y: uniform(rng, 0, grid.heightM),
    sigma: uniform(rng, 1800, 3200),
  }));
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const p = pop[k] || 1;
    const x = (cx[k] ?? 0) / p, y = (cy[k] ?? 0) / p;
    out[k] = bumps.reduce((sum, b) => sum + gaussian(x - b.x, y - b.y, b.sigma), 0);
  }
  return out;
}

/** Zero mean, unit standard deviation across districts (all zeros if the field is flat). */
function standardised(values: Float64Array): Float64Array {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return values.map((v) => (sd > 1e-12 ? (v - mean) / sd : 0));
}

/** Integer counts summing to `total`, as close as possible to total · shares (Hamilton's method). */
function largestRemainder(total: number, shares: number[]): number[] {
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total * s) / shareSum);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    missing--;
  }
  return counts;
}
