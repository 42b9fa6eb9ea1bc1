import { countBefore } from "../events";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { assertPositive, forCellsWithin, prediction, scaleToRecentLevel, topContributors } from "./shared";

export interface ProspectiveParams {
  /** Events farther than this from a cell centre do not count, metres. */
  bandwidthM: number;
  /** Events older than this do not count, weeks. */
  windowWeeks: number;
}

export const PROSPECTIVE_DEFAULTS: ProspectiveParams = { bandwidthM: 400, windowWeeks: 8 };

/**
 * Prospective hotspot (Bowers & Johnson 2004): an event d cells away and w whole weeks old adds
 * 1/(1+d) × 1/(1+w), so fresh nearby incidents weigh most.
 *
 * @example createProspective({ bandwidthM: 400, windowWeeks: 8 })
 */
export function createProspective(params: Partial<ProspectiveParams> = {}): Model {
  const p: ProspectiveParams = { ...PROSPECTIVE_DEFAULTS, ...params };
  assertPositive("bandwidthM", p.bandwidthM);
  assertPositive("windowWeeks", p.windowWeeks);
  return { kind: "prospective", params: { ...p }, fit: (_events, grid) => fitted(grid, p) };
}

function eachWeight(grid: Grid, events: GriddedEvents, start: number, p: ProspectiveParams, visit: (event: number, cell: number, w: number) => void) {
  const end = countBefore(events, start);
  for (let i = countBefore(events, start - 7 * p.windowWeeks); i < end; i++) {
    const timeWeight = 1 / (1 + Math.floor((start - events.t[i]!) / 7));
    forCellsWithin(grid, events.x[i]!, events.y[i]!, p.bandwidthM, (cell, d2) => {
      visit(i, cell, timeWeight / (1 + Math.sqrt(d2) / grid.cellSize));
    });
  }
}

function fitted(grid: Grid, p: ProspectiveParams): FittedModel {
  return {
    kind: "prospective",
    params: { ...p },
    summary: {},
    predict(events, start, horizonDays) {
      const risk = new Float64Array(grid.nx * grid.ny);
      eachWeight(grid, events, start, p, (_i, cell, w) => (risk[cell]! += w));
      return prediction(start, horizonDays, scaleToRecentLevel(grid, events, risk, start, horizonDays, 7 * p.windowWeeks), risk);
    },
    explain(events, cell, start, horizonDays) {
      const expected = this.predict(events, start, horizonDays).expected[cell] ?? 0;
      const weights = new Map<number, number>();
      let total = 0;
      eachWeight(grid, events, start, p, (i, c, w) => {
        if (c !== cell) return;
        weights.set(i, w);
        total += w;
      });
      return {
        cell,
        expected,
        components: [{ label: "recent incidents nearby, by age and distance", value: expected }],
        contributors: topContributors(weights, total),
        text: `${weights.size} incidents within ${p.bandwidthM} m in the last ${p.windowWeeks} weeks, fresher and closer ones weighing more.`,
      };
    },
  };
}
