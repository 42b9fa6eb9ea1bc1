import { createEnsemble, ENSEMBLE_DEFAULTS } from "./models/ensemble";
import { createKde, KDE_DEFAULTS } from "./models/kde";
import { createNaive, NAIVE_DEFAULTS } from "./models/naive";
import { createNearRepeat, NEAR_REPEAT_DEFAULTS } from "./models/near-repeat";
import { createProspective, PROSPECTIVE_DEFAULTS } from "./models/prospective";
import { createRetro, RETRO_DEFAULTS } from "./models/retro";
import { createSepp, SEPP_DEFAULTS } from "./models/sepp";
import type { Model } from "./types";

/** A numeric parameter as forms, the CLI and the audit log describe it. */
export interface ParamSpec {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  unit: string;
  description: string;
}

export interface ModelKindSpec {
  label: string;
  description: string;
  params: Readonly<Record<string, ParamSpec>>;
}

const spec = (defaults: Record<string, number>, rest: Record<string, Omit<ParamSpec, "default">>): Record<string, ParamSpec> =>
  Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, { ...v, default: defaults[k]! }]));

/** Every model kind the engine offers, with its parameters: the data behind model registration and audits. */
export const MODEL_KINDS = {
  naive: {
    label: "Naive counts",
    description: "Incidents per cell over a look-back window; the baseline every model must beat.",
    params: spec({ ...NAIVE_DEFAULTS }, { windowDays: { min: 0, max: 3650, unit: "days", description: "Look-back window; 0 = all history." } }),
  },
  retro: {
    label: "Retrospective hotspot",
    description: "Quartic kernel sum over recent incidents.",
    params: spec({ ...RETRO_DEFAULTS }, {
      bandwidthM: { min: 10, max: 5000, unit: "metres", description: "Kernel radius." },
      windowDays: { min: 1, max: 3650, unit: "days", description: "Incidents this recent count." },
    }),
  },
  prospective: {
    label: "Prospective hotspot (Bowers & Johnson)",
    description: "Recent nearby incidents weighted 1/(1+cells away) × 1/(1+weeks old).",
    params: spec({ ...PROSPECTIVE_DEFAULTS }, {
      bandwidthM: { min: 10, max: 5000, unit: "metres", description: "Maximum distance of a counted incident." },
      windowWeeks: { min: 1, max: 104, integer: true, unit: "weeks", description: "Maximum age of a counted incident." },
    }),
  },
  kde: {
    label: "Kernel density",
    description: "Exponential time decay × Gaussian space, as a binned separable convolution.",
    params: spec({ ...KDE_DEFAULTS }, {
      timeScaleDays: { min: 0, max: 3650, unit: "days", description: "e-folding age of weights; 0 = no decay." },
      bandwidthM: { min: 0, max: 5000, unit: "metres", description: "Gaussian standard deviation; 0 = no smoothing." },
      windowDays: { min: 0, max: 3650, unit: "days", description: "Maximum age; 0 = ten time scales." },
      subdivisions: { min: 1, max: 10, integer: true, unit: "sub-cells per side", description: "Binning resolution." },
    }),
  },
  sepp: {
    label: "Self-exciting point process (grid ETAS)",
    description: "Per-cell background rate plus exponential-in-time triggering, fitted by EM.",
    params: spec({ ...SEPP_DEFAULTS }, {
      trainingDays: { min: 0, max: 3650, unit: "days", description: "Training window before the cutoff; 0 = all." },
      maxIterations: { min: 1, max: 10000, integer: true, unit: "iterations", description: "EM iteration cap." },
      tolerance: { min: 1e-9, max: 0.1, unit: "relative change", description: "EM stopping rule on θ and ω." },
      minDelayDays: { min: 1e-4, max: 30, unit: "days", description: "Shortest mean trigger delay allowed." },
      maxDelayDays: { min: 0.01, max: 3650, unit: "days", description: "Longest mean trigger delay allowed." },
    }),
  },
  near_repeat: {
    label: "Near-repeat (PRECOBS style)",
    description: "Raises cells near recent trigger incidents, radius and duration from a Knox test.",
    params: spec({ ...NEAR_REPEAT_DEFAULTS }, {
      triggerCategoryMask: { min: 0, max: 2 ** 31 - 1, integer: true, unit: "bit mask", description: "Bit k = category k triggers; 0 = all." },
      knoxDays: { min: 7, max: 3650, unit: "days", description: "Training days the Knox test reads." },
      permutations: { min: 1, max: 9999, integer: true, unit: "permutations", description: "Knox Monte Carlo permutations." },
      seed: { min: 0, max: 2 ** 32 - 1, integer: true, unit: "seed", description: "Seed of the permutations." },
    }),
  },
  ensemble: {
    label: "Ensemble",
    description: "Convex blend of member models, weights chosen on the validation period before the cutoff.",
    params: spec({ ...ENSEMBLE_DEFAULTS }, {
      validationDays: { min: 7, max: 3650, unit: "days", description: "Validation period before the cutoff." },
      validationHorizonDays: { min: 1, max: 365, unit: "days", description: "Horizon of validation predictions." },
      weightStep: { min: 0.01, max: 1, unit: "weight", description: "Spacing of the weight grid." },
      coverage: { min: 0.001, max: 1, unit: "share of cells", description: "Coverage whose hits are maximised." },
      recalibrate: { min: 0, max: 1, integer: true, unit: "flag", description: "Rescale to validation totals." },
    }),
  },
} as const satisfies Record<string, ModelKindSpec>;

export type ModelKind = keyof typeof MODEL_KINDS;

export interface ModelConfig {
  kind: ModelKind;
  params?: Record<string, number>;
}

/**
 * The ensemble's candidate members when none are given: long-term counts, a ladder of recency time
 * scales (730 → 30 days), smoothed counts at several bandwidths (metres), short-term smoothed
 * density, and SEPP. Forward selection on the validation period picks among them; a candidate that
 * adds nothing gets weight 0. The list was fixed before looking at any test-period score.
 */
export const DEFAULT_ENSEMBLE_MEMBERS: readonly ModelConfig[] = [
  { kind: "naive" },
  { kind: "kde", params: { timeScaleDays: 365, bandwidthM: 0 } },
  { kind: "kde", params: { timeScaleDays: 0, bandwidthM: 100 } },
  { kind: "sepp" },
  { kind: "kde", params: { timeScaleDays: 730, bandwidthM: 0 } },
  { kind: "kde", params: { timeScaleDays: 180, bandwidthM: 0 } },
  { kind: "kde", params: { timeScaleDays: 90, bandwidthM: 0 } },
  { kind: "kde", params: { timeScaleDays: 30, bandwidthM: 0 } },
  { kind: "kde", params: { timeScaleDays: 30, bandwidthM: 100 } },
  { kind: "kde", params: { timeScaleDays: 30, bandwidthM: 250 } },
  { kind: "kde", params: { timeScaleDays: 7, bandwidthM: 100 } },
  { kind: "kde", params: { timeScaleDays: 0, bandwidthM: 50 } },
  { kind: "kde", params: { timeScaleDays: 0, bandwidthM: 250 } },
  { kind: "kde", params: { timeScaleDays: 365, bandwidthM: 100 } },
];

export function isModelKind(kind: string): kind is ModelKind {
  return Object.hasOwn(MODEL_KINDS, kind);
}

/**
 * Checks parameters against the registry (unknown names, bounds, integers) and fills defaults.
 * Returns the problems rather than throwing, so forms and imports can show them.
 */
export function resolveParams(kind: ModelKind, params: Record<string, number> = {}): { ok: true; params: Record<string, number> } | { ok: false; errors: string[] } {
  const specs: Record<string, ParamSpec> = MODEL_KINDS[kind].params;
  const errors: string[] = [];
  for (const name of Object.keys(params)) if (!specs[name]) errors.push(`${kind} has no parameter "${name}"`);
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(specs)) {
    const v = params[name] ?? s.default;
    if (!Number.isFinite(v) || v < s.min || v > s.max) errors.push(`${name} must be in [${s.min}, ${s.max}] ${s.unit}, got ${v}`);
    else if (s.integer && !Number.isInteger(v)) errors.push(`${name} must be an integer, got ${v}`);
    out[name] = v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

/**
 * Builds a model from its kind and parameters; throws a RangeError listing invalid parameters.
 *
 * @example createModel("kde", { timeScaleDays: 10, bandwidthM: 100 })
 * @example createModel("ensemble", {}, { members: [{ kind: "naive" }, { kind: "sepp" }] })
 */
export function createModel(kind: ModelKind, params: Record<string, number> = {}, options: { members?: readonly ModelConfig[] } = {}): Model {
  const resolved = resolveParams(kind, params);
  if (!resolved.ok) throw new RangeError(resolved.errors.join("; "));
  const p = resolved.params;
  switch (kind) {
    case "naive":
      return createNaive(p);
    case "retro":
      return createRetro(p);
    case "prospective":
      return createProspective(p);
    case "kde":
      return createKde(p);
    case "sepp":
      return createSepp(p);
    case "near_repeat":
      return createNearRepeat(p);
    case "ensemble": {
      const members = options.members ?? DEFAULT_ENSEMBLE_MEMBERS;
      if (members.some((m) => m.kind === "ensemble")) throw new RangeError("an ensemble cannot contain an ensemble");
      return createEnsemble(members.map((m) => createModel(m.kind, m.params)), p);
    }
  }
}
