import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/** A forecasting model: a name and purpose under which versions are registered. */
export const models = pgTable("models", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  purpose: text("purpose").notNull(),
  ownerId: uuid("owner_id")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A version fixes everything needed to reproduce its forecasts. The database refuses any change
 * to its definition or model card once it has left the draft state (model_versions_immutable).
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    number: integer("number").notNull(),
    state: text("state").notNull().default("draft"),
    registrantId: uuid("registrant_id")
      .notNull()
      .references(() => users.id),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    modelCard: jsonb("model_card").$type<Record<string, unknown>>().notNull(),
    /** SHA-256 of the canonical definition and card: what the ledger and audits name. */
    definitionHash: text("definition_hash").notNull(),
    auditVerdict: text("audit_verdict"),
    approvedAreaCodes: jsonb("approved_area_codes").$type<string[]>(),
    approvedCategories: jsonb("approved_categories").$type<string[]>(),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    stateChangedAt: timestamp("state_changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("model_versions_model_number").on(t.modelId, t.number),
    // Target of the approvals' composite key, which pins each approval's copy of the registrant.
    unique("model_versions_id_registrant").on(t.id, t.registrantId),
    check("model_versions_state_known", sql`${t.state} in ('draft','submitted','audited','approved','expired','suspended','retired','rejected')`),
    check("model_versions_verdict_known", sql`${t.auditVerdict} is null or ${t.auditVerdict} in ('pass','fail')`),
    check("model_versions_approved_has_expiry", sql`${t.state} <> 'approved' or ${t.validUntil} is not null`),
    index("model_versions_state_idx").on(t.state),
  ],
);

/**
 * One officer's approval. The registrant is copied in and pinned by a composite foreign key, so
 * the CHECK that approver and registrant differ holds against direct SQL too; the unique pair
 * stops one officer approving twice.
 */
export const versionApprovals = pgTable(
  "version_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id").notNull(),
    registrantId: uuid("registrant_id").notNull(),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    areaCodes: jsonb("area_codes").$type<string[]>().notNull(),
    categories: jsonb("categories").$type<string[]>().notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    override: text("override"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.versionId, t.registrantId], foreignColumns: [modelVersions.id, modelVersions.registrantId], name: "version_approvals_version_registrant_fk" }),
    unique("version_approvals_version_approver").on(t.versionId, t.approverId),
    check("version_approvals_not_registrant", sql`${t.approverId} <> ${t.registrantId}`),
    check("version_approvals_reason_given", sql`length(trim(${t.reason})) > 0`),
  ],
);

/** Every state change of a version with who and why; the ledger holds its hash. */
export const versionTransitions = pgTable(
  "version_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    reason: text("reason"),
    ledgerSeq: integer("ledger_seq").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("version_transitions_version_idx").on(t.versionId)],
);

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;
export type VersionApproval = typeof versionApprovals.$inferSelect;
