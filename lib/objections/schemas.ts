/**
 * What citizens and officers send, validated field by field. A failure names every bad field, so
 * the form can mark each one and the API can answer 422 with the first field in its message.
 */
import { z } from "zod";
import { INCIDENT_CATEGORIES } from "../incidents/standard";
import { OBJECTION_KINDS, OUTCOMES, type ObjectionKind } from "./kinds";

export const MAX_DESCRIPTION = 5_000;
export const MAX_REASONS = 5_000;
export const MAX_SHORT_TEXT = 2_000;

/** Form fields arrive as "" when left empty: treat that as absent. */
const blankAsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? "required" : `must be ${what}`) });
const longText = (max: number) => z.string(required("text")).trim().min(1, "required").max(max, `at most ${max} characters`);
const optionalRef = (max: number) => z.preprocess(blankAsAbsent, z.string("must be text").trim().max(max, `at most ${max} characters`).optional());

const KIND_LIST = OBJECTION_KINDS.join(", ");

/**
 * A citizen's objection. `website` is a honeypot: the form hides it from people, so anything in it
 * came from a bot. Which reference a kind needs: rectification and exclusion name an incident,
 * objection names an area, complaint names a forecast, access names an incident or an area.
 */
export const intakeSchema = z
  .object({
    kind: z.enum(OBJECTION_KINDS, { error: `must be one of ${KIND_LIST}` }),
    description: longText(MAX_DESCRIPTION),
    incidentExternalId: optionalRef(100),
    areaCode: optionalRef(50),
    forecastId: z.preprocess(blankAsAbsent, z.uuid("must be a forecast id (UUID)").optional()),
    cell: z.preprocess((v) => (blankAsAbsent(v) === undefined ? undefined : typeof v === "string" ? Number(v) : v), z.number("must be a whole number").int("must be a whole number").min(0, "must not be negative").max(10_000_000, "too large").optional()),
    contactEmail: z.preprocess(blankAsAbsent, z.email("must be an e-mail address").max(254, "at most 254 characters").optional()),
    website: z.preprocess(blankAsAbsent, z.string().max(0, "must be left empty").optional()),
  })
  .strict()
  .superRefine((value, ctx) => {
    const need = (field: "incidentExternalId" | "areaCode" | "forecastId", message: string) => {
      if (value[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
    };
    const needs: Record<ObjectionKind, () => void> = {
      access: () => {
        if (value.incidentExternalId === undefined && value.areaCode === undefined) ctx.addIssue({ code: "custom", path: ["incidentExternalId"], message: "name an incident id or an area code" });
      },
      rectification: () => need("incidentExternalId", "name the incident to correct"),
      exclusion: () => need("incidentExternalId", "name the incident to exclude"),
      objection: () => need("areaCode", "name the area whose data is concerned"),
      complaint: () => need("forecastId", "name the forecast concerned"),
    };
    needs[value.kind]();
    if (value.cell !== undefined && value.forecastId === undefined) ctx.addIssue({ code: "custom", path: ["forecastId"], message: "a map cell needs its forecast" });
  });
export type IntakeInput = z.output<typeof intakeSchema>;

const correctionSchema = z
  .object({
    type: z.literal("correct"),
    category: z.enum(INCIDENT_CATEGORIES, { error: `must be one of ${INCIDENT_CATEGORIES.join(", ")}` }).optional(),
    occurredAt: z.iso.datetime({ offset: true, error: "must be an ISO date-time with offset" }).optional(),
    location: z
      .object({ lat: z.number("must be a number").min(-90, "between -90 and 90").max(90, "between -90 and 90"), lon: z.number("must be a number").min(-180, "between -180 and 180").max(180, "between -180 and 180") })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => c.category !== undefined || c.occurredAt !== undefined || c.location !== undefined, "name at least one field to correct (category, occurredAt, location)");

const exclusionSchema = z.object({ type: z.literal("exclude"), erase: z.boolean("must be true or false") }).strict();

/** What an upheld decision does to the incident: correct fields, or exclude it (and erase what can identify). */
export const dataActionSchema = z.discriminatedUnion("type", [correctionSchema, exclusionSchema], { error: "type must be correct or exclude" });
export type DataAction = z.output<typeof dataActionSchema>;

export const decisionSchema = z
  .object({
    outcome: z.enum(OUTCOMES, { error: `must be one of ${OUTCOMES.join(", ")}` }),
    reasons: longText(MAX_REASONS),
    action: dataActionSchema.optional(),
  })
  .strict();
export type DecisionInput = z.output<typeof decisionSchema>;

export const informationRequestSchema = z.object({ question: longText(MAX_SHORT_TEXT) }).strict();
export const informationAnswerSchema = z.object({ answer: longText(MAX_DESCRIPTION) }).strict();
export const extensionSchema = z
  .object({
    days: z.preprocess((v) => (blankAsAbsent(v) === undefined ? undefined : typeof v === "string" ? Number(v) : v), z.number(required("a whole number of days")).int("must be a whole number of days")),
    reason: longText(MAX_SHORT_TEXT),
  })
  .strict();
export const appealSchema = z.object({ reason: longText(MAX_SHORT_TEXT) }).strict();

export interface FieldProblems {
  /** Field path (dotted) → what is wrong with it. */
  fields: Record<string, string>;
  /** All problems in one line, first field first: "description: at most 5000 characters". */
  message: string;
}

export type Parsed<T> = { ok: true; data: T } | ({ ok: false } & FieldProblems);

/** Validates input against a schema, naming every bad field (unknown fields by their own name). */
export function parseFields<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[[...issue.path, key].join(".")] ??= "is not a field here";
      continue;
    }
    const path = issue.path.join(".") || "body";
    fields[path] ??= issue.message;
  }
  return { ok: false, fields, message: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join("; ") };
}
