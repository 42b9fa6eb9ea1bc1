import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bootstrapInterval,
  brierScore,
  calibrationByDecile,
  captureAuc,
  captureCounts,
  flagCells,
  flaggedCount,
  pairedBootstrapDifference,
  poissonLogScore,
  rankCells,
  scoreCoverage,
  seededRandom,
} from "@/lib/forecast";
import { tinyGrid } from "./support";

describe("flagging cells", () => {
  it("flags exactly floor(coverage × valid cells), breaking ties by row-major order from the south-west", () => {
    const grid = tinyGrid(3, 2, [1, 1, 0, 1, 1, 1]);
    const risk = [1, 2, 9, 2, 1, 0];
    expect(flaggedCount(grid, 0.5)).toBe(2);
    expect(Array.from(rankCells(grid, risk))).toEqual([1, 3, 0, 4, 5]);
    expect(Array.from(flagCells(grid, risk, 0.5))).toEqual([1, 3]);
    expect(flaggedCount(tinyGrid(7153, 1), 0.1)).toBe(715);
  });
});

describe("coverage scores", () => {
  const grid = tinyGrid(5, 1);
  const observed = [0, 3, 1, 0, 2];
  it("counts hits, best possible captures, false positives and false negatives", () => {
    const ranking = rankCells(grid, [5, 4, 0, 3, 1]);
    const [s] = scoreCoverage(grid, ranking, observed, [0.4]);
    expect(s).toEqual({ coverage: 0.4, flagged: 2, hits: 3, events: 6, bestPossible: 5, falsePositives: 1, falseNegatives: 3 });
  });

  const arbitrary = fc.record({
    risk: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 20, maxLength: 20 }),
    observed: fc.array(fc.nat(5), { minLength: 20, maxLength: 20 }),
  });
  const g20 = tinyGrid(20, 1);

  it("has PAI = 1 at full coverage, hit rate monotone in coverage, and PEI* ≤ 1", () => {
    fc.assert(
      fc.property(arbitrary, ({ risk, observed: obs }) => {
        const coverages = [0.05, 0.1, 0.25, 0.5, 0.75, 1];
        const scores = scoreCoverage(g20, rankCells(g20, risk), obs, coverages);
        const events = obs.reduce((a, b) => a + b, 0);
        for (let i = 1; i < scores.length; i++) expect(scores[i]!.hits).toBeGreaterThanOrEqual(scores[i - 1]!.hits);
        for (const s of scores) expect(s.hits).toBeLessThanOrEqual(s.bestPossible);
        const full = scores[scores.length - 1]!;
        if (events > 0) expect(full.hits / events / (full.flagged / 20)).toBeCloseTo(1);
        expect(full.falseNegatives).toBe(0);
      }),
    );
  });

  it("gives a capture curve ending at all events, with AUC 1 − 1/(2n) for a perfect single hotspot", () => {
    fc.assert(
      fc.property(arbitrary, ({ risk, observed: obs }) => {
        const curve = captureCounts(rankCells(g20, risk), obs);
        expect(curve[19]).toBe(obs.reduce((a, b) => a + b, 0));
      }),
    );
    expect(captureAuc(Float64Array.from({ length: 4 }, () => 1))).toBeCloseTo(1 - 1 / 8);
    expect(captureAuc(Float64Array.of(0.25, 0.5, 0.75, 1))).toBeCloseTo(0.5);
  });
});

describe("probabilistic scores", () => {
  const grid = tinyGrid(2, 1);
  it("computes the Poisson log score Σ y log λ − λ − log y!", () => {
    expect(poissonLogScore(grid, [2, 0.5], [3, 0])).toBeCloseTo(3 * Math.log(2) - 2 - Math.log(6) - 0.5);
    // A zero forecast where something happened is floored, not −∞.
    expect(Number.isFinite(poissonLogScore(grid, [0, 0], [1, 0]))).toBe(true);
  });

  it("computes the Brier score of P(at least one event) = 1 − e^(−λ)", () => {
    const p = 1 - Math.exp(-1);
    expect(brierScore(grid, [1, 0], [1, 0])).toBeCloseTo(((p - 1) ** 2 + 0) / 2);
  });

  it("bins calibration by decile of the predicted count", () => {
    const predicted = Array.from({ length: 100 }, (_, i) => i / 100);
    const bins = calibrationByDecile(predicted, predicted.map((p) => 2 * p));
    expect(bins).toHaveLength(10);
    expect(bins[9]!.predicted).toBeCloseTo(0.945);
    expect(bins[9]!.observed).toBeCloseTo(1.89);
    expect(bins.every((b) => b.size === 10)).toBe(true);
  });
});

describe("bootstrap over periods", () => {
  const values = [3, 5, 4, 6, 2, 5, 4, 7];
  const mean = (idx: ArrayLike<number>) => Array.from(idx, (i) => values[i]!).reduce((a, b) => a + b, 0) / idx.length;

  it("brackets the estimate and narrows with a lower level", () => {
    const wide = bootstrapInterval(values.length, mean, { random: seededRandom(1), replicates: 2000 });
    const narrow = bootstrapInterval(values.length, mean, { random: seededRandom(1), replicates: 2000, level: 0.5 });
    expect(wide.estimate).toBeCloseTo(4.5);
    expect(wide.lower).toBeLessThan(4.5);
    expect(wide.upper).toBeGreaterThan(4.5);
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it("gives exactly zero for the paired difference of a model with itself, and a positive one for a shifted model", () => {
    const same = pairedBootstrapDifference(values.length, mean, mean, { random: seededRandom(2), replicates: 200 });
    expect([same.estimate, same.lower, same.upper]).toEqual([0, 0, 0]);
    const shifted = pairedBootstrapDifference(values.length, (i) => mean(i) + 1, mean, { random: seededRandom(2), replicates: 200 });
    expect(shifted.lower).toBeCloseTo(1);
    expect(shifted.shareAboveZero).toBe(1);
  });
});
