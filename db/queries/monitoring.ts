import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf, type Executor } from "@/db";
import { auditPolicies, modelVersions, monitoringAlerts, monitoringMetrics, monitoringRuns, type ModelVersion } from "@/db/schema";
import { auditPolicySchema, type AuditPolicy } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { seededRandom } from "@/lib/forecast";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { isMonth, isoDayOf, measureMonitoring, monthOf, monthWindow, scheduledMonth, type MetricResult } from "@/lib/monitoring";
import { currentPolicy } from "./audits";
import { isServable } from "./forecast-generation";
import { completeJob, enqueueJob, type ClaimedJob } from "./jobs";
import { appendToLedger } from "./ledger";
import { applyVersionEvent } from "./models";
import { loadMonitoringData, MONITORED_HORIZON } from "./monitoring-inputs";

export const MONITORING_JOB = "monitoring.run";
/** States in which a version has served forecasts that can be monitored. */
const MONITORABLE = ["approved", "suspended", "expired", "retired"];

const requestSchema = z.object({ month: z.string().refine(isMonth, "must be a month as YYYY-MM").optional() }).strict();

async function queueRun(tx: Executor, input: { versionId: string; month: string; trigger: "scheduled" | "on_demand"; createdBy: string | null }): Promise<{ runId: string; jobId: string }> {
  const { id: policyId } = await currentPolicy(tx);
  const [run] = await tx.insert(monitoringRuns).values({ versionId: input.versionId, month: input.month, trigger: input.trigger, policyId, createdBy: input.createdBy }).returning({ id: monitoringRuns.id });
  if (!run) throw new Error("monitoring run insert returned nothing");
  const jobId = await enqueueJob(tx, { kind: MONITORING_JOB, payload: { runId: run.id }, createdBy: input.createdBy, maxAttempts: 2 });
  await tx.update(monitoringRuns).set({ jobId }).where(eq(monitoringRuns.id, run.id));
  return { runId: run.id, jobId };
}

/**
 * Oversight asks for a monitoring run now: a month (YYYY-MM, default the current one, measured to
 * today) of a version that has served forecasts. A background job measures it.
 */
export async function requestMonitoring(actor: Actor, versionId: string, input: unknown = {}, now: Date = new Date()): Promise<{ runId: string; jobId: string; month: string }> {
  assertCan(actor, "monitoring.run");
  const parsed = requestSchema.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("invalid_input", `${parsed.error.issues[0]?.path.join(".") || "request"}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const month = parsed.data.month ?? monthOf(now);
  if (month > monthOf(now)) throw new AppError("invalid_input", `month: ${month} has not begun; monitoring measures what already happened`);
  if (!z.string().uuid().safeParse(versionId).success) throw new AppError("not_found", "No such model version.");
  const db = await getDb();
  const [version] = await db.select({ id: modelVersions.id, state: modelVersions.state, number: modelVersions.number }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version || version.state === "draft") throw new AppError("not_found", "No such model version.");
  if (!MONITORABLE.includes(version.state)) throw new AppError("conflict", `Version ${version.number} is ${version.state}: it has never been approved, so it served no forecasts to monitor.`);
  return { ...(await db.transaction((tx) => queueRun(tx, { versionId, month, trigger: "on_demand", createdBy: actor.userId }))), month };
}

/**
 * The monthly schedule: each approved version gets one run for the latest month whose 7-day
 * forecasts have all finished, when it served forecasts in that month. Serialised by an advisory
 * lock so the web process and a worker process never both queue it.
 */
export async function scheduleDueMonitoring(now: Date = new Date()): Promise<number> {
  const db = await getDb();
  const month = scheduledMonth(now, MONITORED_HORIZON);
  const window = monthWindow(month);
  const [from, to] = [isoDayOf(window.from), isoDayOf(window.to)];
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sightline.monitoring.schedule'))`);
    const due = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select v.id from model_versions v
        where v.state = 'approved' and v.valid_until > ${now.toISOString()}
          and exists (select 1 from forecasts f where f.version_id = v.id and f.horizon_days = ${MONITORED_HORIZON} and f.period_start >= ${from} and f.period_start < ${to})
          and not exists (select 1 from monitoring_runs r where r.version_id = v.id and r.month = ${month} and r.trigger = 'scheduled')`),
    );
    for (const { id } of due) await queueRun(tx, { versionId: id, month, trigger: "scheduled", createdBy: null });
    return due.length;
  });
}

const payloadSchema = z.object({ runId: z.string().uuid() });

async function policyOf(db: Executor, policyId: number | null): Promise<AuditPolicy> {
  if (policyId === null) return auditPolicySchema.parse({});
  const [row] = await db.select({ policy: auditPolicies.policy }).from(auditPolicies).where(eq(auditPolicies.id, policyId));
  return auditPolicySchema.parse(row?.policy ?? {});
}

const LABEL: Record<MetricResult["metric"], string> = {
  realised_pai: "realised PAI",
  exposure_disparity: "exposure disparity",
  false_positive_disparity: "false-positive disparity",
  feedback_ratio: "feedback-loop ratio",
  displacement_wdq: "displacement WDQ",
};

/**
 * The work of a monitoring job: measure the month from production data, then store the metrics,
 * the run's ledger entry, an alert per breach and — where the policy says so and the version is
 * still approved — its suspension by the system, all in one transaction.
 */
export async function runMonitoringJob(job: ClaimedJob, progress: (fraction: number, message: string) => Promise<void>): Promise<void> {
  const { runId } = payloadSchema.parse(job.payload);
  const db = await getDb();
  const [run] = await db.select().from(monitoringRuns).where(eq(monitoringRuns.id, runId));
  if (!run) throw new Error(`monitoring run ${runId} is gone`);
  if (run.status === "completed") {
    await db.transaction((tx) => completeJob(tx, job, { runId, skipped: "already completed" }));
    return;
  }
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, run.versionId));
  if (!version) throw new Error(`version ${run.versionId} is gone`);
  const policy = await policyOf(db, run.policyId);
  const now = new Date();
  await progress(0.1, `reading ${run.month}'s served forecasts, incidents and patrol logs`);
  const data = await loadMonitoringData(db, version, run.month, policy, now);
  await progress(0.6, `measuring ${data.summary.forecasts} forecasts`);
  const measured = measureMonitoring({ ...data.input, policy, random: seededRandom(Number.parseInt(runId.replaceAll("-", "").slice(0, 8), 16)) });
  const summary = { ...data.summary, incidents: measured.incidents, hits: measured.hits, displacementDesign: measured.displacementDesign };
  const record = { runId, versionId: version.id, month: run.month, periodFrom: isoDayOf(data.window[0]), periodTo: isoDayOf(data.window[1]), policy, summary, metrics: measured.metrics };
  const resultHash = sha256Hex(canonicalJson(JSON.parse(JSON.stringify(record)) as never));
  await progress(0.9, "storing the run, its alerts and its ledger entry");
  await db.transaction(async (tx) => {
    const receipt = await appendToLedger(tx, {
      kind: "monitoring.completed",
      actor: "system",
      subjects: [
        { type: "monitoring_run", id: runId, hash: resultHash },
        { type: "model_version", id: version.id, hash: version.definitionHash },
      ],
      payloadHash: resultHash,
    });
    await tx.insert(monitoringMetrics).values(
      measured.metrics.map((m) => ({ runId, metric: m.metric, status: m.status, value: m.value, lower: m.interval?.lower ?? null, upper: m.interval?.upper ?? null, level: m.interval?.level ?? null, threshold: m.threshold, limit: m.limit, groupName: m.group, reason: m.reason, detail: m.detail })),
    );
    const breached = measured.metrics.filter((m) => m.status === "breach");
    if (breached.length > 0) await tx.insert(monitoringAlerts).values(breached.map((m) => ({ runId, versionId: version.id, metric: m.metric, value: m.value, threshold: m.threshold })));
    const suspended = breached.length > 0 && policy.autoSuspendOnBreach && (await suspendIfServing(tx, version, breached, run.month));
    await tx
      .update(monitoringRuns)
      .set({ status: "completed", periodFrom: record.periodFrom, periodTo: record.periodTo, summary: JSON.parse(JSON.stringify(summary)) as Record<string, unknown>, breaches: breached.length, suspended, resultHash, ledgerSeq: receipt.seq, completedAt: new Date() })
      .where(and(eq(monitoringRuns.id, runId), eq(monitoringRuns.status, "queued")));
    await completeJob(tx, job, { runId, breaches: breached.map((m) => m.metric), suspended, resultHash });
  });
}

/** Suspends the version through the lifecycle, as the system, when it is still approved now (row locked). */
async function suspendIfServing(tx: Executor, version: ModelVersion, breached: MetricResult[], month: string): Promise<boolean> {
  const [locked] = rowsOf<{ state: string; valid_until: string | Date | null }>(await tx.execute(sql`select state, valid_until from model_versions where id = ${version.id} for update`));
  if (!locked || !isServable({ state: locked.state, validUntil: locked.valid_until === null ? null : new Date(locked.valid_until) }, new Date())) return false;
  const what = breached.map((m) => `${LABEL[m.metric]} ${m.value === null ? "unbounded" : m.value.toFixed(3)} (threshold ${m.threshold})`).join("; ");
  await applyVersionEvent(null, version.id, { type: "suspend", reason: `Suspended automatically by post-deployment monitoring of ${month}, as the audit policy requires on a breach: ${what}.` }, new Date(), tx);
  return true;
}
