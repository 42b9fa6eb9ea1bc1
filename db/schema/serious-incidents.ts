import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { HARM_CATEGORIES, REPORTING_RULES } from "../../lib/register/incident-clock";
import { modelVersions } from "./models";
import { users } from "./users";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/**
 * A serious incident (EU AI Act Art. 3(49), Art. 73) filed by oversight against a model version,
 * with the reporting deadline fixed when it was filed. Published on the register, so it names
 * groups, never persons. What was filed never changes (serious_incidents_keep in 0008); only the
 * report to the authority is recorded later, once.
 */
export const seriousIncidents = pgTable(
  "serious_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    harmCategory: text("harm_category").notNull(),
    widespread: boolean("widespread").notNull(),
    affectedGroups: jsonb("affected_groups").$type<string[]>().notNull(),
    description: text("description").notNull(),
    actionsTaken: text("actions_taken").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    /** When the organisation became aware: the reporting clock starts the next day. */
    awareAt: timestamp("aware_at", { withTimezone: true }).notNull(),
    /** IANA time zone whose days the deadline counts. */
    timeZone: text("time_zone").notNull(),
    /** The paragraph of Art. 73 that set the deadline. */
    reportingRule: text("reporting_rule").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    filedBy: uuid("filed_by")
      .notNull()
      .references(() => users.id),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
    ledgerSeq: integer("ledger_seq").notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportedBy: uuid("reported_by").references(() => users.id),
    authorityReference: text("authority_reference"),
    reportLedgerSeq: integer("report_ledger_seq"),
  },
  (t) => [
    check("serious_incidents_harm_known", sql`${t.harmCategory} in (${inList(HARM_CATEGORIES)})`),
    check("serious_incidents_rule_known", sql`${t.reportingRule} in (${inList(Object.keys(REPORTING_RULES))})`),
    check("serious_incidents_groups_named", sql`jsonb_typeof(${t.affectedGroups}) = 'array' and jsonb_array_length(${t.affectedGroups}) > 0`),
    check("serious_incidents_text_given", sql`length(trim(${t.description})) > 0 and length(trim(${t.actionsTaken})) > 0`),
    check("serious_incidents_times_ordered", sql`(${t.occurredAt} is null or ${t.occurredAt} <= ${t.awareAt}) and ${t.awareAt} < ${t.dueAt}`),
    check("serious_incidents_report_whole", sql`(${t.reportedAt} is null) = (${t.reportedBy} is null) and (${t.reportedAt} is null) = (${t.reportLedgerSeq} is null)`),
    index("serious_incidents_version_idx").on(t.versionId),
  ],
);

export type SeriousIncident = typeof seriousIncidents.$inferSelect;
