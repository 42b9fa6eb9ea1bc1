import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { jobs, models, modelVersions, monitoringAlerts, monitoringMetrics, monitoringRuns, type MonitoringMetricRow } from "@/db/schema";
import { assertCan, isScoped, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { AuditPolicy } from "@/lib/audit";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { MONITORING_METRICS, trendOf, type MetricResult, type MonitoringMetric, type Trend } from "@/lib/monitoring";
import type { VersionState } from "@/lib/workflow/model-lifecycle";
import { effectiveState } from "@/lib/workflow/model-lifecycle";
import { currentPolicy } from "./audits";
import { jurisdictionCodes } from "./forecasts";
import { appendToLedger } from "./ledger";

export interface MonitoringRunView {
  id: string;
  versionId: string;
  month: string;
  trigger: "scheduled" | "on_demand";
  /** "running" while its job works, "failed" when the job gave up. */
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  progressMessage: string | null;
  error: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  summary: Record<string, unknown> | null;
  breaches: number | null;
  suspended: boolean;
  ledgerSeq: number | null;
  createdAt: Date;
  completedAt: Date | null;
  metrics: MetricResult[];
}

export interface MonitoredVersion {
  id: string;
  modelName: string;
  number: number;
  state: VersionState;
  validUntil: Date | null;
  areaCodes: string[];
  /** Newest first. */
  runs: MonitoringRunView[];
  trend: Trend;
  openAlerts: number;
}

export interface AlertView {
  id: string;
  runId: string;
  versionId: string;
  modelName: string;
  versionNumber: number;
  month: string;
  metric: MonitoringMetric;
  value: number | null;
  threshold: string;
  suspended: boolean;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgement: string | null;
}

const toMetric = (row: MonitoringMetricRow): MetricResult => ({
  metric: row.metric as MonitoringMetric,
  status: row.status as MetricResult["status"],
  value: row.value,
  interval: row.lower !== null && row.upper !== null ? { lower: row.lower, upper: row.upper, level: row.level ?? 0.95 } : null,
  threshold: row.threshold,
  limit: row.limit,
  group: row.groupName,
  reason: row.reason as MetricResult["reason"],
  detail: row.detail,
});

/** Versions an officer's jurisdiction reaches: any of their approved (else defined) areas; unscoped readers see all. */
async function visibleVersionIds(db: Executor, actor: Actor): Promise<{ ids: string[]; rows: { id: string; modelName: string; number: number; state: string; validUntil: Date | null; areaCodes: string[] }[] }> {
  const rows = await db
    .select({ id: modelVersions.id, modelName: models.name, number: modelVersions.number, state: modelVersions.state, validUntil: modelVersions.validUntil, approved: modelVersions.approvedAreaCodes, definition: modelVersions.definition })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.state, ["approved", "suspended", "expired", "retired"]))
    .orderBy(asc(models.name), asc(modelVersions.number));
  const mine = isScoped(actor.role) ? new Set(await jurisdictionCodes(db, actor)) : null;
  const visible = rows
    .map((row) => ({ id: row.id, modelName: row.modelName, number: row.number, state: row.state, validUntil: row.validUntil, areaCodes: row.approved ?? ((row.definition as { areaCodes?: string[] }).areaCodes ?? []) }))
    .filter((row) => mine === null || row.areaCodes.some((code) => mine.has(code)));
  return { ids: visible.map((row) => row.id), rows: visible };
}

async function runsOf(db: Executor, versionIds: string[], limitPerVersion = 36): Promise<MonitoringRunView[]> {
  if (versionIds.length === 0) return [];
  const rows = await db
    .select({ run: monitoringRuns, jobStatus: jobs.status, progress: jobs.progress, progressMessage: jobs.progressMessage, jobError: jobs.error })
    .from(monitoringRuns)
    .leftJoin(jobs, eq(jobs.id, monitoringRuns.jobId))
    .where(inArray(monitoringRuns.versionId, versionIds))
    .orderBy(desc(monitoringRuns.createdAt));
  const kept: typeof rows = [];
  const perVersion = new Map<string, number>();
  for (const row of rows) {
    const n = perVersion.get(row.run.versionId) ?? 0;
    if (n < limitPerVersion) kept.push(row);
    perVersion.set(row.run.versionId, n + 1);
  }
  const metrics = kept.length === 0 ? [] : await db.select().from(monitoringMetrics).where(inArray(monitoringMetrics.runId, kept.map((r) => r.run.id)));
  const order = (m: MetricResult) => MONITORING_METRICS.indexOf(m.metric);
  return kept.map(({ run, jobStatus, progress, progressMessage, jobError }) => ({
    id: run.id,
    versionId: run.versionId,
    month: run.month,
    trigger: run.trigger as MonitoringRunView["trigger"],
    status: run.status === "completed" ? "completed" : jobStatus === "failed" ? "failed" : jobStatus === "running" ? "running" : "queued",
    progress: run.status === "completed" ? 1 : (progress ?? 0),
    progressMessage: run.status === "completed" ? null : progressMessage,
    error: jobStatus === "failed" ? jobError : run.error,
    periodFrom: run.periodFrom,
    periodTo: run.periodTo,
    summary: run.summary,
    breaches: run.breaches,
    suspended: run.suspended,
    ledgerSeq: run.ledgerSeq,
    createdAt: run.createdAt,
    completedAt: run.completedAt,
    metrics: metrics.filter((m) => m.runId === run.id).map(toMetric).sort((a, b) => order(a) - order(b)),
  }));
}

/**
 * Every version that is or was approved (within the reader's jurisdiction) with its monitoring
 * runs, newest first, the trend of each metric by month, and how many alerts await acknowledgement.
 */
export async function listMonitoring(actor: Actor, now: Date = new Date()): Promise<MonitoredVersion[]> {
  assertCan(actor, "monitoring.read");
  const db = await getDb();
  const { ids, rows } = await visibleVersionIds(db, actor);
  const runs = await runsOf(db, ids);
  const open = ids.length === 0 ? [] : await db.select({ versionId: monitoringAlerts.versionId, n: sql<number>`count(*)::int` }).from(monitoringAlerts).where(and(inArray(monitoringAlerts.versionId, ids), isNull(monitoringAlerts.acknowledgedAt))).groupBy(monitoringAlerts.versionId);
  return rows.map((row) => {
    const mine = runs.filter((run) => run.versionId === row.id);
    return {
      id: row.id,
      modelName: row.modelName,
      number: row.number,
      state: effectiveState({ state: row.state as VersionState, approvals: row.validUntil ? [{ validUntil: row.validUntil }] : [] }, now),
      validUntil: row.validUntil,
      areaCodes: row.areaCodes,
      runs: mine,
      trend: trendOf(mine.filter((run) => run.status === "completed" && run.completedAt).map((run) => ({ id: run.id, month: run.month, completedAt: run.completedAt!, metrics: run.metrics }))),
      openAlerts: Number(open.find((o) => o.versionId === row.id)?.n ?? 0),
    };
  });
}

/** Monitoring alerts within the reader's jurisdiction, newest first; `open` only those not yet acknowledged. */
export async function listMonitoringAlerts(actor: Actor, options: { open?: boolean; limit?: number } = {}): Promise<AlertView[]> {
  assertCan(actor, "monitoring.read");
  const db = await getDb();
  const { ids } = await visibleVersionIds(db, actor);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ alert: monitoringAlerts, month: monitoringRuns.month, suspended: monitoringRuns.suspended, modelName: models.name, number: modelVersions.number })
    .from(monitoringAlerts)
    .innerJoin(monitoringRuns, eq(monitoringRuns.id, monitoringAlerts.runId))
    .innerJoin(modelVersions, eq(modelVersions.id, monitoringAlerts.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(inArray(monitoringAlerts.versionId, ids), options.open ? isNull(monitoringAlerts.acknowledgedAt) : undefined))
    .orderBy(desc(monitoringAlerts.createdAt))
    .limit(options.limit ?? 200);
  return rows.map(({ alert, month, suspended, modelName, number }) => ({
    id: alert.id,
    runId: alert.runId,
    versionId: alert.versionId,
    modelName,
    versionNumber: number,
    month,
    metric: alert.metric as MonitoringMetric,
    value: alert.value,
    threshold: alert.threshold,
    suspended,
    createdAt: alert.createdAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgement: alert.acknowledgement,
  }));
}

const acknowledgementSchema = z.object({ note: z.string().trim().min(3, "say in at least 3 characters what was done or decided").max(2000, "is longer than 2000 characters") }).strict();

/**
 * An officer acknowledges an alert once, saying what was done or decided; the acknowledgement and
 * its ledger entry commit together. Outside the officer's jurisdiction the alert is not found.
 */
export async function acknowledgeAlert(actor: Actor, alertId: string, input: unknown): Promise<AlertView> {
  assertCan(actor, "monitoring.acknowledge");
  const parsed = acknowledgementSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", `${parsed.error.issues[0]?.path.join(".") || "request"}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (!z.string().uuid().safeParse(alertId).success) throw new AppError("not_found", "No such alert.");
  const db = await getDb();
  const { ids } = await visibleVersionIds(db, actor);
  await db.transaction(async (tx) => {
    const [alert] = await tx.select().from(monitoringAlerts).where(eq(monitoringAlerts.id, alertId)).for("update");
    if (!alert || !ids.includes(alert.versionId)) throw new AppError("not_found", "No such alert.");
    if (alert.acknowledgedAt) throw new AppError("conflict", "This alert is already acknowledged.");
    const receipt = await appendToLedger(tx, {
      kind: "monitoring.acknowledged",
      actor: actor.pseudonym,
      subjects: [{ type: "monitoring_alert", id: alertId }, { type: "monitoring_run", id: alert.runId }],
      payloadHash: sha256Hex(canonicalJson({ alertId, note: parsed.data.note, officer: actor.pseudonym })),
    });
    await tx.update(monitoringAlerts).set({ acknowledgedAt: new Date(), acknowledgedBy: actor.userId, acknowledgement: parsed.data.note, acknowledgementLedgerSeq: receipt.seq }).where(eq(monitoringAlerts.id, alertId));
  });
  const [view] = (await listMonitoringAlerts(actor, { limit: 1_000 })).filter((a) => a.id === alertId);
  if (!view) throw new Error("acknowledged alert vanished");
  return view;
}

/** The audit policy monitoring judges new runs by (thresholds, and whether a breach suspends). */
export async function monitoringPolicy(actor: Actor): Promise<AuditPolicy> {
  assertCan(actor, "monitoring.read");
  return (await currentPolicy(await getDb())).policy;
}
