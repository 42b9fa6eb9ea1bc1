import { CATEGORIES, CATEGORY_PROFILE } from "./categories";
import { boxSum3, type CityGrid } from "./grid";
import type { TrueEvent } from "./hawkes";
import type { Random } from "./random";

/** Share of patrol spread by population regardless of crime; the rest chases recent recorded crime. */
const PATROL_BY_POPULATION = 0.3;
/** Patrol plans are redrawn weekly from recorded crime, weighted with this memory (days). */
const PATROL_UPDATE_DAYS = 7;
const PATROL_MEMORY_DAYS = 28;
/** Discovery chance per unit of patrol presence × visibility × discoveryBias, as a hazard. */
const DISCOVERY_RATE = 0.2;

/** How the recording of one true incident turned out. */
export type Recording = "reported" | "discovered" | "unrecorded";

/**
 * The recording process, with its feedback loop. Police first may come upon an incident,
 * with probability 1 − exp(−DISCOVERY_RATE · discoveryBias · patrol · visibility); if they do not,
 * the public reports it with the category's reporting rate; otherwise it stays unrecorded.
 * Patrol starts in proportion to population and is redrawn weekly toward cells (and their
 * neighbours) with the most *recorded* crime, so discovery breeds patrol which breeds discovery.
 *
 * @returns the fate of each event (same order) and the period-average patrol per cell (mean 1).
 */
export function recordEvents(
  grid: CityGrid,
  events: TrueEvent[],
  cellPopulation: Float64Array,
  discoveryBias: number,
  days: number,
  rng: Random,
): { fates: Recording[]; patrolPresence: Float64Array } {
  const byPopulation = meanOne(cellPopulation);
  const memory = Float64Array.from(byPopulation); // recorded crime with exponential forgetting
  const weekly = new Float64Array(grid.cells);
  const averagePatrol = new Float64Array(grid.cells);
  let patrol = patrolFrom(grid, byPopulation, memory);
  const forget = Math.exp(-PATROL_UPDATE_DAYS / PATROL_MEMORY_DAYS);
  const fates: Recording[] = [];
  let periodStart = 0;
  let next = 0;
  while (periodStart < days) {
    const periodEnd = Math.min(days, periodStart + PATROL_UPDATE_DAYS);
    for (let cell = 0; cell < grid.cells; cell++) averagePatrol[cell] = (averagePatrol[cell] ?? 0) + (patrol[cell] ?? 0) * (periodEnd - periodStart);
    weekly.fill(0);
    for (; next < events.length && (events[next] as TrueEvent).t < periodEnd; next++) {
      const e = events[next] as TrueEvent;
      const fate = recordOne(e, patrol[e.cell] ?? 0, discoveryBias, rng);
      fates.push(fate);
      if (fate !== "unrecorded") weekly[e.cell] = (weekly[e.cell] ?? 0) + 1;
    }
    for (let cell = 0; cell < grid.cells; cell++) memory[cell] = (memory[cell] ?? 0) * forget + (weekly[cell] ?? 0);
    patrol = patrolFrom(grid, byPopulation, memory);
    periodStart = periodEnd;
  }
  return { fates, patrolPresence: meanOne(averagePatrol) };
}

function recordOne(e: TrueEvent, patrol: number, discoveryBias: number, rng: Random): Recording {
  const profile = CATEGORY_PROFILE[CATEGORIES[e.category] ?? "other"];
  if (rng() < discoveryChance(patrol, profile.visible, discoveryBias)) return "discovered";
  return rng() < profile.reported ? "reported" : "unrecorded";
}

function discoveryChance(patrol: number, visibility: number, discoveryBias: number): number {
  return 1 - Math.exp(-DISCOVERY_RATE * discoveryBias * patrol * visibility);
}

/** Patrol per cell, mean 1: a population floor plus recorded crime smoothed over the 3 × 3 neighbourhood. */
function patrolFrom(grid: CityGrid, byPopulation: Float64Array, recorded: Float64Array): Float64Array {
  const hot = meanOne(boxSum3(grid, recorded));
  return byPopulation.map((p, cell) => PATROL_BY_POPULATION * p + (1 - PATROL_BY_POPULATION) * (hot[cell] ?? 0));
}

/** Scales a non-negative field to mean 1 (a flat field of ones if it is all zero). */
function meanOne(field: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += field[i] ?? 0;
  const out = new Float64Array(field.length);
  for (let i = 0; i < field.length; i++) out[i] = sum > 0 ? ((field[i] ?? 0) * field.length) / sum : 1;
  return out;
}

/**
 * The share of true incidents the recording process will record once patrol has settled,
 * computed from expectations alone: true crime ∝ `crimeShape`, patrol iterated to its fixed
 * point. Used to scale true crime so that the *recorded* count lands near the target.
 */
export function expectedRecordingShare(grid: CityGrid, crimeShape: Float64Array, cellPopulation: Float64Array, discoveryBias: number): number {
  const byPopulation = meanOne(cellPopulation);
  let patrol = byPopulation;
  let share = 0;
  for (let iteration = 0; iteration < 12; iteration++) {
    const recorded = new Float64Array(grid.cells);
    let total = 0, recordedTotal = 0;
    for (let cell = 0; cell < grid.cells; cell++) {
      let p = 0;
      for (const category of CATEGORIES) {
        const { share: s, reported, visible } = CATEGORY_PROFILE[category];
        const found = discoveryChance(patrol[cell] ?? 0, visible, discoveryBias);
        p += s * (found + (1 - found) * reported);
      }
      const crime = crimeShape[cell] ?? 0;
      recorded[cell] = crime * p;
      total += crime;
      recordedTotal += crime * p;
    }
    share = recordedTotal / total;
    patrol = patrolFrom(grid, byPopulation, recorded);
  }
  return share;
}
