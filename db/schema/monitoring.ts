import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { auditPolicies } from "./audits";
import { modelVersions } from "./models";
import { users } from "./users";

/**
 * One post-deployment monitoring run of a version over a calendar month (scheduled monthly, or
 * asked for by oversight). Queued with the policy it will be judged against; once completed it is
 * never changed (trigger in its migration), and its ledger entry vouches for its metrics.
 */
export const monitoringRuns = pgTable(
  "monitoring_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    /** The calendar month monitored, YYYY-MM (UTC). */
    month: text("month").notNull(),
    trigger: text("trigger").notNull(),
    status: text("status").notNull().default("queued"),
    jobId: uuid("job_id"),
    /** The audit policy in force when the run was queued; null = the defaults (no policy stored yet). */
    policyId: integer("policy_id").references(() => auditPolicies.id),
    /** Days measured: [from, to) as ISO dates; `to` is the day the run measured up to in a month not yet over. */
    periodFrom: text("period_from"),
    periodTo: text("period_to"),
    /** Counts behind the metrics: forecasts, incidents, hits, patrols, reference group, displacement design. */
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    breaches: integer("breaches"),
    /** The run suspended the version (the policy said so and the version was approved). */
    suspended: boolean("suspended").notNull().default(false),
    resultHash: text("result_hash"),
    ledgerSeq: integer("ledger_seq"),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    check("monitoring_runs_month", sql`${t.month} ~ '^\\d{4}-(0[1-9]|1[0-2])$'`),
    check("monitoring_runs_trigger_known", sql`${t.trigger} in ('scheduled','on_demand')`),
    check("monitoring_runs_status_known", sql`${t.status} in ('queued','completed','failed')`),
    check("monitoring_runs_completed_whole", sql`(${t.status} = 'completed') = (${t.completedAt} is not null and ${t.ledgerSeq} is not null and ${t.resultHash} is not null)`),
    index("monitoring_runs_version_idx").on(t.versionId, t.month),
  ],
);

/** One metric of a completed run: the value, its interval where it has one, the threshold and the status. Append-only. */
export const monitoringMetrics = pgTable(
  "monitoring_metrics",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => monitoringRuns.id),
    metric: text("metric").notNull(),
    status: text("status").notNull(),
    value: doublePrecision("value"),
    lower: doublePrecision("lower"),
    upper: doublePrecision("upper"),
    level: doublePrecision("level"),
    threshold: text("threshold").notNull(),
    limit: jsonb("limit").$type<{ min: number } | { max: number } | { band: [number, number] }>().notNull(),
    groupName: text("group_name"),
    reason: text("reason"),
    detail: text("detail").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.metric] }),
    check("monitoring_metrics_metric_known", sql`${t.metric} in ('realised_pai','exposure_disparity','false_positive_disparity','feedback_ratio','displacement_wdq')`),
    check("monitoring_metrics_status_known", sql`${t.status} in ('pass','breach','not_measurable')`),
    check("monitoring_metrics_reason", sql`(${t.status} = 'not_measurable') = (${t.reason} is not null)`),
  ],
);

/**
 * A breach raised to oversight: one per breached metric of a run. Kept; an officer acknowledges it
 * once, with a note, on the ledger.
 */
export const monitoringAlerts = pgTable(
  "monitoring_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => monitoringRuns.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    metric: text("metric").notNull(),
    value: doublePrecision("value"),
    threshold: text("threshold").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id),
    acknowledgement: text("acknowledgement"),
    acknowledgementLedgerSeq: integer("acknowledgement_ledger_seq"),
  },
  (t) => [
    check("monitoring_alerts_ack_whole", sql`(${t.acknowledgedAt} is null) = (${t.acknowledgedBy} is null) and (${t.acknowledgedAt} is null) = (${t.acknowledgement} is null) and (${t.acknowledgedAt} is null) = (${t.acknowledgementLedgerSeq} is null)`),
    index("monitoring_alerts_open_idx").on(t.acknowledgedAt, t.createdAt),
    index("monitoring_alerts_version_idx").on(t.versionId),
  ],
);

export type MonitoringRun = typeof monitoringRuns.$inferSelect;
export type MonitoringMetricRow = typeof monitoringMetrics.$inferSelect;
export type MonitoringAlert = typeof monitoringAlerts.$inferSelect;
