import { countBefore } from "../events";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { assertPositive, forCellsWithin, prediction, scaleToRecentLevel, topContributors } from "./shared";

export interface RetroParams {
  /** Quartic kernel radius, metres. */
  bandwidthM: number;
  /** Events from the last windowDays before the start count, days. */
  windowDays: number;
}

export const RETRO_DEFAULTS: RetroParams = { bandwidthM: 200, windowDays: 60 };

/**
 * Retrospective hotspot: each recent event adds (1 − d²/h²)² to every cell centre within h metres.
 * Expected counts share out the recent event rate in proportion to that surface.
 *
 * @example createRetro({ bandwidthM: 200, windowDays: 60 })
 */
export function createRetro(params: Partial<RetroParams> = {}): Model {
  const p: RetroParams = { ...RETRO_DEFAULTS, ...params };
  assertPositive("bandwidthM", p.bandwidthM);
  assertPositive("windowDays", p.windowDays);
  return { kind: "retro", params: { ...p }, fit: (_events, grid) => fitted(grid, p) };
}

function eachWeight(grid: Grid, events: GriddedEvents, start: number, p: RetroParams, visit: (event: number, cell: number, w: number) => void) {
  const h2 = p.bandwidthM * p.bandwidthM;
  for (let i = countBefore(events, start - p.windowDays), end = countBefore(events, start); i < end; i++) {
    forCellsWithin(grid, events.x[i]!, events.y[i]!, p.bandwidthM, (cell, d2) => {
      const u = 1 - d2 / h2;
      visit(i, cell, u * u);
    });
  }
}

function fitted(grid: Grid, p: RetroParams): FittedModel {
  return {
    kind: "retro",
    params: { ...p },
    summary: {},
    predict(events, start, horizonDays) {
      const risk = new Float64Array(grid.nx * grid.ny);
      eachWeight(grid, events, start, p, (_i, cell, w) => (risk[cell]! += w));
      return prediction(start, horizonDays, scaleToRecentLevel(grid, events, risk, start, horizonDays, p.windowDays), risk);
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
        components: [{ label: "recent incidents nearby", value: expected }],
        contributors: topContributors(weights, total),
        text: `${weights.size} incidents within ${p.bandwidthM} m in the last ${p.windowDays} days (kernel weight ${total.toFixed(2)}).`,
      };
    },
  };
}
