import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { areas } from "./areas";
import { users } from "./users";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    externalId: text("external_id").notNull().unique(),
    /** The source's case number: several offences (rows) may belong to one case. */
    caseRef: text("case_ref"),
    category: text("category").notNull(),
    sourceCode: text("source_code"),
    sourceDescription: text("source_description"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    /** Metres in the installation's transverse Mercator (settings: projection). */
    x: doublePrecision("x").notNull(),
    y: doublePrecision("y").notNull(),
    areaId: uuid("area_id").references(() => areas.id),
    source: text("source").notNull().default("unknown"),
    status: text("status").notNull().default("active"),
    /** Current revision; every change appends a row to incident_revisions. */
    revision: integer("revision").notNull().default(1),
    importId: uuid("import_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "incidents_category_known",
      sql`${t.category} in (${inList(["theft", "burglary", "robbery", "vehicle_theft", "assault", "homicide", "sexual_offence", "arson", "other"])})`,
    ),
    check("incidents_source_known", sql`${t.source} in (${inList(["reported", "discovered", "unknown"])})`),
    check("incidents_status_known", sql`${t.status} in (${inList(["active", "corrected", "excluded"])})`),
    check("incidents_lat_range", sql`${t.lat} between -90 and 90`),
    check("incidents_lon_range", sql`${t.lon} between -180 and 180`),
    index("incidents_occurred_idx").on(t.occurredAt),
    index("incidents_area_idx").on(t.areaId),
    index("incidents_category_idx").on(t.category),
    index("incidents_case_idx").on(t.caseRef),
  ],
);

/**
 * Every version of every incident, the first included, with who changed it and why.
 * A data snapshot names revisions, so "the data as of T" can always be rebuilt.
 */
export const incidentRevisions = pgTable(
  "incident_revisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    revision: integer("revision").notNull(),
    category: text("category").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    x: doublePrecision("x").notNull(),
    y: doublePrecision("y").notNull(),
    areaId: uuid("area_id"),
    source: text("source").notNull(),
    status: text("status").notNull(),
    reason: text("reason").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("incident_revisions_incident_revision").on(t.incidentId, t.revision),
    index("incident_revisions_recorded_idx").on(t.recordedAt),
  ],
);

/** An immutable, content-hashed identity of the active incidents as of a moment. */
export const dataSnapshots = pgTable("data_snapshots", {
  id: uuid("id").primaryKey().defaultRandom(),
  asOf: timestamp("as_of", { withTimezone: true }).notNull(),
  contentHash: text("content_hash").notNull(),
  incidentCount: integer("incident_count").notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
export type IncidentRevision = typeof incidentRevisions.$inferSelect;
export type DataSnapshot = typeof dataSnapshots.$inferSelect;
