import { poisson, type Random } from "./random";
import type { Grid } from "./types";

export interface SeppSimulation {
  /** Background rate per cell, events/day (length nx × ny; masked cells are ignored). */
  mu: Float64Array;
  theta: number;
  /** Trigger decay, per day. */
  omega: number;
  days: number;
}

/**
 * Simulates the grid SEPP by its branching structure: background events uniform in time within
 * each cell, every event spawning Poisson(θ) children after Exp(ω) delays in its own cell.
 * Positions are uniform within the cell. Used to test that the EM fit recovers θ and ω.
 *
 * @example simulateSepp(grid, { mu, theta: 0.3, omega: 0.5, days: 1000 }, seededRandom(1))
 */
export function simulateSepp(grid: Grid, sim: SeppSimulation, random: Random): { x: number[]; y: number[]; t: number[]; category: number[] } {
  const cells: number[] = [];
  const times: number[] = [];
  for (const c of grid.validCells) {
    const queue: number[] = [];
    for (let k = poisson(random, (sim.mu[c] ?? 0) * sim.days); k > 0; k--) queue.push(random() * sim.days);
    while (queue.length > 0) {
      const t = queue.pop()!;
      cells.push(c);
      times.push(t);
      for (let k = poisson(random, sim.theta); k > 0; k--) {
        const child = t - Math.log(1 - random()) / sim.omega;
        if (child < sim.days) queue.push(child);
      }
    }
  }
  const x = cells.map((c) => grid.originX + ((c % grid.nx) + random()) * grid.cellSize);
  const y = cells.map((c) => grid.originY + (Math.floor(c / grid.nx) + random()) * grid.cellSize);
  return { x, y, t: times, category: cells.map(() => 1) };
}
