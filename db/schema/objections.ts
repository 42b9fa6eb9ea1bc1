import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { DeadlinePolicy } from "../../lib/objections/policy";
import type { ChangeSummary } from "../../lib/objections/propagation";
import { areas } from "./areas";
import { forecasts } from "./forecasts";
import { dataSnapshots, incidents } from "./incidents";
import { modelVersions } from "./models";
import { users } from "./users";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));
const KINDS = ["access", "rectification", "exclusion", "objection", "complaint"];
const STATUSES = ["received", "in_review", "awaiting_information", "decided", "appealed", "appeal_decided"];
const OUTCOMES = ["upheld", "partially_upheld", "rejected"];

/**
 * A citizen's objection and its clock. The tracking code is a bearer secret shown once: only its
 * hash is kept. Contact details live apart (objection_contacts) so they can be deleted on time.
 * The database itself keeps the appeal with a second officer (objection_cases_appeal_other_officer).
 */
export const objectionCases = pgTable(
  "objection_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trackingHash: text("tracking_hash").notNull().unique(),
    /** The code's last group, so people and officers can tell cases apart. */
    trackingHint: text("tracking_hint").notNull(),
    kind: text("kind").notNull(),
    status: text("status").notNull().default("received"),
    description: text("description").notNull(),
    incidentId: uuid("incident_id").references(() => incidents.id),
    /** The area named, or the incident's area: whose jurisdiction and policy the case falls under. */
    areaId: uuid("area_id").references(() => areas.id),
    forecastId: uuid("forecast_id").references(() => forecasts.id),
    cell: integer("cell"),
    /** The signed-in citizen who filed it; null for anonymous filing. */
    submitterId: uuid("submitter_id").references(() => users.id),
    /** The deadline policy in force when the case was filed. */
    policy: jsonb("policy").$type<DeadlinePolicy>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** Set while the clock is stopped for a request for information. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    extended: boolean("extended").notNull().default(false),
    assignedTo: uuid("assigned_to").references(() => users.id),
    outcome: text("outcome"),
    reasons: text("reasons"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedOnTime: boolean("decided_on_time"),
    appealUntil: timestamp("appeal_until", { withTimezone: true }),
    appealReason: text("appeal_reason"),
    appealedAt: timestamp("appealed_at", { withTimezone: true }),
    appealOutcome: text("appeal_outcome"),
    appealReasons: text("appeal_reasons"),
    appealDecidedBy: uuid("appeal_decided_by").references(() => users.id),
    appealDecidedAt: timestamp("appeal_decided_at", { withTimezone: true }),
    appealDecidedOnTime: boolean("appeal_decided_on_time"),
    /** When the case closes for good; the contact retention period counts from here. */
    closesAt: timestamp("closes_at", { withTimezone: true }),
    /** What decisions changed in the data, for the case page and the citizen's status page. */
    changes: jsonb("changes").$type<ChangeSummary[]>().notNull().default([]),
    ledgerSeq: integer("ledger_seq").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("objection_cases_kind_known", sql`${t.kind} in (${inList(KINDS)})`),
    check("objection_cases_status_known", sql`${t.status} in (${inList(STATUSES)})`),
    check("objection_cases_outcome_known", sql`${t.outcome} is null or ${t.outcome} in (${inList(OUTCOMES)})`),
    check("objection_cases_appeal_outcome_known", sql`${t.appealOutcome} is null or ${t.appealOutcome} in (${inList(OUTCOMES)})`),
    check("objection_cases_decided_whole", sql`(${t.outcome} is null) = (${t.decidedAt} is null) and (${t.outcome} is null) = (${t.decidedBy} is null)`),
    check("objection_cases_appeal_other_officer", sql`${t.appealDecidedBy} is null or ${t.appealDecidedBy} <> ${t.decidedBy}`),
    check("objection_cases_cell_has_forecast", sql`${t.cell} is null or ${t.forecastId} is not null`),
    index("objection_cases_queue_idx").on(t.status, t.dueAt),
    index("objection_cases_submitter_idx").on(t.submitterId),
    index("objection_cases_incident_idx").on(t.incidentId),
  ],
);

/** Everything that happened on a case, in order; each row's ledger entry carries its hash. */
export const objectionEvents = pgTable(
  "objection_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => objectionCases.id),
    type: text("type").notNull(),
    /** officer | citizen | system */
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    /** The words of a request, answer, extension, decision or appeal, as the citizen reads them. */
    body: text("body"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    ledgerSeq: integer("ledger_seq").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("objection_events_actor_kind", sql`${t.actorKind} in ('officer','citizen','system')`), index("objection_events_case_idx").on(t.caseId, t.id)],
);

/** A citizen's contact address, kept apart and deleted after closure plus the retention period. */
export const objectionContacts = pgTable("objection_contacts", {
  caseId: uuid("case_id")
    .primaryKey()
    .references(() => objectionCases.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Idempotency-Key → the case it created and the answer given, for 24 hours: a retried submission
 * gets the same answer (tracking code included), a reused key with another body is refused.
 */
export const objectionIdempotency = pgTable("objection_idempotency", {
  keyHash: text("key_hash").primaryKey(),
  requestHash: text("request_hash").notNull(),
  caseId: uuid("case_id")
    .notNull()
    .references(() => objectionCases.id),
  response: jsonb("response").$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/** A model version whose training data held a record an objection changed: "data changed". */
export const versionDataChanges = pgTable(
  "version_data_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    /** The incident's revision that the change created. */
    revision: integer("revision").notNull(),
    change: text("change").notNull(),
    objectionId: uuid("objection_id")
      .notNull()
      .references(() => objectionCases.id),
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => dataSnapshots.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("version_data_changes_change_known", sql`${t.change} in ('corrected','excluded')`),
    unique("version_data_changes_once").on(t.versionId, t.incidentId, t.revision),
    index("version_data_changes_version_idx").on(t.versionId, t.at),
  ],
);

/**
 * A note on a past forecast whose inputs included a record an objection changed (or that would now
 * include the corrected record). Forecasts are immutable; their annotations sit beside them.
 */
export const forecastAnnotations = pgTable(
  "forecast_annotations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    forecastId: uuid("forecast_id")
      .notNull()
      .references(() => forecasts.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    revision: integer("revision").notNull(),
    change: text("change").notNull(),
    /** included: the forecast used the record as it was; would_include: the corrected record now falls in its inputs. */
    relation: text("relation").notNull(),
    objectionId: uuid("objection_id")
      .notNull()
      .references(() => objectionCases.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("forecast_annotations_change_known", sql`${t.change} in ('corrected','excluded')`),
    check("forecast_annotations_relation_known", sql`${t.relation} in ('included','would_include')`),
    unique("forecast_annotations_once").on(t.forecastId, t.incidentId, t.revision),
    index("forecast_annotations_forecast_idx").on(t.forecastId),
  ],
);

export type ObjectionCase = typeof objectionCases.$inferSelect;
export type ObjectionEvent = typeof objectionEvents.$inferSelect;
export type VersionDataChange = typeof versionDataChanges.$inferSelect;
export type ForecastAnnotation = typeof forecastAnnotations.$inferSelect;
