import { createGrid, griddedEvents, seededRandom, simulateSepp, type Grid, type GriddedEvents } from "@/lib/forecast";

/**
 * A stand-in city when the real data is absent: 60 × 60 cells of 150 m with a few hotspots and
 * weak triggering, about 1.5 years of history, day 0 = 2017-07-01. Only for smoke runs: its
 * figures say nothing about real-world skill.
 */
export function syntheticCity(seed = 7): { grid: Grid; events: GriddedEvents; testStart: number } {
  const grid = createGrid({ cellSize: 150, originX: 0, originY: 0, nx: 60, ny: 60 });
  const random = seededRandom(seed);
  const mu = new Float64Array(3600);
  const hotspots = Array.from({ length: 12 }, () => [random() * 60, random() * 60, 2 + random() * 4] as const);
  for (let c = 0; c < 3600; c++) {
    const col = c % 60;
    const row = Math.floor(c / 60);
    mu[c] = 0.002 + hotspots.reduce((s, [hx, hy, r]) => s + 0.05 * Math.exp(-((col - hx) ** 2 + (row - hy) ** 2) / (2 * r * r)), 0);
  }
  const base = Date.UTC(2017, 6, 1) / 86_400_000;
  const sim = simulateSepp(grid, { mu, theta: 0.05, omega: 2, days: 365 + 184 + 280 }, random);
  const events = griddedEvents(grid, { ...sim, t: sim.t.map((t) => t + base) });
  return { grid, events, testStart: base + 549 };
}
