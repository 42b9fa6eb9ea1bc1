import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { updatePolicy } from "@/db/queries/audits";
import { viewForecast } from "@/db/queries/forecasts";
import { getVersion } from "@/db/queries/models";
import { MONITORING_JOB, requestMonitoring, scheduleDueMonitoring } from "@/db/queries/monitoring";
import { nonOverlapping } from "@/db/queries/monitoring-inputs";
import { acknowledgeAlert, listMonitoring, listMonitoringAlerts } from "@/db/queries/monitoring-read";
import { recordPatrolAction } from "@/db/queries/patrols";
import { seedDemo } from "@/db/queries/seed";
import { createUserAsSystem } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/permissions";
import { cellCentre, createNaive, epochMsToDays, flagCells, gridFromAreas, griddedEvents } from "@/lib/forecast";
import { projectMultiPolygon } from "@/lib/geo/polygon";
import { transverseMercator } from "@/lib/geo/projection";
import { isoDayOf, monthOf, monthWindow, scheduledMonth, shiftMonth } from "@/lib/monitoring";
import { generateCity, type CityOptions } from "@/lib/simulate";
import { actorOf, approvedNaiveVersion, DAY, describeRun, forecastsFor, metricOf, monitorMonth, refusal, runNext, weeklyStarts } from "./support";

/**
 * A planted drift: from the first day of last month, every incident in the cells the version flags
 * is committed instead within 450 m of them (the simulator's deployment knob at full deterrence
 * and displacement). No recording bias and no segregation, so nothing else should breach.
 */
const NOW = new Date();
const TODAY = Math.floor(NOW.getTime() / DAY);
const CITY_START = TODAY - 730;
const AFTER = shiftMonth(monthOf(NOW), 1);
const BEFORE = [shiftMonth(monthOf(NOW), 3), shiftMonth(monthOf(NOW), 2)];
const DEPLOYED = monthWindow(AFTER).from;
const CITY: Omit<CityOptions, "seed" | "startDate" | "days"> = { districts: 6, targetIncidents: 15_000, discoveryBias: 0, segregation: 0 };
const SEED = 5;
const AREAS = ["D01", "D02", "D03", "D04", "D05", "D06"];

/** The cells a naive forecast over every category flags on the deployment day, as the version will: where the patrols go. */
function plannedTargets(): { lon: number; lat: number }[] {
  const city = generateCity({ ...CITY, seed: SEED, days: 730, startDate: isoDayOf(CITY_START) });
  const tm = transverseMercator(city.centralMeridian);
  const grid = gridFromAreas(city.areas.map((a) => projectMultiPolygon([a.polygon.coordinates], tm.forward)), 150);
  const xy = city.incidents.map((i) => tm.forward(i.lon, i.lat));
  const events = griddedEvents(grid, { x: xy.map((p) => p[0]), y: xy.map((p) => p[1]), t: city.incidents.map((i) => epochMsToDays(i.occurredAt.getTime())) });
  const risk = createNaive().fit(events, grid, DEPLOYED).predict(events, DEPLOYED, 7).risk;
  return Array.from(flagCells(grid, risk, 0.05), (cell) => {
    const [lon, lat] = tm.inverse(...cellCentre(grid, cell));
    return { lon, lat };
  });
}

describe("monitoring detects a planted drift and measures displacement from the patrol logs", () => {
  let o1: Actor, admin: Actor, police: Actor;
  let versionId: string;

  beforeAll(async () => {
    const t0 = Date.now();
    const deployment = { fromDay: DEPLOYED - CITY_START, targets: plannedTargets(), targetSideM: 150, deterrence: 1, displacement: 1, bufferM: 450 };
    await seedDemo(await getDb(), { seed: SEED, now: NOW, city: { ...CITY, deployment } });
    [o1, admin] = await Promise.all([actorOf("oversight1@demo.test"), actorOf("admin@demo.test")]);
    await createUserAsSystem({ email: "patrol@demo.test", displayName: "Patrol", role: "police_staff", password: "a long enough password", areaCodes: AREAS });
    police = await actorOf("patrol@demo.test");
    const firstBefore = monthWindow(BEFORE[0]!).from;
    versionId = await approvedNaiveVersion({ name: "Drift test hotspots", areaCodes: AREAS, trainedFrom: CITY_START, trainedTo: firstBefore - 60, auditTo: firstBefore - 1 });
    const starts = weeklyStarts(DEPLOYED, firstBefore, monthWindow(AFTER).to, TODAY);
    await forecastsFor(versionId, starts);
    console.log(`drift city seeded, version approved and ${starts.length} weekly forecasts made in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 400_000);

  it("passes the months before the drift and says what it cannot measure yet", async () => {
    for (const month of BEFORE) {
      const run = await monitorMonth(o1, versionId, month);
      console.log(describeRun(run));
      expect(run).toMatchObject({ status: "completed", breaches: 0, suspended: false });
      expect(metricOf(run, "realised_pai")).toMatchObject({ status: "pass" });
      expect(metricOf(run, "realised_pai").value!).toBeGreaterThan(4);
      expect(metricOf(run, "exposure_disparity")).toMatchObject({ status: "pass" });
      expect(metricOf(run, "false_positive_disparity")).toMatchObject({ status: "pass" });
      // No recording bias was planted: nothing was discovered by police, so there is no loop to measure.
      expect(metricOf(run, "feedback_ratio")).toMatchObject({ status: "not_measurable", reason: "no_discovered" });
      expect(metricOf(run, "displacement_wdq")).toMatchObject({ status: "not_measurable", reason: "no_patrol_logs", detail: expect.stringMatching(/^Not yet measurable: no patrol is logged/) });
    }
    expect(await listMonitoringAlerts(o1)).toEqual([]);
  });

  it("scores forecasts whose periods do not overlap: one 7-day forecast a week when they are made daily", () => {
    const daily = Array.from({ length: 30 }, (_, i) => ({ periodStart: isoDayOf(DEPLOYED + 29 - i), horizonDays: 7 }));
    expect(nonOverlapping(daily).map((f) => f.periodStart)).toEqual([0, 7, 14, 21, 28].map((d) => isoDayOf(DEPLOYED + d)));
  });

  it("schedules one run a month per approved version, once its forecasts have finished", async () => {
    const month = scheduledMonth(NOW, 7);
    expect(await scheduleDueMonitoring(NOW)).toBe(1);
    expect(await scheduleDueMonitoring(NOW)).toBe(0);
    await runNext(MONITORING_JOB);
    const [version] = await listMonitoring(o1);
    expect(version!.runs.find((r) => r.trigger === "scheduled")).toMatchObject({ month, status: "completed" });
  });

  it("raises an alert for the accuracy collapse, without patrol logs says displacement is not yet measurable, and does not suspend by default", async () => {
    const [before] = (await listMonitoring(o1))[0]!.trend.realised_pai;
    const run = await monitorMonth(o1, versionId, AFTER);
    console.log(describeRun(run));
    const pai = metricOf(run, "realised_pai");
    expect(pai).toMatchObject({ status: "breach", threshold: "≥ 2", limit: { min: 2 } });
    expect(pai.value!).toBeLessThan(before!.value! / 3);
    expect(metricOf(run, "displacement_wdq")).toMatchObject({ status: "not_measurable", reason: "no_patrol_logs" });
    expect(run).toMatchObject({ breaches: 1, suspended: false });
    expect((await getVersion(o1, versionId)).state).toBe("approved");
    const alerts = (await listMonitoringAlerts(o1, { open: true })).filter((a) => a.runId === run.id);
    expect(alerts.map((a) => [a.metric, a.month])).toEqual([["realised_pai", AFTER]]);
    const [entry] = rowsOf<{ kind: string; actor: string }>(await (await getDb()).execute(sql`select kind, entry->>'actor' as actor from ledger_entries where seq = ${run.ledgerSeq}`));
    expect(entry).toEqual({ kind: "monitoring.completed", actor: "system" });
  });

  it("measures displacement once officers log patrols: crime pushed into the ring around them", async () => {
    const view = await viewForecast(police, { purpose: "patrol_planning", date: isoDayOf(DEPLOYED), horizon: 7 }, NOW);
    expect(view.forecast.periodStart).toBe(isoDayOf(DEPLOYED));
    const flagged = view.cells.filter((c) => c.flagged);
    for (const cell of flagged) await recordPatrolAction(police, view.forecast.id, { kind: "patrol_assigned", cell: cell.cell, plannedMinutes: 45 });
    const run = await monitorMonth(o1, versionId, AFTER);
    console.log(`${describeRun(run)}; design ${JSON.stringify(run.summary?.displacementDesign)}`);
    const wdq = metricOf(run, "displacement_wdq");
    expect(wdq).toMatchObject({ status: "breach", threshold: "≥ -0.5" });
    expect(wdq.value!).toBeLessThan(-0.5);
    expect(run.summary).toMatchObject({ patrolledCells: flagged.length, firstPatrolDay: isoDayOf(DEPLOYED) });
    expect(run).toMatchObject({ breaches: 2, suspended: false });
    expect((await getVersion(o1, versionId)).state).toBe("approved");
  });

  it("suspends the version through its lifecycle, on the ledger, when the policy says a breach suspends", async () => {
    await updatePolicy(admin, { autoSuspendOnBreach: true });
    const run = await monitorMonth(o1, versionId, AFTER);
    expect(run).toMatchObject({ suspended: true, breaches: 2 });
    const version = await getVersion(o1, versionId);
    expect(version.state).toBe("suspended");
    const suspension = version.transitions.at(-1)!;
    expect(suspension).toMatchObject({ from: "approved", to: "suspended", reason: expect.stringMatching(/^Suspended automatically by post-deployment monitoring of \d{4}-\d{2}.*realised PAI .*displacement WDQ/) });
    const [entry] = rowsOf<{ kind: string; actor: string }>(await (await getDb()).execute(sql`select kind, entry->>'actor' as actor from ledger_entries where seq = ${suspension.ledgerSeq}`));
    expect(entry).toEqual({ kind: "version.suspended", actor: "system" });
    const [transition] = rowsOf<{ actor_id: string | null }>(await (await getDb()).execute(sql`select actor_id from version_transitions where ledger_seq = ${suspension.ledgerSeq}`));
    expect(transition!.actor_id).toBeNull();
    // A suspended version is not suspended again; monitoring still measures what it served.
    const again = await monitorMonth(o1, versionId, AFTER);
    expect(again).toMatchObject({ status: "completed", suspended: false, breaches: 2 });
  });

  it("draws the trend per metric by month against the thresholds", async () => {
    const [version] = await listMonitoring(o1);
    const trend = version!.trend.realised_pai.map((p) => [p.month, p.status]);
    expect(trend.filter(([month]) => BEFORE.includes(month!) || month === AFTER)).toEqual([...BEFORE.map((m) => [m, "pass"]), [AFTER, "breach"]]);
    expect(version!.trend.displacement_wdq.find((p) => p.month === AFTER)).toMatchObject({ status: "breach", limit: { min: -0.5 } });
    expect(version!.openAlerts).toBeGreaterThanOrEqual(3);
  });

  it("lets an officer acknowledge an alert once, on the ledger; admins read but do not act; police see nothing", async () => {
    const [alert] = await listMonitoringAlerts(o1, { open: true });
    const acknowledged = await acknowledgeAlert(o1, alert!.id, { note: "Version suspended; developer asked for a retrained version." });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    await expect(acknowledgeAlert(o1, alert!.id, { note: "again" })).rejects.toMatchObject({ code: "conflict" });
    await expect(acknowledgeAlert(o1, alert!.id, { note: "" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^note:/) });
    await expect(acknowledgeAlert(admin, alert!.id, { note: "admin note" })).rejects.toMatchObject({ name: "PermissionDeniedError" });
    expect((await listMonitoringAlerts(admin)).length).toBeGreaterThan(0);
    await expect(listMonitoring(police)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(requestMonitoring(admin, versionId, {})).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(requestMonitoring(o1, versionId, { month: "2999-01" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^month:/) });
    await expect(requestMonitoring(o1, versionId, { month: "May" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^month:/) });
    const db = await getDb();
    expect(await refusal(db.execute(sql`update monitoring_metrics set value = 9 where metric = 'realised_pai'`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`delete from monitoring_runs`))).toMatch(/never changed/);
    expect(await refusal(db.execute(sql`update monitoring_runs set breaches = 0 where status = 'completed'`))).toMatch(/never changed/);
    expect(await refusal(db.execute(sql`update monitoring_alerts set metric = 'feedback_ratio' where id = ${alert!.id}`))).toMatch(/only its acknowledgement/);
  });
});
