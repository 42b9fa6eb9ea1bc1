import { countsInWindow } from "../events";
import { poissonLogScore } from "../metrics/scores";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { prediction } from "./shared";

export interface EnsembleParams {
  /** Length of the validation period just before the cutoff, days. */
  validationDays: number;
  /** Horizon of the validation predictions, days. */
  validationHorizonDays: number;
  /** Share added per forward-selection step (0.1 → weights in tenths). */
  weightStep: number;
  /** Coverage whose hit count the weights maximise (ties go to the better Poisson log score). */
  coverage: number;
  /** 1 = rescale the blend by observed ÷ predicted totals on the validation period; 0 = no rescaling. */
  recalibrate: number;
}

export const ENSEMBLE_DEFAULTS: EnsembleParams = { validationDays: 364, validationHorizonDays: 7, weightStep: 0.1, coverage: 0.05, recalibrate: 0 };

/**
 * Ensemble: a convex blend of member models' expected counts, with weights chosen by forward
 * selection on a rolling backtest over the validation period before the cutoff (members fitted at
 * the validation start), then members refitted at the cutoff. Nothing after the cutoff is read.
 *
 * @example createEnsemble([createNaive(), createKde({ timeScaleDays: 365, bandwidthM: 0 })])
 */
export function createEnsemble(members: readonly Model[], params: Partial<EnsembleParams> = {}): Model {
  const p: EnsembleParams = { ...ENSEMBLE_DEFAULTS, ...params };
  if (members.length === 0) throw new RangeError("an ensemble needs at least one member");
  if (!(p.validationDays >= p.validationHorizonDays && p.validationHorizonDays > 0 && p.weightStep > 0 && p.weightStep <= 1)) {
    throw new RangeError(`invalid ensemble parameters ${JSON.stringify(p)}`);
  }
  return {
    kind: "ensemble",
    params: { ...p },
    fit(events, grid, cutoff) {
      const { weights, scale, validationHits } = chooseWeights(members, events, grid, cutoff, p);
      const fittedMembers = members.map((m) => m.fit(events, grid, cutoff));
      return fitted(grid, p, fittedMembers, weights, scale, validationHits);
    },
  };
}

function chooseWeights(members: readonly Model[], events: GriddedEvents, grid: Grid, cutoff: number, p: EnsembleParams) {
  const h = p.validationHorizonDays;
  const periods = Math.floor(p.validationDays / h);
  const start0 = cutoff - periods * h;
  const valid = grid.validCells;
  const fittedMembers = members.map((m) => m.fit(events, grid, start0));
  const n = grid.nx * grid.ny;
  const preds: Float64Array[][] = [];
  const obs: Float64Array[] = [];
  for (let k = 0; k < periods; k++) {
    const start = start0 + k * h;
    const o = countsInWindow(events, n, start, start + h);
    obs.push(Float64Array.from(valid, (c) => o[c]!));
    preds.push(
      fittedMembers.map((f) => {
        const e = f.predict(events, start, h).expected;
        return Float64Array.from(valid, (c) => e[c]!);
      }),
    );
  }
  const flagged = Math.floor(p.coverage * valid.length + 1e-9);
  const blend = new Float64Array(valid.length);
  const scratch = new Float64Array(valid.length);
  const subGrid: Grid = { ...grid, validCells: Int32Array.from(valid, (_, i) => i) };
  let observedTotal = 0;
  for (const o of obs) for (const v of o) observedTotal += v;
  // Running sums of the members picked so far, per period: a candidate's blend at step s is
  // (sum + its prediction) ÷ s, so each evaluation costs one pass over the cells, whatever the member count.
  const sums = preds.map(() => new Float64Array(valid.length));
  const blendInto = (k: number, m: number, s: number) => {
    const sum = sums[k]!;
    const e = preds[k]![m]!;
    for (let i = 0; i < blend.length; i++) blend[i] = (sum[i]! + e[i]!) / s;
  };
  const hitsWith = (m: number, s: number) => {
    let hits = 0;
    for (let k = 0; k < periods; k++) {
      blendInto(k, m, s);
      hits += topHits(blend, obs[k]!, flagged, scratch);
    }
    return hits;
  };
  const logAndTotalWith = (m: number, s: number) => {
    let log = 0;
    let predicted = 0;
    for (let k = 0; k < periods; k++) {
      blendInto(k, m, s);
      log += poissonLogScore(subGrid, blend, obs[k]!);
      for (const v of blend) predicted += v;
    }
    return { log, predicted };
  };
  // Forward selection with replacement (Caruana et al. 2004): each step adds one share of
  // `weightStep` to the member that most improves the validation hits (ties go to the better log
  // score). It scales to many candidate members, and a member that adds nothing never gets picked.
  const steps = Math.round(1 / p.weightStep);
  const counts = members.map(() => 0);
  let best = { hits: -1, log: -Infinity, predicted: 0 };
  for (let s = 1; s <= steps; s++) {
    const hits = members.map((_, m) => hitsWith(m, s));
    const top = Math.max(...hits);
    let pick = -1;
    let pickScore = { hits: top, log: -Infinity, predicted: 0 };
    hits.forEach((h, m) => {
      if (h !== top) return;
      const score = logAndTotalWith(m, s);
      if (pick < 0 || score.log > pickScore.log) (pick = m), (pickScore = { hits: h, ...score });
    });
    counts[pick]! += 1;
    sums.forEach((sum, k) => {
      const e = preds[k]![pick]!;
      for (let i = 0; i < sum.length; i++) sum[i]! += e[i]!;
    });
    best = pickScore;
  }
  const weights = counts.map((c) => c / steps);
  const scale = p.recalibrate && best.predicted > 0 ? Math.min(2, Math.max(0.5, observedTotal / best.predicted)) : 1;
  return { weights, scale, validationHits: best.hits };
}

/** Observed events in the `k` highest cells; ties at the threshold taken in cell order, as in scoring. */
function topHits(values: Float64Array, observed: Float64Array, k: number, scratch: Float64Array): number {
  if (k <= 0) return 0;
  scratch.set(values);
  const threshold = kthLargest(scratch, k);
  let hits = 0;
  let taken = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > threshold) (hits += observed[i]!), taken++;
  for (let i = 0; i < values.length && taken < k; i++) if (values[i] === threshold) (hits += observed[i]!), taken++;
  return hits;
}

/** Quickselect (destroys the array's order). */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

function fitted(grid: Grid, p: EnsembleParams, members: FittedModel[], weights: number[], scale: number, validationHits: number): FittedModel {
  const summary: Record<string, number> = { scale, validation_hits: validationHits };
  members.forEach((m, i) => (summary[`weight_${i}_${m.kind}`] = weights[i]!));
  return {
    kind: "ensemble",
    params: { ...p },
    summary,
    predict(events, start, horizonDays) {
      const expected = new Float64Array(grid.nx * grid.ny);
      members.forEach((m, i) => {
        const w = weights[i]! * scale;
        if (w === 0) return;
        const e = m.predict(events, start, horizonDays).expected;
        for (const c of grid.validCells) expected[c]! += w * e[c]!;
      });
      return prediction(start, horizonDays, expected);
    },
    explain(events, cell, start, horizonDays) {
      const components = members.map((m, i) => ({
        label: `${m.kind} × ${(weights[i]! * scale).toFixed(2)}`,
        value: weights[i]! * scale * (m.predict(events, start, horizonDays).expected[cell] ?? 0),
      }));
      const expected = components.reduce((a, c) => a + c.value, 0);
      return {
        cell,
        expected,
        components,
        contributors: [],
        text: `Blend of ${members.length} models with weights chosen on the ${p.validationDays} days before the cutoff.`,
      };
    },
  };
}
