import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { dataSnapshots } from "./incidents";
import { modelVersions } from "./models";
import { users } from "./users";

/** Audit thresholds, versioned: the newest row is in force; every row is kept. */
export const auditPolicies = pgTable("audit_policies", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  policy: jsonb("policy").$type<Record<string, unknown>>().notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One audit of one version on one data snapshot; its report is written once and never changed. */
export const audits = pgTable(
  "audits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => dataSnapshots.id),
    policyId: integer("policy_id").references(() => auditPolicies.id),
    jobId: uuid("job_id"),
    status: text("status").notNull().default("queued"),
    evaluation: jsonb("evaluation").$type<{ from: string; to: string; horizonDays: number; coverage: number; reference?: string }>().notNull(),
    /** SHA-256 over the version's definition hash, the snapshot hash, the policy and the evaluation. */
    inputHash: text("input_hash").notNull(),
    report: jsonb("report").$type<Record<string, unknown>>(),
    verdict: text("verdict"),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    check("audits_status_known", sql`${t.status} in ('queued','completed','failed')`),
    check("audits_verdict_known", sql`${t.verdict} is null or ${t.verdict} in ('pass','fail')`),
    index("audits_version_idx").on(t.versionId),
  ],
);

export type Audit = typeof audits.$inferSelect;
