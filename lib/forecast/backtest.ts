import { countsInWindow } from "./events";
import { bootstrapInterval, pairedBootstrapDifference, type Interval } from "./metrics/bootstrap";
import { captureCounts, rankCells, scoreCoverage, type CoverageScore } from "./metrics/coverage";
import { brierScore, calibrationByDecile, captureAuc, poissonLogScore, type CalibrationBin } from "./metrics/scores";
import type { Random } from "./random";
import type { FittedModel, Grid, GriddedEvents, Model } from "./types";

export interface BacktestOptions {
  model: Model;
  grid: Grid;
  events: GriddedEvents;
  /** The model is fitted once on events before this time (days); each prediction then uses all events before its start. */
  fitCutoff: number;
  /** Period starts, days since the epoch. */
  starts: readonly number[];
  horizonDays: number;
  coverages?: readonly number[];
  /** Milliseconds for timing fit and predict; defaults to performance.now. */
  clock?: () => number;
}

export interface PeriodResult {
  start: number;
  events: number;
  coverage: CoverageScore[];
  logScore: number;
  brier: number;
  predictMs: number;
  /** Events captured by the first k ranked cells, k = 1 … valid cells. */
  capture: Float64Array;
  expectedTotal: number;
}

export interface BacktestResult {
  kind: string;
  summary: Readonly<Record<string, number>>;
  fitMs: number;
  coverages: readonly number[];
  validCells: number;
  periods: PeriodResult[];
  calibration: CalibrationBin[];
}

/**
 * Rolling-origin backtest: fit once before `fitCutoff`, then for each start predict the period
 * [start, start + horizon) from the events before `start` and score it against what happened.
 *
 * @example runBacktest({ model: createNaive(), grid, events, fitCutoff: t0, starts: [t0, t0 + 7], horizonDays: 7 })
 */
export function runBacktest(options: BacktestOptions): BacktestResult {
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const fitted = options.model.fit(options.events, options.grid, options.fitCutoff);
  return backtestFitted({ ...options, fitted, fitMs: clock() - t0, clock });
}

export interface FittedBacktestOptions extends Omit<BacktestOptions, "model" | "fitCutoff"> {
  fitted: FittedModel;
  /** Time the fit took, milliseconds (reported, not measured here). */
  fitMs: number;
}

/** The scoring half of `runBacktest`, for a model already fitted (e.g. one fit shared by several protocols). */
export function backtestFitted(options: FittedBacktestOptions): BacktestResult {
  const { fitted, fitMs, grid, events, starts, horizonDays, coverages = [0.05, 0.1] } = options;
  const clock = options.clock ?? (() => performance.now());
  const n = grid.nx * grid.ny;
  const predicted: number[] = [];
  const observedAll: number[] = [];
  const periods = starts.map((start) => {
    const p0 = clock();
    const prediction = fitted.predict(events, start, horizonDays);
    const predictMs = clock() - p0;
    const observed = countsInWindow(events, n, start, start + horizonDays);
    const ranking = rankCells(grid, prediction.risk);
    let expectedTotal = 0;
    for (const c of grid.validCells) {
      predicted.push(prediction.expected[c]!);
      observedAll.push(observed[c]!);
      expectedTotal += prediction.expected[c]!;
    }
    const coverage = scoreCoverage(grid, ranking, observed, coverages);
    return {
      start,
      events: coverage[0]?.events ?? observed.reduce((a, b) => a + b, 0),
      coverage,
      logScore: poissonLogScore(grid, prediction.expected, observed),
      brier: brierScore(grid, prediction.expected, observed),
      predictMs,
      capture: captureCounts(ranking, observed),
      expectedTotal,
    };
  });
  return {
    kind: fitted.kind,
    summary: fitted.summary,
    fitMs,
    coverages,
    validCells: grid.validCells.length,
    periods,
    calibration: calibrationByDecile(predicted, observedAll),
  };
}

/** Indices into `BacktestResult.periods`, repeats allowed (bootstrap resamples). */
export type PeriodIndices = ArrayLike<number> & Iterable<number>;

const all = (r: BacktestResult): PeriodIndices => Int32Array.from(r.periods, (_, i) => i);

function coverageIndex(r: BacktestResult, coverage: number): number {
  const i = r.coverages.findIndex((c) => Math.abs(c - coverage) < 1e-12);
  if (i < 0) throw new RangeError(`coverage ${coverage} was not scored (scored: ${r.coverages.join(", ")})`);
  return i;
}

/** Pooled hit rate: Σ hits ÷ Σ events over the chosen periods (all by default). */
export function hitRate(r: BacktestResult, coverage: number, periods: PeriodIndices = all(r)): number {
  const k = coverageIndex(r, coverage);
  let hits = 0;
  let events = 0;
  for (const i of periods) {
    const s = r.periods[i]!.coverage[k]!;
    hits += s.hits;
    events += s.events;
  }
  return events > 0 ? hits / events : NaN;
}

/** Predictive accuracy index: pooled hit rate ÷ flagged share of the valid cells (1 = no better than chance). */
export function pai(r: BacktestResult, coverage: number, periods: PeriodIndices = all(r)): number {
  const flagged = r.periods[0]?.coverage[coverageIndex(r, coverage)]?.flagged ?? 0;
  return hitRate(r, coverage, periods) / (flagged / r.validCells);
}

/** PEI*: Σ hits ÷ Σ n*, where n* is the most events the same number of cells could have captured (≤ 1). */
export function peiStar(r: BacktestResult, coverage: number, periods: PeriodIndices = all(r)): number {
  const k = coverageIndex(r, coverage);
  let hits = 0;
  let best = 0;
  for (const i of periods) {
    hits += r.periods[i]!.coverage[k]!.hits;
    best += r.periods[i]!.coverage[k]!.bestPossible;
  }
  return best > 0 ? hits / best : NaN;
}

/** Summed false positives (flagged cells without events) and false negatives (events outside flags). */
export function errorCounts(r: BacktestResult, coverage: number): { falsePositives: number; falseNegatives: number } {
  const k = coverageIndex(r, coverage);
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const p of r.periods) {
    falsePositives += p.coverage[k]!.falsePositives;
    falseNegatives += p.coverage[k]!.falseNegatives;
  }
  return { falsePositives, falseNegatives };
}

/** Mean Poisson log score per period (higher is better). */
export function meanLogScore(r: BacktestResult, periods: PeriodIndices = all(r)): number {
  let s = 0;
  for (const i of periods) s += r.periods[i]!.logScore;
  return s / periods.length;
}

export function meanBrier(r: BacktestResult, periods: PeriodIndices = all(r)): number {
  let s = 0;
  for (const i of periods) s += r.periods[i]!.brier;
  return s / periods.length;
}

/** Pooled capture curve: share of all events captured by the top k cells, k = 1 … valid cells, and its AUC. */
export function captureCurve(r: BacktestResult): { share: Float64Array; auc: number } {
  const share = new Float64Array(r.validCells);
  let events = 0;
  for (const p of r.periods) {
    events += p.events;
    for (let k = 0; k < share.length; k++) share[k]! += p.capture[k]!;
  }
  if (events > 0) for (let k = 0; k < share.length; k++) share[k]! /= events;
  return { share, auc: captureAuc(share) };
}

export type PeriodStatistic = (r: BacktestResult, periods: PeriodIndices) => number;

/** Bootstrap interval over test periods for any pooled statistic, e.g. (r, idx) => pai(r, 0.05, idx). */
export function periodBootstrap(r: BacktestResult, statistic: PeriodStatistic, random: Random, replicates = 1000): Interval {
  return bootstrapInterval(r.periods.length, (idx) => statistic(r, idx), { random, replicates });
}

/** Paired bootstrap over the shared test periods of statistic(a) − statistic(b). */
export function pairedPeriodBootstrap(a: BacktestResult, b: BacktestResult, statistic: PeriodStatistic, random: Random, replicates = 1000) {
  if (a.periods.length !== b.periods.length || a.periods.some((p, i) => p.start !== b.periods[i]!.start)) {
    throw new RangeError("paired bootstrap needs both backtests on the same periods");
  }
  return pairedBootstrapDifference(a.periods.length, (idx) => statistic(a, idx), (idx) => statistic(b, idx), { random, replicates });
}
