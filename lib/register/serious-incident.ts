/**
 * A serious incident as oversight files it against a model version: what happened, to whom (as
 * groups, never persons), what was done, and when the organisation became aware, which starts the
 * Art. 73 reporting clock (see incident-clock.ts). Everything filed here is published on the
 * register, so it must name no one.
 */
import { z } from "zod";
import { zonedTimeToUtc } from "../import/zoned-time";
import { isTimeZone } from "../objections/policy";
import { HARM_CATEGORIES, reportingDeadline, type ReportingDeadline } from "./incident-clock";

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** An ISO 8601 instant with an offset, in years 1000–9999 (PostgreSQL has no year 0, and no AI Act incident predates 1000). */
const instant = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1000 && year <= 9999;
}, "must be a date between the years 1000 and 9999");

/** The filing as submitted (form or API); times are ISO 8601 with an offset. */
export const seriousIncidentInputSchema = z
  .object({
    harmCategory: z.enum(HARM_CATEGORIES),
    /** A widespread infringement (Art. 3(61)): across several member states, or many people. */
    widespread: z.boolean().default(false),
    /** Groups affected (e.g. "residents of district D03"), never names of persons. */
    affectedGroups: z
      .array(text(1, 200))
      .min(1, "name at least one affected group")
      .max(20)
      .refine((groups) => new Set(groups.map((g) => g.toLowerCase())).size === groups.length, "must not repeat a group"),
    description: text(20, 8000),
    actionsTaken: text(5, 8000),
    occurredAt: instant.optional(),
    awareAt: instant,
    /** The reporting organisation's IANA time zone: deadlines end at its local midnight. */
    timeZone: z.string().trim().min(1).max(64).refine(isTimeZone, "unknown time zone"),
  })
  .strict();
export type SeriousIncidentInput = z.infer<typeof seriousIncidentInputSchema>;

export interface ParsedSeriousIncident extends Omit<SeriousIncidentInput, "occurredAt" | "awareAt"> {
  occurredAt: Date | null;
  awareAt: Date;
  deadline: ReportingDeadline;
}

export type ParseResult = { ok: true; value: ParsedSeriousIncident } | { ok: false; field: string; message: string };

/**
 * Validates a filing at `now`: every field, then the times (awareness not in the future and not
 * before the incident), and computes the reporting deadline. Errors name the field.
 *
 * @example parseSeriousIncident({ harmCategory: "fundamental_rights_infringement", …, awareAt: "2026-03-02T10:00:00Z", timeZone: "UTC" }, now)
 */
export function parseSeriousIncident(input: unknown, now: Date): ParseResult {
  const parsed = seriousIncidentInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue?.path.join(".") || "incident", message: issue?.message ?? "invalid" };
  }
  const { occurredAt: occurredText, awareAt: awareText, ...rest } = parsed.data;
  const awareAt = new Date(awareText);
  const occurredAt = occurredText ? new Date(occurredText) : null;
  // A minute's grace for clocks that disagree between the officer's browser and the server.
  if (awareAt.getTime() > now.getTime() + 60_000) return { ok: false, field: "awareAt", message: "must not be in the future" };
  if (occurredAt && occurredAt.getTime() > awareAt.getTime()) return { ok: false, field: "occurredAt", message: "must not be after awareAt" };
  const deadline = reportingDeadline({ harmCategory: rest.harmCategory, widespread: rest.widespread, awareAt, timeZone: rest.timeZone });
  return { ok: true, value: { ...rest, occurredAt, awareAt, deadline } };
}

/** Recording that the report went to the market surveillance authority. */
export const incidentReportSchema = z
  .object({
    reportedAt: instant,
    /** The authority's reference for the report, if it gave one. */
    authorityReference: text(1, 200).optional(),
  })
  .strict();

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A form's `datetime-local` value ("2026-03-09T15:00", no offset) read as wall-clock time in
 * `timeZone`, as an ISO instant; the text unchanged when it is not of that form (the schema then
 * names the field), and undefined when empty.
 *
 * @example localDateTimeToIso("2026-03-09T15:00", "Europe/Brussels") // "2026-03-09T14:00:00.000Z"
 */
export function localDateTimeToIso(value: string, timeZone: string): string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match || !isTimeZone(timeZone)) return text;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone).toISOString();
}
