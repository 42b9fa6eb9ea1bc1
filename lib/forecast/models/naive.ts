import { countBefore } from "../events";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { prediction } from "./shared";

export interface NaiveParams {
  /** Look-back window, days; 0 = the whole history before the prediction start (the reference's choice). */
  windowDays: number;
}

export const NAIVE_DEFAULTS: NaiveParams = { windowDays: 0 };

/**
 * Counts per cell over a window: the "long-term hotspot" baseline every other model must beat.
 * Expected count = window count ÷ window length (days) × horizon; the ranking uses the raw count,
 * so ties stay exact integers and break by cell order.
 *
 * @example createNaive().fit(events, grid, cutoff).predict(events, cutoff, 7)
 */
export function createNaive(params: Partial<NaiveParams> = {}): Model {
  const p: NaiveParams = { ...NAIVE_DEFAULTS, ...params };
  if (p.windowDays < 0) throw new RangeError("windowDays must be ≥ 0");
  return { kind: "naive", params: { ...p }, fit: (_events, grid) => fitted(grid, p) };
}

function window(events: GriddedEvents, start: number, p: NaiveParams): [from: number, to: number, days: number] {
  const to = countBefore(events, start);
  const first = to > 0 ? events.t[0]! : start;
  const fromTime = p.windowDays > 0 ? Math.max(start - p.windowDays, first) : first;
  return [countBefore(events, fromTime), to, Math.max(start - fromTime, 1)];
}

function fitted(grid: Grid, p: NaiveParams): FittedModel {
  return {
    kind: "naive",
    params: { ...p },
    summary: {},
    predict(events, start, horizonDays) {
      const [from, to, days] = window(events, start, p);
      const risk = new Float64Array(grid.nx * grid.ny);
      for (let i = from; i < to; i++) {
        const c = events.cell[i]!;
        if (c >= 0) risk[c]! += 1;
      }
      const expected = risk.map((count) => (count / days) * horizonDays);
      return prediction(start, horizonDays, expected, risk);
    },
    explain(events, cell, start, horizonDays) {
      const [from, to, days] = window(events, start, p);
      const contributors: { event: number; weight: number }[] = [];
      for (let i = from; i < to; i++) if (events.cell[i] === cell) contributors.push({ event: i, weight: 1 });
      const n = contributors.length;
      const expected = (n / days) * horizonDays;
      return {
        cell,
        expected,
        components: [{ label: "historical rate", value: expected }],
        contributors: contributors.slice(-10).reverse().map((c) => ({ event: c.event, weight: 1 / Math.max(n, 1) })),
        text: `${n} incidents in this cell over the last ${days.toFixed(0)} days: ${expected.toFixed(3)} expected in ${horizonDays} days.`,
      };
    },
  };
}
