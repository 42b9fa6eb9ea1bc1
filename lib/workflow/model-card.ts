import { z } from "zod";
import { isModelKind, resolveParams } from "../forecast";
import { INCIDENT_CATEGORIES } from "../incidents/standard";

const text = (max: number) => z.string().trim().min(1).max(max);

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, "must be a calendar date");

const distinct = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .refine((values) => new Set(values).size === values.length, "must not repeat a value");

// A clause (sentence, line or list item) that names individuals and prediction together. The card
// field lists what is out of scope, so naming it there is the exclusion; officers read the rest.
const CLAUSE = /[.;\n•。；]+/;
const INDIVIDUAL = /\bindividuals?\b|\bpersons?\b|\bpeople\b|个人|个体/i;
const PREDICTION = /predict|forecast|scor|profil|risk|预测|评分|风险/i;

/** Whether an out-of-scope statement rules out individual-level prediction (English or Chinese). */
export function excludesIndividualPrediction(outOfScopeUses: string): boolean {
  return outOfScopeUses.split(CLAUSE).some((clause) => INDIVIDUAL.test(clause) && PREDICTION.test(clause));
}

/**
 * The model card every version carries (seed §4.2.1, §4.2.2). Out-of-scope uses must rule out
 * individual-level prediction: Sightline governs place-based forecasts only.
 *
 * @example modelCardSchema.parse({ …, outOfScopeUses: "No individual-level prediction." })
 */
export const modelCardSchema = z
  .object({
    intendedUse: text(4000),
    outOfScopeUses: text(4000).refine(excludesIndividualPrediction, "must state that individual-level prediction (of persons) is out of scope"),
    dataSources: text(4000),
    knownBiases: text(4000),
    limitations: text(4000),
    humanOversight: text(4000),
    contact: text(300),
  })
  .strict();
export type ModelCard = z.infer<typeof modelCardSchema>;

/**
 * Everything needed to reproduce a version's forecasts: algorithm and parameters (checked against
 * the forecast engine's registry), categories, training window (inclusive dates, from < to), grid
 * cell size in metres (50–1000), area scope (area codes) and engine version.
 */
export const versionDefinitionSchema = z
  .object({
    algorithm: z.string().refine(isModelKind, "unknown model kind"),
    parameters: z.record(z.string(), z.number()),
    categories: distinct(z.enum(INCIDENT_CATEGORIES)),
    trainingWindow: z.object({ from: isoDate, to: isoDate }).strict().refine((w) => w.from < w.to, "from must be before to"),
    cellSizeM: z.number().int().min(50).max(1000),
    areaCodes: distinct(z.string().trim().min(1).max(50)),
    engineVersion: text(50),
  })
  .strict()
  .superRefine((definition, ctx) => {
    if (!isModelKind(definition.algorithm)) return;
    const resolved = resolveParams(definition.algorithm, definition.parameters);
    if (!resolved.ok) for (const error of resolved.errors) ctx.addIssue({ code: "custom", path: ["parameters"], message: error });
  });
export type VersionDefinition = z.infer<typeof versionDefinitionSchema>;

/** The plain JSON a version's fingerprint hashes; keys sorted at every level. */
export type Fingerprint = { [key: string]: string | number | Fingerprint | readonly string[] };

/**
 * The canonical input for hashing a definition: a plain object with keys sorted at every level and
 * the unordered sets (categories, area codes) sorted, so two spellings of one definition hash
 * alike. Parameters are kept as written, not filled with defaults: a fingerprint stored today must
 * still match after the engine's defaults change (the engine version records those).
 *
 * @example versionFingerprint(a) deep-equals versionFingerprint({ ...a, areaCodes: [...a.areaCodes].reverse() })
 */
export function versionFingerprint(definition: VersionDefinition): Fingerprint {
  const parameters = Object.fromEntries(Object.entries(definition.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    algorithm: definition.algorithm,
    areaCodes: [...definition.areaCodes].sort(),
    categories: [...definition.categories].sort(),
    cellSizeM: definition.cellSizeM,
    engineVersion: definition.engineVersion,
    parameters,
    trainingWindow: { from: definition.trainingWindow.from, to: definition.trainingWindow.to },
  };
}
