import { countBefore } from "../events";
import type { FittedModel, Grid, GriddedEvents, Model } from "../types";
import { prediction, topContributors } from "./shared";

export interface SeppParams {
  /** Fit on the events of the last trainingDays before the cutoff; 0 = all of them. */
  trainingDays: number;
  maxIterations: number;
  /** Stop when θ and ω change by less than this fraction in one EM step. */
  tolerance: number;
  /** Shortest mean trigger delay allowed, days: bounds ω so near-simultaneous pairs cannot run it to infinity. */
  minDelayDays: number;
  /** Longest mean trigger delay allowed, days. */
  maxDelayDays: number;
}

export const SEPP_DEFAULTS: SeppParams = { trainingDays: 0, maxIterations: 200, tolerance: 1e-4, minDelayDays: 1 / 24, maxDelayDays: 60 };

/** The fitted self-exciting process: λ_c(t) = μ_c + θ ω Σ_{j in c, t_j < t} e^(−ω (t − t_j)). */
export interface SeppFit {
  /** Background rate per cell, events/day. */
  mu: Float64Array;
  /** Trigger decay rate ω, per day (mean trigger delay = 1/ω days). */
  omega: number;
  /** Expected number of events each event triggers in its cell (the branching ratio). */
  theta: number;
  /** Share of training events the fit attributes to triggering. */
  triggeredShare: number;
  iterations: number;
  logLikelihood: number;
}

/**
 * Grid SEPP / ETAS (Mohler 2011, 2015): per-cell Poisson background plus exponential-in-time
 * triggering within the cell, fitted by EM. With an exponential kernel the E-step sums obey a
 * recursion over each cell's events, so one iteration is O(events), not O(pairs).
 * Events at exactly the same time cannot trigger each other (strict causality): otherwise
 * duplicated records would read as instantaneous triggering and drive ω without bound.
 *
 * @example createSepp().fit(events, grid, cutoff).summary.theta // ≈ 0.02 on de-duplicated St. Louis data
 */
export function createSepp(params: Partial<SeppParams> = {}): Model {
  const p: SeppParams = { ...SEPP_DEFAULTS, ...params };
  if (!(p.minDelayDays > 0 && p.maxDelayDays > p.minDelayDays && p.maxIterations >= 1 && p.trainingDays >= 0)) {
    throw new RangeError(`invalid SEPP parameters ${JSON.stringify(p)}`);
  }
  return {
    kind: "sepp",
    params: { ...p },
    fit(events, grid, cutoff) {
      const fit = fitSepp(events, grid.nx * grid.ny, cutoff, p);
      return fitted(grid, p, fit);
    },
  };
}

/** EM fit on the events in [cutoff − trainingDays, cutoff). Exported for tests and diagnostics. */
export function fitSepp(events: GriddedEvents, nCells: number, cutoff: number, p: SeppParams = SEPP_DEFAULTS): SeppFit {
  const end = countBefore(events, cutoff);
  const begin = p.trainingDays > 0 ? countBefore(events, cutoff - p.trainingDays) : 0;
  const from = p.trainingDays > 0 ? cutoff - p.trainingDays : end > 0 ? events.t[0]! : cutoff;
  const span = Math.max(cutoff - from, 1e-9);
  // Group the training events by cell, keeping time order within each cell (CSR layout).
  const offsets = new Int32Array(nCells + 1);
  for (let i = begin; i < end; i++) if (events.cell[i]! >= 0) offsets[events.cell[i]! + 1]! += 1;
  for (let c = 0; c < nCells; c++) offsets[c + 1]! += offsets[c]!;
  const n = offsets[nCells]!;
  const times = new Float64Array(n);
  const fill = offsets.slice(0, nCells);
  for (let i = begin; i < end; i++) {
    const c = events.cell[i]!;
    if (c >= 0) times[fill[c]!++] = events.t[i]!;
  }
  const mu = new Float64Array(nCells);
  for (let c = 0; c < nCells; c++) mu[c] = (0.5 * (offsets[c + 1]! - offsets[c]!)) / span;
  const omegaMax = 1 / p.minDelayDays;
  const omegaMin = 1 / p.maxDelayDays;
  let theta = 0.1;
  let omega = 1;
  let iterations = 0;
  let logLikelihood = -Infinity;
  let triggeredShare = 0;
  const bgSum = new Float64Array(nCells);
  while (iterations < p.maxIterations) {
    iterations++;
    let trig = 0;
    let trigDelay = 0;
    let compensator = 0;
    let ll = 0;
    bgSum.fill(0);
    for (let c = 0; c < nCells; c++) {
      const lo = offsets[c]!;
      const hi = offsets[c + 1]!;
      if (lo === hi) continue;
      // S = Σ e^(−ω (ref − t_j)), D = Σ (ref − t_j) e^(−ω (ref − t_j)) over events strictly before the current time.
      let s = 0;
      let d = 0;
      let ref = times[lo]!;
      let groupTime = times[lo]!;
      let groupSize = 0;
      for (let k = lo; k < hi; k++) {
        const tk = times[k]!;
        if (tk > groupTime) {
          const decay = Math.exp(-omega * (groupTime - ref));
          d = decay * (d + (groupTime - ref) * s);
          s = decay * s + groupSize;
          ref = groupTime;
          groupTime = tk;
          groupSize = 0;
        }
        groupSize++;
        const delta = tk - ref;
        const decay = Math.exp(-omega * delta);
        const sk = decay * s;
        const dk = decay * (d + delta * s);
        const triggered = theta * omega * sk;
        const lambda = mu[c]! + triggered;
        ll += Math.log(lambda);
        bgSum[c]! += mu[c]! / lambda;
        trig += triggered / lambda;
        trigDelay += (theta * omega * dk) / lambda;
        // Past 40 mean delays the kernel has fully elapsed: skip the exponential.
        const elapsed = omega * (cutoff - tk);
        compensator += elapsed > 40 ? 1 : 1 - Math.exp(-elapsed);
      }
    }
    let muTotal = 0;
    for (let c = 0; c < nCells; c++) muTotal += mu[c]!;
    logLikelihood = ll - muTotal * span - theta * compensator;
    triggeredShare = n > 0 ? trig / n : 0;
    for (let c = 0; c < nCells; c++) mu[c] = bgSum[c]! / span;
    const nextTheta = Math.min(0.95, compensator > 0 ? trig / compensator : 0);
    const nextOmega = trigDelay > 0 ? Math.min(omegaMax, Math.max(omegaMin, trig / trigDelay)) : omegaMax;
    const converged = Math.abs(nextTheta - theta) <= p.tolerance * Math.max(theta, 1e-6) && Math.abs(nextOmega - omega) <= p.tolerance * omega;
    theta = nextTheta;
    omega = nextOmega;
    if (converged || theta === 0) break;
  }
  return { mu, omega, theta, triggeredShare, iterations, logLikelihood };
}

function fitted(grid: Grid, p: SeppParams, fit: SeppFit): FittedModel {
  // Beyond 40 mean delays a past event adds less than e^−40 of its trigger: skip it.
  const memory = 40 / fit.omega;
  const triggerFactor = (h: number) => fit.theta * (1 - Math.exp(-fit.omega * h));
  return {
    kind: "sepp",
    params: { ...p },
    summary: {
      omega_per_day: fit.omega,
      theta: fit.theta,
      mean_trigger_delay_days: 1 / fit.omega,
      triggered_share: fit.triggeredShare,
      background_events_per_day: fit.mu.reduce((a, b) => a + b, 0),
      iterations: fit.iterations,
      log_likelihood: fit.logLikelihood,
    },
    predict(events, start, horizonDays) {
      const expected = new Float64Array(grid.nx * grid.ny);
      for (const c of grid.validCells) expected[c] = fit.mu[c]! * horizonDays;
      const k = triggerFactor(horizonDays);
      for (let i = countBefore(events, start - memory), end = countBefore(events, start); i < end; i++) {
        const c = events.cell[i]!;
        if (c >= 0) expected[c]! += k * Math.exp(-fit.omega * (start - events.t[i]!));
      }
      return prediction(start, horizonDays, expected);
    },
    explain(events, cell, start, horizonDays) {
      const background = (fit.mu[cell] ?? 0) * horizonDays;
      const k = triggerFactor(horizonDays);
      const weights = new Map<number, number>();
      let triggered = 0;
      for (let i = countBefore(events, start - memory), end = countBefore(events, start); i < end; i++) {
        if (events.cell[i] !== cell) continue;
        const w = k * Math.exp(-fit.omega * (start - events.t[i]!));
        weights.set(i, w);
        triggered += w;
      }
      const expected = background + triggered;
      return {
        cell,
        expected,
        components: [
          { label: "background", value: background },
          { label: "triggered by recent incidents", value: triggered },
        ],
        contributors: topContributors(weights, expected),
        text:
          `Background ${background.toFixed(3)} plus ${triggered.toFixed(3)} triggered by ${weights.size} recent incidents in this cell ` +
          `(each incident triggers θ = ${fit.theta.toFixed(3)} more on average, after a mean delay of ${(1 / fit.omega).toFixed(2)} days).`,
      };
    },
  };
}
