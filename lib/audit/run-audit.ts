/**
 * One audit of a model version, pure: fit before the cutoff, predict each evaluation period,
 * score accuracy against the naive baseline on the same protocol, and measure bias, the
 * feedback loop and stability from the flagged cells. The result is plain JSON for storage.
 */
import {
  backtestFitted,
  captureCurve,
  countsInWindow,
  eventsFrom,
  errorCounts,
  flagCells,
  flaggedCount,
  hitRate,
  meanLogScore,
  pai,
  pairedPeriodBootstrap,
  peiStar,
  periodBootstrap,
  type BacktestResult,
  type Grid,
  type GriddedEvents,
  type Interval,
  type Model,
  type Random,
} from "../forecast";
import { buildAuditMap, sampleCapture, type AuditMap, type AuditMapArea } from "./audit-map";
import type { AuditPeriod } from "./bias";
import { displacementOfDeployment, type DeploymentWindow } from "./displacement";
import { evaluatePolicy, type AuditPolicy, type PolicyEvaluation } from "./policy";
import { buildBiasReport, type BiasReport } from "./report";

export interface AuditInput {
  model: Model;
  naive: Model;
  grid: Grid;
  /** All active incidents (what the model sees). */
  events: GriddedEvents;
  /** The same incidents split by how they were recorded; unknown counts as reported. */
  discovered: GriddedEvents;
  residents: Readonly<Record<string, Float64Array>>;
  reference: string;
  /** Days since the epoch: the model is fitted on events before it. */
  fitCutoff: number;
  /** Days since the epoch: the fit ignores events before it (a version's training window); all events by default. */
  fitFrom?: number;
  starts: readonly number[];
  horizonDays: number;
  /** Share of valid cells flagged, e.g. 0.05. */
  coverage: number;
  policy: AuditPolicy;
  /** The areas behind the grid's area indices, with their residents by group: the report then carries its map. */
  map?: { areas: readonly AuditMapArea[]; centralMeridian: number };
  /** Patrols deployed to known cells (from patrol logs, or planted in the synthetic city): displacement is measured; without, it is "not yet measurable". */
  deployment?: DeploymentWindow;
  /** Why no deployment is known, when the caller knows better than "no patrol logs" (see deploymentFromPatrols). */
  displacementReason?: string;
  random: Random;
  onProgress?: (fraction: number, message: string) => void;
}

export interface AccuracySummary {
  hitRate: number;
  pai: Interval;
  peiStar: number;
  logScorePerPeriod: number;
  captureAuc: number;
  /** [share of valid cells flagged, share of incidents captured], pooled over periods (see CAPTURE_POINTS). */
  capture: [number, number][];
  falsePositives: number;
  falseNegatives: number;
  calibration: { predicted: number; observed: number }[];
  fitted: Readonly<Record<string, number>>;
}

/** A full audit: the bias report plus the protocol, accuracy against naive and the policy verdict. */
export interface AuditReport extends BiasReport {
  /** Periods audited, horizon in days, coverage as a share of valid cells, first/last start in days since the epoch. */
  protocol: { periods: number; horizonDays: number; coverage: number; validCells: number; firstStart: number; lastStart: number; fitFrom: number | null; fitCutoff: number };
  accuracy: { model: AccuracySummary; naive: AccuracySummary; paiDifference: Interval };
  policy: PolicyEvaluation;
  /** Flagged cells over the areas' residents, when the areas were given. */
  map?: AuditMap;
}

function summarise(result: BacktestResult, coverage: number, random: Random, summary: Readonly<Record<string, number>>): AccuracySummary {
  const errors = errorCounts(result, coverage);
  const curve = captureCurve(result);
  return {
    hitRate: hitRate(result, coverage),
    pai: periodBootstrap(result, (r, idx) => pai(r, coverage, idx), random, 500),
    peiStar: peiStar(result, coverage),
    logScorePerPeriod: meanLogScore(result),
    captureAuc: curve.auc,
    capture: sampleCapture(curve.share),
    falsePositives: errors.falsePositives,
    falseNegatives: errors.falseNegatives,
    calibration: result.calibration.map((bin) => ({ predicted: bin.predicted, observed: bin.observed })),
    fitted: summary,
  };
}

export function runAudit(input: AuditInput): AuditReport {
  const { grid, events, coverage, random, starts, horizonDays } = input;
  const progress = input.onProgress ?? (() => undefined);
  const cells = grid.mask.length;
  const training = input.fitFrom === undefined ? events : eventsFrom(events, input.fitFrom);
  const fitted = input.model.fit(training, grid, input.fitCutoff);
  progress(0.3, "model fitted");
  const naiveFitted = input.naive.fit(training, grid, input.fitCutoff);
  const common = { grid, events, starts, horizonDays, coverages: [coverage] };
  const modelResult = backtestFitted({ ...common, fitted, fitMs: 0 });
  const naiveResult = backtestFitted({ ...common, fitted: naiveFitted, fitMs: 0 });
  progress(0.6, "accuracy scored");

  // The same version trained without police-discovered incidents, for comparison; only worth a fit when some were discovered.
  const anyDiscovered = input.discovered.t.length > 0;
  const reportedEvents = anyDiscovered ? withoutEvents(events, input.discovered) : null;
  const reportedFitted = reportedEvents ? input.model.fit(input.fitFrom === undefined ? reportedEvents : eventsFrom(reportedEvents, input.fitFrom), grid, input.fitCutoff) : null;
  const reportedOnlyFlags: Uint8Array[] = [];

  const periods: AuditPeriod[] = [];
  const risks: Float64Array[] = [];
  for (const start of starts) {
    const prediction = fitted.predict(events, start, horizonDays);
    risks.push(Float64Array.from(prediction.risk));
    const flagged = new Uint8Array(cells);
    for (const cell of flagCells(grid, prediction.risk, coverage)) flagged[cell] = 1;
    const all = countsInWindow(events, cells, start, start + horizonDays);
    const discovered = countsInWindow(input.discovered, cells, start, start + horizonDays);
    periods.push({ flagged, discovered, reported: all.map((n, c) => n - discovered[c]!) });
    if (reportedFitted && reportedEvents) {
      const reportedFlags = new Uint8Array(cells);
      for (const cell of flagCells(grid, reportedFitted.predict(reportedEvents, start, horizonDays).risk, coverage)) reportedFlags[cell] = 1;
      reportedOnlyFlags.push(reportedFlags);
    }
  }
  const biasReport = buildBiasReport({
    periods, residents: input.residents, reference: input.reference, band: input.policy.disparityBand, random, replicates: 300,
    risks,
    k: flaggedCount(grid, coverage),
    cells: grid.validCells,
    ...(reportedFitted ? { reportedOnlyFlags } : { reportedOnlyReason: "no incident is recorded as discovered by police, so a version trained on reported incidents only would see the same data" }),
    ...(input.deployment
      ? { displacement: displacementOfDeployment(grid, events, input.deployment) }
      : input.displacementReason
        ? { displacement: { status: "not_measurable" as const, wdq: null, reason: input.displacementReason } }
        : {}),
  });
  progress(0.9, "bias measured");

  const model = summarise(modelResult, coverage, random, fitted.summary);
  const naive = summarise(naiveResult, coverage, random, naiveFitted.summary);
  const accuracy = { model, naive, paiDifference: pairedPeriodBootstrap(modelResult, naiveResult, (r, idx) => pai(r, coverage, idx), random, 500) };
  return {
    ...biasReport,
    protocol: { periods: starts.length, horizonDays, coverage, validCells: modelResult.validCells, firstStart: starts[0] ?? Number.NaN, lastStart: starts.at(-1) ?? Number.NaN, fitFrom: input.fitFrom ?? null, fitCutoff: input.fitCutoff },
    accuracy,
    policy: evaluatePolicy({ ...biasReport, accuracy }, input.policy),
    ...(input.map ? { map: buildAuditMap(grid, periods.map((p) => p.flagged), input.map.areas, input.map.centralMeridian) } : {}),
  };
}

/** `events` without those in `removed` (a subset taken from the same arrays), matched on exact (t, x, y). */
function withoutEvents(events: GriddedEvents, removed: GriddedEvents): GriddedEvents {
  const key = (set: GriddedEvents, i: number) => `${set.t[i]},${set.x[i]},${set.y[i]}`;
  const pending = new Map<string, number>();
  for (let i = 0; i < removed.t.length; i++) pending.set(key(removed, i), (pending.get(key(removed, i)) ?? 0) + 1);
  const keep: number[] = [];
  for (let i = 0; i < events.t.length; i++) {
    const k = key(events, i);
    const left = pending.get(k) ?? 0;
    if (left > 0) pending.set(k, left - 1);
    else keep.push(i);
  }
  return {
    x: Float64Array.from(keep, (i) => events.x[i]!),
    y: Float64Array.from(keep, (i) => events.y[i]!),
    t: Float64Array.from(keep, (i) => events.t[i]!),
    category: Uint8Array.from(keep, (i) => events.category[i]!),
    cell: Int32Array.from(keep, (i) => events.cell[i]!),
  };
}
