import { describe, expect, it } from "vitest";
import { captureCurve, createNaive, errorCounts, hitRate, meanLogScore, pai, pairedPeriodBootstrap, peiStar, periodBootstrap, runBacktest, seededRandom } from "@/lib/forecast";
import { eventsAt, tinyGrid } from "./support";

describe("rolling-origin backtest", () => {
  // 4 cells in a row; history makes cell 0 the hotspot, then day 10 and day 11 are scored.
  const grid = tinyGrid(4, 1);
  const events = eventsAt(grid, [[0, 0, 1], [0, 0, 2], [1, 0, 3], [0, 0, 10.5], [2, 0, 10.6], [2, 0, 11.2], [1, 0, 11.5]]);
  const result = runBacktest({ model: createNaive(), grid, events, fitCutoff: 10, starts: [10, 11], horizonDays: 1, coverages: [0.25, 0.5, 1] });

  it("scores each period with the events before its start", () => {
    // Day 10 flags cell 0 (count 2): 1 of 2 events hit. Day 11 flags cell 0 (count 3): 0 of 2 hit.
    expect(result.periods.map((p) => p.coverage[0]!.hits)).toEqual([1, 0]);
    expect(hitRate(result, 0.25)).toBeCloseTo(1 / 4);
    expect(pai(result, 0.25)).toBeCloseTo(1);
    // n*: the best single cell held 1 event on day 10 and 1 on day 11.
    expect(peiStar(result, 0.25)).toBeCloseTo(1 / 2);
    expect(pai(result, 1)).toBeCloseTo(1);
    expect(errorCounts(result, 0.25)).toEqual({ falsePositives: 1, falseNegatives: 3 });
  });

  it("pools the capture curve and keeps log scores finite", () => {
    const { share, auc } = captureCurve(result);
    expect(share[3]).toBeCloseTo(1);
    expect(auc).toBeGreaterThan(0);
    expect(Number.isFinite(meanLogScore(result))).toBe(true);
  });

  it("bootstraps over periods and refuses to pair different periods", () => {
    const ci = periodBootstrap(result, (r, idx) => hitRate(r, 0.5, idx), seededRandom(3), 200);
    expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
    const other = runBacktest({ model: createNaive(), grid, events, fitCutoff: 10, starts: [10, 12], horizonDays: 1 });
    expect(() => pairedPeriodBootstrap(result, other, (r, idx) => pai(r, 0.05, idx), seededRandom(1))).toThrow(RangeError);
  });
});
