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

export const SEPP_DEFAULTS: SeppParams = { trainingDays: 0, maxIterations: 200, tolerance: 1e-3, minDelayDays: 1 / 24, maxDelayDays: 60 };

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
  const occupied = Int32Array.from({ length: nCells }, (_, c) => c).filter((c) => offsets[c + 1]! > offsets[c]!);
  const bounds = { omegaMin: 1 / p.maxDelayDays, omegaMax: 1 / p.minDelayDays };
  const step = (x: EmState) => emStep(x, times, offsets, occupied, span, cutoff, bounds);
  // Parameters packed as [μ_0 … μ_{nCells−1}, θ, ω] so SQUAREM can extrapolate them as one vector.
  let x: EmState = new Float64Array(nCells + 2);
  for (let c = 0; c < nCells; c++) x[c] = (0.5 * (offsets[c + 1]! - offsets[c]!)) / span;
  x[nCells] = 0.1;
  x[nCells + 1] = 1;
  let iterations = 0;
  let last = step(x);
  while (iterations < p.maxIterations) {
    // SQUAREM (Varadhan & Roland 2008): two EM steps give a direction; a longer step along it, then
    // one EM step to stabilise. Plain EM needs ~100 steps here because θ and ω drift slowly.
    const x1 = last.next;
    const s2 = step(x1);
    const x2 = s2.next;
    let rr = 0;
    let vv = 0;
    for (let k = 0; k < x.length; k++) {
      const r = x1[k]! - x[k]!;
      const v = x2[k]! - 2 * x1[k]! + x[k]!;
      rr += r * r;
      vv += v * v;
    }
    const alpha = vv > 0 ? Math.min(-1, -Math.sqrt(rr / vv)) : -1;
    const jump = x.map((x0, k) => x0 - 2 * alpha * (x1[k]! - x0) + alpha * alpha * (x2[k]! - 2 * x1[k]! + x0));
    project(jump, nCells, bounds);
    let candidate = step(jump);
    // Fall back to the plain EM point when the jump lowers the likelihood.
    if (!(candidate.logLikelihood >= s2.logLikelihood)) candidate = step(x2);
    iterations += 3;
    const next = candidate.next;
    const converged =
      Math.abs(next[nCells]! - x[nCells]!) <= p.tolerance * Math.max(x[nCells]!, 1e-6) &&
      Math.abs(next[nCells + 1]! - x[nCells + 1]!) <= p.tolerance * x[nCells + 1]!;
    x = candidate.input;
    last = candidate;
    if (converged || x[nCells] === 0) break;
  }
  return {
    mu: x.slice(0, nCells),
    theta: x[nCells]!,
    omega: x[nCells + 1]!,
    triggeredShare: last.triggeredShare,
    iterations,
    logLikelihood: last.logLikelihood,
  };
}

type EmState = Float64Array<ArrayBufferLike>;

function project(x: Float64Array, nCells: number, b: { omegaMin: number; omegaMax: number }): void {
  for (let c = 0; c < nCells; c++) x[c] = Math.max(x[c]!, 0);
  x[nCells] = Math.min(0.95, Math.max(0, x[nCells]!));
  x[nCells + 1] = Math.min(b.omegaMax, Math.max(b.omegaMin, x[nCells + 1]!));
}

/**
 * One EM step from parameters x = [μ…, θ, ω]: returns the updated parameters and the
 * log-likelihood and triggered share *at x*.
 */
function emStep(
  x: EmState,
  times: Float64Array,
  offsets: Int32Array,
  occupied: Int32Array,
  span: number,
  cutoff: number,
  b: { omegaMin: number; omegaMax: number },
): { input: EmState; next: EmState; logLikelihood: number; triggeredShare: number } {
  const nCells = offsets.length - 1;
  const theta = x[nCells]!;
  const omega = x[nCells + 1]!;
  const next = new Float64Array(nCells + 2);
  let trig = 0;
  let trigDelay = 0;
  let compensator = 0;
  let ll = 0;
  let muTotal = 0;
  for (const c of occupied) {
    const lo = offsets[c]!;
    const hi = offsets[c + 1]!;
    const mu = x[c]!;
    muTotal += mu;
    let bg = 0;
    // S = Σ e^(−ω (ref − t_j)), D = Σ (ref − t_j) e^(−ω (ref − t_j)) over events strictly before the current time.
    let s = 0;
    let d = 0;
    let ref = times[lo]!;
    let groupTime = times[lo]!;
    let groupSize = 0;
    // e^(−ω (groupTime − ref)): every event of the group computed it already, so it is reused.
    let groupDecay = 1;
    for (let k = lo; k < hi; k++) {
      const tk = times[k]!;
      if (tk > groupTime) {
        d = groupDecay * (d + (groupTime - ref) * s);
        s = groupDecay * s + groupSize;
        ref = groupTime;
        groupTime = tk;
        groupSize = 0;
      }
      groupSize++;
      const delta = tk - ref;
      const decay = Math.exp(-omega * delta);
      groupDecay = decay;
      const triggered = theta * omega * decay * s;
      const lambda = mu + triggered;
      if (lambda <= 0) continue;
      ll += Math.log(lambda);
      bg += mu / lambda;
      trig += triggered / lambda;
      trigDelay += (theta * omega * decay * (d + delta * s)) / lambda;
      // Past 40 mean delays the kernel has fully elapsed: skip the exponential.
      const elapsed = omega * (cutoff - tk);
      compensator += elapsed > 40 ? 1 : 1 - Math.exp(-elapsed);
    }
    next[c] = bg / span;
  }
  const n = offsets[nCells]!;
  next[nCells] = Math.min(0.95, compensator > 0 ? trig / compensator : 0);
  next[nCells + 1] = trigDelay > 0 ? Math.min(b.omegaMax, Math.max(b.omegaMin, trig / trigDelay)) : b.omegaMax;
  return { input: x, next, logLikelihood: ll - muTotal * span - theta * compensator, triggeredShare: n > 0 ? trig / n : 0 };
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
