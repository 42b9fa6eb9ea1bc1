import { cellCentre, type CityGrid } from "./grid";
import { uniform, type Random } from "./random";

/** Share of background crime that follows where people live; the rest sits in hotspots. */
const RESIDENTIAL_SHARE = 0.55;

/**
 * The spatial shape of true background crime: a residential part proportional to population
 * plus a few Gaussian hotspots (shopping streets, nightlife, transport hubs) that draw crime
 * regardless of who lives nearby. Sums to 1 over cells; the caller scales it to a volume.
 *
 * @example backgroundShape(grid, population, rng) // Float64Array, Σ = 1
 */
export function backgroundShape(grid: CityGrid, cellPopulation: Float64Array, rng: Random): Float64Array {
  const hotspots = Array.from({ length: 6 }, () => ({
    x: uniform(rng, 0.12, 0.88) * grid.widthM,
    y: uniform(rng, 0.12, 0.88) * grid.heightM,
    sigma: uniform(rng, 150, 450),
    weight: Math.exp(uniform(rng, -0.7, 0.7)),
  }));
  const hot = new Float64Array(grid.cells);
  let hotTotal = 0;
  let popTotal = 0;
  for (let cell = 0; cell < grid.cells; cell++) {
    const [x, y] = cellCentre(grid, cell);
    let h = 0;
    for (const s of hotspots) h += s.weight * Math.exp(-((x - s.x) ** 2 + (y - s.y) ** 2) / (2 * s.sigma ** 2));
    hot[cell] = h;
    hotTotal += h;
    popTotal += cellPopulation[cell] ?? 0;
  }
  const shape = new Float64Array(grid.cells);
  for (let cell = 0; cell < grid.cells; cell++) {
    shape[cell] =
      (RESIDENTIAL_SHARE * (cellPopulation[cell] ?? 0)) / popTotal + ((1 - RESIDENTIAL_SHARE) * (hot[cell] ?? 0)) / hotTotal;
  }
  return shape;
}
