import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { areas, models, modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AUDIT_JOB, runAuditJob, startAudit } from "./audits";
import { FORECAST_JOB, requestForecasts, runForecastJob, scheduleDueForecasts } from "./forecast-generation";
import { findLiveIdentity, findLoginCandidate } from "./identity";
import { claimJob } from "./jobs";
import { applyVersionEvent, registerModel, registerVersion } from "./models";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The categories the demo approval covers; assault is left out so "no approved forecast" can be seen. */
export const DEMO_APPROVED_CATEGORIES = ["burglary", "theft", "vehicle_theft", "robbery"];

async function demoActor(email: string): Promise<Actor> {
  const candidate = await findLoginCandidate(email);
  const identity = candidate && (await findLiveIdentity(candidate.id));
  if (!identity) throw new Error(`demo account ${email} is missing`);
  return identity.actor;
}

/** Runs the one queued job of a kind now, through the real handler, instead of waiting for a worker. */
async function runQueuedNow(kind: string, run: typeof runAuditJob): Promise<void> {
  const job = await claimJob([kind], 600);
  if (!job) throw new Error(`no queued ${kind} job to run`);
  await run(job, async () => {});
}

/**
 * Walks the demo city through the whole accountable path once, as the real people would: the
 * developer registers and submits a version, an oversight officer audits it, two officers approve
 * it, and today's forecasts are generated — every step on the ledger. Runs only on an empty registry.
 */
export async function seedDemoModel(now: Date, onProgress?: (message: string) => void): Promise<boolean> {
  const db = await getDb();
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(models);
  if ((existing?.n ?? 0) > 0) return false;
  const areaCodes = (await db.select({ code: areas.code }).from(areas)).map((row) => row.code).sort();
  const [developer, first, second] = await Promise.all(["developer@demo.test", "oversight1@demo.test", "oversight2@demo.test"].map(demoActor));
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;

  const model = await registerModel(developer!, { name: "Property crime hotspots", purpose: "Weekly and daily patrol advice for property crime, by 150 m cell." });
  const version = await registerVersion(developer!, model.id, {
    definition: {
      algorithm: "prospective",
      parameters: {},
      categories: DEMO_APPROVED_CATEGORIES,
      trainingWindow: { from: isoDay(today - 540 * DAY_MS), to: isoDay(today - 120 * DAY_MS) },
      cellSizeM: 150,
      areaCodes,
      engineVersion: "0.1.0",
    },
    modelCard: {
      intendedUse: "Advice to patrol supervisors on where property crime is most likely in the next day or week; one input among others.",
      outOfScopeUses: "No prediction about individuals; not for stops, searches, arrests or any decision about a person.",
      dataSources: "Recorded incidents of the synthetic demo city: reports by the public and incidents discovered by patrols.",
      knownBiases: "Incidents discovered by patrols follow where patrols went, so heavily patrolled districts look riskier than they are.",
      limitations: "Assumes the near future resembles the recent past; blind to crime nobody records.",
      humanOversight: "Two oversight officers approve each version for a scope and a time; officers decide and record what they did.",
      contact: "models@demo.test",
    },
  });
  await applyVersionEvent(developer!, version.id, { type: "submit" });
  onProgress?.("demo model registered and submitted; auditing it");
  await startAudit(first!, version.id, { from: isoDay(today - 120 * DAY_MS), to: isoDay(today - DAY_MS) });
  await runQueuedNow(AUDIT_JOB, runAuditJob);
  const [audited] = await db.select({ verdict: modelVersions.auditVerdict }).from(modelVersions).where(eq(modelVersions.id, version.id));
  const approve = (reason: string) => ({
    type: "approve" as const,
    areaCodes,
    categories: DEMO_APPROVED_CATEGORIES,
    validUntil: new Date(today + 90 * DAY_MS),
    reason,
    ...(audited?.verdict === "fail" ? { override: `Demo: the failed criteria were read and accepted for a demonstration city only (${reason}).` } : {}),
  });
  await applyVersionEvent(first!, version.id, approve("Audit read; scope limited to property crime."));
  await applyVersionEvent(second!, version.id, approve("Second review agrees; revisit within 90 days."));
  onProgress?.(`demo version approved (audit verdict ${audited?.verdict ?? "none"}); generating today's forecasts`);
  if ((await scheduleDueForecasts(now)) > 0) await runQueuedNow(FORECAST_JOB, runForecastJob);
  // Two past weeks, forecast from the data before each (the model never sees its period's incidents),
  // so oversight can see realised accuracy on the first day of the demo.
  for (const weeksAgo of [2, 1]) {
    await requestForecasts(first!, version.id, isoDay(today - weeksAgo * 7 * DAY_MS));
    await runQueuedNow(FORECAST_JOB, runForecastJob);
  }
  return true;
}
