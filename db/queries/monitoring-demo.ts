import "server-only";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "./identity";
import { viewForecast } from "./forecasts";
import { claimJob } from "./jobs";
import { MONITORING_JOB, requestMonitoring, runMonitoringJob } from "./monitoring";
import { recordPatrolAction } from "./patrols";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function demoActor(email: string) {
  const candidate = await findLoginCandidate(email);
  const identity = candidate && (await findLiveIdentity(candidate.id));
  if (!identity) throw new Error(`demo account ${email} is missing`);
  return identity.actor;
}

/**
 * Runs after the demo model: the demo police officer views the two past weeks' forecasts, as any
 * officer would, and records a few patrols (and one decision not to act), so the regional view shows
 * dosage; then oversight monitors the months those weeks fall in, so trends and what is not yet
 * measurable show from the first start. Only when the approved demo version has no patrols yet.
 */
export async function seedDemoPatrolsAndMonitoring(now: Date, onProgress?: (message: string) => void): Promise<boolean> {
  const db = await getDb();
  const [version] = rowsOf<{ id: string }>(await db.execute(sql`select id from model_versions where state = 'approved' order by created_at limit 1`));
  if (!version) return false;
  const [patrols] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from patrol_actions`));
  if (Number(patrols?.n ?? 0) > 0) return false;
  const [police, officer] = await Promise.all([demoActor("police@demo.test"), demoActor("oversight1@demo.test")]);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const weeks = [2, 1].map((weeksAgo) => isoDay(today - weeksAgo * 7 * DAY_MS));
  for (const date of weeks) {
    const view = await viewForecast(police, { purpose: "patrol_planning", date, horizon: 7 }, now);
    const flagged = view.cells.filter((cell) => cell.flagged).slice(0, 6);
    for (const [i, cell] of flagged.entries()) {
      const decision = i === flagged.length - 1 ? { kind: "not_acted" as const, cell: cell.cell, reason: "No unit free on this shift." } : { kind: "patrol_assigned" as const, cell: cell.cell, plannedMinutes: 30 + 15 * (i % 3) };
      await recordPatrolAction(police, view.forecast.id, decision);
    }
  }
  for (const month of [...new Set(weeks.map((date) => date.slice(0, 7)))]) {
    await requestMonitoring(officer, version.id, { month }, now);
    const job = await claimJob([MONITORING_JOB], 600);
    if (!job) throw new Error("demo: the monitoring job was not queued");
    await runMonitoringJob(job, async () => {});
  }
  onProgress?.("demo patrols logged on the past weeks' forecasts; their months monitored");
  return true;
}
