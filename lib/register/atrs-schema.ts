/**
 * The UK Algorithmic Transparency Recording Standard (ATRS) record, version 3.0, as a schema.
 *
 * Structure: metadata (the facets GOV.UK files records under: organisation, organisation type,
 * function, capability, task, phase, region, dates, ATRS version), Tier 1 (an overview for the
 * general public: name, description, website, contact e-mail) and Tier 2 (detail for interested
 * parties) in five sections: owner and responsibility; description and rationale; decision-making
 * process; tool specification (system, models, data); risks, mitigations and impact assessments.
 * Field names are the template's labels in snake_case. Enumerated values are GOV.UK's facet values
 * for algorithmic transparency records (phase, function, capability, organisation type, region).
 *
 * Sightline adds one extension object, `x_sightline`, for what the standard has no field for:
 * the live state, suspensions, serious incidents and the signed ledger checkpoint.
 */
import { z } from "zod";

export const ATRS_VERSION = "3.0";

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const url = z.url();

export const ATRS_PHASES = ["pre-deployment", "beta-pilot", "production", "retired"] as const;
export const ATRS_FUNCTIONS = ["general-public-services", "defence", "public-order-and-safety", "economic-affairs", "environmental-protection", "housing-and-community-amenities", "health", "recreation-culture-and-religion", "education", "social-protection", "regulation"] as const;
export const ATRS_CAPABILITIES = ["computer-vision", "computer-audition", "computer-linguistics", "robotics", "forecasting", "discovery", "planning", "creation", "analysis", "management", "other"] as const;
export const ATRS_ORGANISATION_TYPES = ["ministerial-department", "non-ministerial-department", "agency-or-public-body", "local-authority", "devolved-administration", "high-profile-group", "public-corporation"] as const;
export const ATRS_REGIONS = ["uk", "northern-ireland", "scotland", "wales", "england", "london", "north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands", "south-east", "east-of-england", "south-west"] as const;

/** Metadata: how the record is filed and found. */
export const atrsMetadataSchema = z
  .object({
    title: text,
    organisation: text,
    organisation_type: z.array(z.enum(ATRS_ORGANISATION_TYPES)).optional(),
    function: z.array(z.enum(ATRS_FUNCTIONS)).min(1),
    capability: z.array(z.enum(ATRS_CAPABILITIES)).min(1),
    task: text,
    phase: z.enum(ATRS_PHASES),
    region: z.array(z.enum(ATRS_REGIONS)).optional(),
    date_published: isoDate,
    date_updated: isoDate,
    atrs_version: z.literal(ATRS_VERSION),
    other_tags: z.array(text).optional(),
  })
  .strict();

/** Tier 1: a short, plain description for the general public. */
export const atrsTier1Schema = z
  .object({
    name: text,
    description: text,
    website: url,
    /** Null when the model card names no e-mail address (its contact text is in tier 2). */
    contact_email: z.email().nullable(),
  })
  .strict();

/** Tier 2, section 1: who is accountable for the tool. */
export const atrsOwnerSchema = z
  .object({
    organisation_or_department: text,
    team: text,
    /** A role, never a person's name. */
    senior_responsible_owner: text,
    third_party_involvement: z.enum(["yes", "no", "not_recorded"]),
    third_parties: z
      .array(
        z
          .object({
            name: text,
            companies_house_number: text.optional(),
            role: text,
            procurement_procedure_type: text.optional(),
            data_access_terms: text.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** Tier 2, section 2: what the tool does and why it is used. */
export const atrsDescriptionSchema = z
  .object({
    detailed_description: text,
    scope: text,
    benefit: text,
    previous_process: text,
    alternatives_considered: text,
  })
  .strict();

/** Tier 2, section 3: how the tool's output enters decisions, and how people can challenge them. */
export const atrsDecisionSchema = z
  .object({
    process_integration: text,
    provided_information: text,
    frequency_and_scale_of_usage: text,
    human_decisions_and_review: text,
    required_training: text,
    appeals_and_review: text,
  })
  .strict();

export const atrsModelSchema = z
  .object({
    model_name: text,
    model_version: text,
    model_task: text,
    model_input: text,
    model_output: text,
    model_architecture: text,
    model_performance: text,
    datasets: z.array(text).min(1),
    dataset_purposes: text,
  })
  .strict();

export const atrsDataSchema = z
  .object({
    source_data_name: text,
    data_modality: text,
    data_description: text,
    data_quantities: text,
    sensitive_attributes: text,
    data_completeness_and_representativeness: text,
    source_data_url: url.nullable(),
    data_collection: text,
    data_cleaning: text,
    data_sharing_agreements: text,
    data_access_and_storage: text,
  })
  .strict();

/** Tier 2, section 4: the system, its models and its data. */
export const atrsToolSchema = z
  .object({
    system_architecture: text,
    phase: text,
    maintenance: text,
    models: z.array(atrsModelSchema).min(1),
    data: z.array(atrsDataSchema).min(1),
  })
  .strict();

/** Tier 2, section 5: assessments done, and risks with their mitigations. */
export const atrsRisksSchema = z
  .object({
    impact_assessments: z.array(
      z
        .object({
          assessment_name: text,
          description: text,
          date_completed: isoDate,
          link: url,
        })
        .strict(),
    ),
    risks: z.array(z.object({ risk_name: text, risk_description: text, mitigation: text }).strict()).min(1),
  })
  .strict();

const isoInstant = z.iso.datetime({ offset: true });

/** Sightline's extension: what the standard does not have a field for, kept apart from its fields. */
export const atrsSightlineExtensionSchema = z
  .object({
    version_id: z.uuid(),
    state: z.enum(["approved", "suspended", "expired", "retired"]),
    state_since: isoInstant,
    valid_until: isoInstant.nullable(),
    definition_hash: z.string().regex(/^[0-9a-f]{64}$/),
    approver_roles: z.array(text),
    audit_verdict: z.enum(["pass", "fail"]).nullable(),
    overrides: z.array(z.object({ role: text, at: isoInstant, justification: text }).strict()),
    suspensions: z.array(z.object({ at: isoInstant, reason: z.string().nullable(), ledger_seq: z.number().int().nonnegative() }).strict()),
    serious_incidents: z.array(
      z
        .object({
          id: z.uuid(),
          harm_category: text,
          widespread: z.boolean(),
          affected_groups: z.array(text).min(1),
          description: text,
          actions_taken: text,
          aware_at: isoInstant,
          reporting_rule: text,
          due_at: isoInstant,
          reported_at: isoInstant.nullable(),
          filed_at: isoInstant,
          ledger_seq: z.number().int().nonnegative(),
        })
        .strict(),
    ),
    ledger_checkpoint: z.object({ origin: text, tree_size: z.number().int().nonnegative(), root_hash: z.string().regex(/^[0-9a-f]{64}$/), timestamp: text, signature: text, public_key: text }).strict().nullable(),
  })
  .strict();

/** One ATRS record (both tiers) for one model version. */
export const atrsRecordSchema = z
  .object({
    metadata: atrsMetadataSchema,
    tier_1: atrsTier1Schema,
    tier_2: z
      .object({
        owner_and_responsibility: atrsOwnerSchema,
        description_and_rationale: atrsDescriptionSchema,
        decision_making_process: atrsDecisionSchema,
        tool_specification: atrsToolSchema,
        risks_mitigations_and_impact_assessments: atrsRisksSchema,
      })
      .strict(),
    x_sightline: atrsSightlineExtensionSchema,
  })
  .strict();
export type AtrsRecord = z.infer<typeof atrsRecordSchema>;

/** The whole register as ATRS records. */
export const atrsRegisterSchema = z
  .object({
    atrs_version: z.literal(ATRS_VERSION),
    generated_at: isoInstant,
    organisation: text,
    records: z.array(atrsRecordSchema),
  })
  .strict();
export type AtrsRegister = z.infer<typeof atrsRegisterSchema>;

/** Every ATRS field the schema covers, as dotted paths (for documentation and the closing note). */
export function atrsFieldPaths(): string[] {
  const paths: string[] = [];
  const walk = (schema: z.ZodType, prefix: string) => {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (inner instanceof z.ZodArray && unwrap(inner.element as z.ZodType) instanceof z.ZodObject) {
      walk(inner.element as z.ZodType, `${prefix}[]`);
    } else {
      paths.push(prefix);
    }
  };
  walk(atrsRecordSchema.omit({ x_sightline: true }), "");
  return paths;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}
