import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { AUDIT_JOB, startAudit } from "@/db/queries/audits";
import { FORECAST_JOB, requestForecasts } from "@/db/queries/forecast-generation";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { claimJob } from "@/db/queries/jobs";
import { applyVersionEvent, registerModel, registerVersion } from "@/db/queries/models";
import { MONITORING_JOB, requestMonitoring } from "@/db/queries/monitoring";
import { listMonitoring, type MonitoringRunView } from "@/db/queries/monitoring-read";
import { modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { JOB_HANDLERS } from "@/lib/jobs/handlers";
import { isoDayOf } from "@/lib/monitoring";

export const DAY = 86_400_000;
export const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;

/** Runs the oldest queued job of a kind now, through its real handler (as a worker would). */
export async function runNext(kind: string): Promise<void> {
  const job = await claimJob([kind], 600);
  if (!job) throw new Error(`no queued ${kind} job`);
  const handler = JOB_HANDLERS[kind];
  if (!handler) throw new Error(`no handler for ${kind}`);
  await handler({ job, progress: async () => {} });
}

/**
 * A naive version over the given areas and every category, trained up to `trainedTo`, taken as far
 * as `stage` the way a real version goes: submitted by its developer, audited on the days after its
 * training window up to `auditTo`, approved by one officer ("audited" with an approval) or two.
 */
export async function naiveVersion(input: { name: string; areaCodes: string[]; trainedFrom: number; trainedTo: number; auditTo: number; validUntil?: Date }, stage: "submitted" | "audited" | "approved" = "approved"): Promise<string> {
  const [dev, o1, o2] = await Promise.all(["developer@demo.test", "oversight1@demo.test", "oversight2@demo.test"].map(actorOf));
  const model = await registerModel(dev!, { name: input.name, purpose: "Weekly patrol advice (monitoring test)." });
  const version = await registerVersion(dev!, model.id, {
    definition: { algorithm: "naive", parameters: {}, categories: [...INCIDENT_CATEGORIES], trainingWindow: { from: isoDayOf(input.trainedFrom), to: isoDayOf(input.trainedTo) }, cellSizeM: 150, areaCodes: input.areaCodes, engineVersion: "0.1.0" },
    modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "m@demo.test" },
  });
  await applyVersionEvent(dev!, version.id, { type: "submit" });
  if (stage === "submitted") return version.id;
  await startAudit(o1!, version.id, { from: isoDayOf(input.trainedTo), to: isoDayOf(input.auditTo) });
  await runNext(AUDIT_JOB);
  const [audited] = await (await getDb()).select({ verdict: modelVersions.auditVerdict }).from(modelVersions).where(eq(modelVersions.id, version.id));
  const approve = (reason: string) => ({ type: "approve" as const, areaCodes: input.areaCodes, categories: [...INCIDENT_CATEGORIES], reason, ...(input.validUntil ? { validUntil: input.validUntil } : {}), ...(audited?.verdict === "fail" ? { override: `Test: accepted for monitoring (${reason}).` } : {}) });
  await applyVersionEvent(o1!, version.id, approve("first review"));
  if (stage === "audited") return version.id;
  await applyVersionEvent(o2!, version.id, approve("second review"));
  return version.id;
}

/** A naive version approved by two officers (see naiveVersion). */
export const approvedNaiveVersion = (input: Parameters<typeof naiveVersion>[0]) => naiveVersion(input, "approved");

/** Back-fills the version's forecasts for the given period starts (days since the epoch), each through the real job. */
export async function forecastsFor(versionId: string, starts: number[]): Promise<void> {
  const o1 = await actorOf("oversight1@demo.test");
  for (const start of starts) {
    await requestForecasts(o1, versionId, isoDayOf(start));
    await runNext(FORECAST_JOB);
  }
}

/** Weekly starts on `anchor` ± 7k in [from, to), keeping those finished by `today`. */
export function weeklyStarts(anchor: number, from: number, to: number, today: number): number[] {
  const first = anchor - Math.floor((anchor - from) / 7) * 7;
  const out: number[] = [];
  for (let start = first; start < to && start + 7 <= today; start += 7) out.push(start);
  return out;
}

/** The database's own message when it refuses a statement (drizzle wraps it as the cause). */
export async function refusal(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
  } catch (error) {
    return (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
  }
  return "accepted";
}

/** Asks for a monitoring run of a month as an officer, runs its job, and returns the stored run. */
export async function monitorMonth(officer: Actor, versionId: string, month: string): Promise<MonitoringRunView> {
  const { runId } = await requestMonitoring(officer, versionId, { month });
  await runNext(MONITORING_JOB);
  const version = (await listMonitoring(officer)).find((v) => v.id === versionId);
  const run = version?.runs.find((r) => r.id === runId);
  if (!run) throw new Error(`run ${runId} not listed`);
  return run;
}

export const metricOf = (run: MonitoringRunView, metric: string) => {
  const found = run.metrics.find((m) => m.metric === metric);
  if (!found) throw new Error(`run ${run.id} has no ${metric}`);
  return found;
};

export const describeRun = (run: MonitoringRunView) =>
  `${run.month}: ` + run.metrics.map((m) => `${m.metric} ${m.status}${m.value === null ? "" : ` ${m.value.toFixed(3)}`}${m.interval ? ` [${m.interval.lower.toFixed(3)}, ${m.interval.upper.toFixed(3)}]` : ""}${m.reason ? ` (${m.reason})` : ""}`).join("; ");
