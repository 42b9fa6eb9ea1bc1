import { countBefore } from "../events";
import type { Grid, GriddedEvents, Prediction } from "../types";

/**
 * Calls visit(cell, squaredDistance) for every valid cell whose centre lies within `radius` metres
 * of (x, y); the squared distance is in m².
 */
export function forCellsWithin(grid: Grid, x: number, y: number, radius: number, visit: (cell: number, d2: number) => void): void {
  const { cellSize, originX, originY, nx, ny, mask } = grid;
  const r2 = radius * radius;
  const c0 = Math.max(0, Math.floor((x - radius - originX) / cellSize - 0.5));
  const c1 = Math.min(nx - 1, Math.ceil((x + radius - originX) / cellSize - 0.5));
  const r0 = Math.max(0, Math.floor((y - radius - originY) / cellSize - 0.5));
  const r1 = Math.min(ny - 1, Math.ceil((y + radius - originY) / cellSize - 0.5));
  for (let row = r0; row <= r1; row++) {
    const dy = originY + (row + 0.5) * cellSize - y;
    for (let col = c0; col <= c1; col++) {
      const dx = originX + (col + 0.5) * cellSize - x;
      const d2 = dx * dx + dy * dy;
      const cell = row * nx + col;
      if (d2 <= r2 && mask[cell]) visit(cell, d2);
    }
  }
}

/**
 * Turns a ranking surface into expected counts: the total is the mean daily number of events over
 * the `levelDays` before `start` times the horizon, shared out in proportion to the risk.
 * Models whose score is not a rate (hotspot weights, kernel sums) use this so their log scores and
 * calibration can be compared with the others.
 */
export function scaleToRecentLevel(
  grid: Grid,
  events: GriddedEvents,
  risk: Float64Array,
  start: number,
  horizonDays: number,
  levelDays: number,
): Float64Array {
  const n = countBefore(events, start);
  const from = Math.max(start - levelDays, n > 0 ? events.t[0]! : start);
  const recent = n - countBefore(events, from);
  const days = Math.max(start - from, 1);
  let total = 0;
  for (const c of grid.validCells) total += risk[c]!;
  const expected = new Float64Array(risk.length);
  if (total <= 0) return expected;
  const factor = ((recent / days) * horizonDays) / total;
  for (const c of grid.validCells) expected[c] = risk[c]! * factor;
  return expected;
}

export function prediction(start: number, horizonDays: number, expected: Float64Array, risk = expected): Prediction {
  return { start, horizonDays, expected, risk };
}

/** The `limit` largest (index, weight) pairs, largest first, weights as shares of `total`. */
export function topContributors(weights: Map<number, number>, total: number, limit = 10): { event: number; weight: number }[] {
  return [...weights.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([event, w]) => ({ event, weight: total > 0 ? w / total : 0 }));
}

export function assertPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
}
