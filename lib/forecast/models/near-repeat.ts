import { countBefore, filterCategories } from "../events";
import { knoxTest, strongestNearRepeat, type KnoxCell } from "../knox";
import { seededRandom } from "../random";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { forCellsWithin, prediction, topContributors } from "./shared";
import { createNaive } from "./naive";

export interface NearRepeatParams {
  /** Bit k set = category k triggers (e.g. 1 << 5 for burglary); 0 = every category. */
  triggerCategoryMask: number;
  /** Days of training data the Knox test reads. */
  knoxDays: number;
  permutations: number;
  /** Seed of the Knox permutations, so a fit is repeatable. */
  seed: number;
}

export const NEAR_REPEAT_DEFAULTS: NearRepeatParams = { triggerCategoryMask: 0, knoxDays: 365, permutations: 49, seed: 1 };

const DISTANCE_BANDS_M = [100, 200, 300, 400];
const TIME_BANDS_DAYS = [1, 3, 7, 14, 28];

/**
 * Near-repeat (PRECOBS style): after a trigger incident, cells whose centre lies within r metres
 * are raised for d days, r and d being the Knox window with the strongest excess on the training
 * data. Expected count = long-term cell rate + γ per active trigger, γ being the Knox excess of
 * follow-on events per trigger spread over the window's cells and days. If the Knox test finds no
 * significant near-repeat pattern the model says so (summary.window_found = 0) and stays the baseline.
 *
 * @example createNearRepeat({ triggerCategoryMask: 1 << 5 }) // burglary triggers
 */
export function createNearRepeat(params: Partial<NearRepeatParams> = {}): Model {
  const p: NearRepeatParams = { ...NEAR_REPEAT_DEFAULTS, ...params };
  if (!(p.knoxDays > 0 && p.permutations >= 1)) throw new RangeError(`invalid near-repeat parameters ${JSON.stringify(p)}`);
  return {
    kind: "near_repeat",
    params: { ...p },
    fit(events, grid, cutoff) {
      const categories = Array.from({ length: 32 }, (_, k) => k).filter((k) => p.triggerCategoryMask & (1 << k));
      const triggers = filterCategories(events, categories);
      // Explanations name incidents by their index in the full event set, not in the trigger subset.
      const source: number[] = [];
      for (let i = 0; i < events.t.length; i++) if (categories.length === 0 || categories.includes(events.category[i]!)) source.push(i);
      const lo = countBefore(triggers, cutoff - p.knoxDays);
      const hi = countBefore(triggers, cutoff);
      const cells = knoxTest(triggers.x.subarray(lo, hi), triggers.y.subarray(lo, hi), triggers.t.subarray(lo, hi), {
        distanceBandsM: DISTANCE_BANDS_M,
        timeBandsDays: TIME_BANDS_DAYS,
        permutations: p.permutations,
        random: seededRandom(p.seed),
      });
      const window = strongestNearRepeat(cells);
      const discCells = window ? Math.max(1, (Math.PI * window.maxDistanceM ** 2) / grid.cellSize ** 2) : 1;
      // Each pair counts once, so excess pairs ÷ triggers = extra follow-on events per trigger.
      const gamma = window && hi > lo ? (window.observed - window.expected) / (hi - lo) / (discCells * window.maxDays) : 0;
      return fitted(grid, p, triggers, source, window, gamma, createNaive().fit(events, grid, cutoff), cells);
    },
  };
}

function fitted(
  grid: Grid,
  p: NearRepeatParams,
  triggers: GriddedEvents,
  source: readonly number[],
  window: KnoxCell | null,
  gamma: number,
  base: FittedModel,
  knox: KnoxCell[],
): FittedModel {
  const boosts = (start: number, visit: (trigger: number, cell: number) => void) => {
    if (!window) return;
    for (let i = countBefore(triggers, start - window.maxDays), end = countBefore(triggers, start); i < end; i++) {
      forCellsWithin(grid, triggers.x[i]!, triggers.y[i]!, window.maxDistanceM, (cell) => visit(i, cell));
    }
  };
  return {
    kind: "near_repeat",
    params: { ...p },
    summary: {
      window_found: window ? 1 : 0,
      radius_m: window?.maxDistanceM ?? 0,
      duration_days: window?.maxDays ?? 0,
      knox_ratio: window?.ratio ?? 1,
      knox_p_value: window?.pValue ?? 1,
      extra_events_per_trigger_cell_day: gamma,
      knox_windows_tested: knox.length,
    },
    predict(events, start, horizonDays) {
      const basePrediction = base.predict(events, start, horizonDays);
      const expected = Float64Array.from(basePrediction.expected);
      // A trigger's boost lasts until start + d at most; within the horizon it covers min(d, h) days on average.
      const perTrigger = gamma * Math.min(window?.maxDays ?? 0, horizonDays);
      boosts(start, (_i, cell) => (expected[cell]! += perTrigger));
      return prediction(start, horizonDays, expected);
    },
    explain(events, cell, start, horizonDays) {
      const baseValue = base.predict(events, start, horizonDays).expected[cell] ?? 0;
      const perTrigger = gamma * Math.min(window?.maxDays ?? 0, horizonDays);
      const weights = new Map<number, number>();
      boosts(start, (i, c) => c === cell && weights.set(source[i] ?? i, perTrigger));
      const boost = perTrigger * weights.size;
      return {
        cell,
        expected: baseValue + boost,
        components: [
          { label: "long-term rate", value: baseValue },
          { label: "near-repeat boost", value: boost },
        ],
        contributors: topContributors(weights, baseValue + boost),
        text: window
          ? `${weights.size} trigger incidents within ${window.maxDistanceM} m in the last ${window.maxDays} days (Knox ratio ${window.ratio.toFixed(2)}, p = ${window.pValue.toFixed(3)}).`
          : "The Knox test found no significant near-repeat pattern in the training data; only the long-term rate applies.",
      };
    },
  };
}
