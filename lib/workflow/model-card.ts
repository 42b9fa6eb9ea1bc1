import { z } from "zod";
import { isModelKind, resolveParams } from "../forecast";
import { INCIDENT_CATEGORIES } from "../incidents/standard";

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

/**
 * The model card every version carries (seed §4.2.1, §4.2.2). Out-of-scope uses must rule out
 * individual-level prediction: Sightline governs place-based forecasts only.
 */
export const modelCardSchema = z
  .object({
    intendedUse: text(4000),
    outOfScopeUses: text(4000).refine((value) => /individual/i.test(value), "must state that individual-level prediction is out of scope"),
    dataSources: text(4000),
    knownBiases: text(4000),
    limitations: text(4000),
    humanOversight: text(4000),
    contact: text(300),
  })
  .strict();
export type ModelCard = z.infer<typeof modelCardSchema>;

/** Everything needed to reproduce a version's forecasts. */
export const versionDefinitionSchema = z
  .object({
    algorithm: z.string().refine(isModelKind, "unknown model kind"),
    parameters: z.record(z.string(), z.number()),
    categories: z.array(z.enum(INCIDENT_CATEGORIES)).min(1),
    trainingWindow: z.object({ from: isoDate, to: isoDate }).refine((w) => w.from < w.to, "from must be before to"),
    cellSizeM: z.number().int().min(50).max(1000),
    areaCodes: z.array(z.string().min(1)).min(1),
    engineVersion: text(50),
  })
  .strict()
  .superRefine((definition, ctx) => {
    if (!isModelKind(definition.algorithm)) return;
    const resolved = resolveParams(definition.algorithm, definition.parameters);
    if (!resolved.ok) for (const error of resolved.errors) ctx.addIssue({ code: "custom", path: ["parameters"], message: error });
  });
export type VersionDefinition = z.infer<typeof versionDefinitionSchema>;
