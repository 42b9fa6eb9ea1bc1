import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { getOversightDashboard } from "@/db/queries/dashboard";
import { viewForecast } from "@/db/queries/forecasts";
import { LEDGER_VERIFY_JOB, startLedgerVerification } from "@/db/queries/ledger-integrity";
import { acknowledgeAlert, listMonitoringAlerts } from "@/db/queries/monitoring-read";
import { submitObjection } from "@/db/queries/objections";
import { recordPatrolAction } from "@/db/queries/patrols";
import { getOversightRegionalView, getPublicRegionalView } from "@/db/queries/regional";
import { seedDemo } from "@/db/queries/seed";
import type { Actor } from "@/lib/auth/permissions";
import { isoDayOf, monthOf, monthWindow, shiftMonth } from "@/lib/monitoring";
import { actorOf, DAY, describeRun, forecastsFor, metricOf, monitorMonth, naiveVersion, runNext, weeklyStarts } from "./support";

/**
 * Recording bias planted in the synthetic city (discoveryBias 0.9: police discover crime where
 * they patrol and patrol where crime was recorded), no segregation; the same seed as the drift
 * test, whose city has discoveryBias 0. Then the oversight dashboard's counts and the regional view.
 */
const NOW = new Date();
const TODAY = Math.floor(NOW.getTime() / DAY);
const CITY_START = TODAY - 730;
const LAST = shiftMonth(monthOf(NOW), 1);
const AREAS = ["D01", "D02", "D03", "D04", "D05", "D06"];

describe("monitoring detects planted recording bias; the dashboard counts what awaits oversight; the regional view aggregates by district", () => {
  let o1: Actor, admin: Actor, police: Actor, citizen: Actor;
  let versionId: string;

  beforeAll(async () => {
    const t0 = Date.now();
    await seedDemo(await getDb(), { seed: 5, now: NOW, city: { districts: 6, targetIncidents: 6_000, discoveryBias: 0.9, segregation: 0 } });
    [o1, admin, police, citizen] = await Promise.all(["oversight1@demo.test", "admin@demo.test", "police@demo.test", "citizen@demo.test"].map(actorOf)) as [Actor, Actor, Actor, Actor];
    const first = monthWindow(LAST).from;
    versionId = await naiveVersion({ name: "Bias test hotspots", areaCodes: AREAS, trainedFrom: CITY_START, trainedTo: first - 60, auditTo: first - 1 });
    await forecastsFor(versionId, weeklyStarts(first, first, monthWindow(LAST).to, TODAY));
    console.log(`bias city seeded and forecast in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 400_000);

  it("breaches the feedback-loop ratio of the flags served, its interval wholly above the threshold", async () => {
    const run = await monitorMonth(o1, versionId, LAST);
    console.log(describeRun(run));
    const loop = metricOf(run, "feedback_ratio");
    expect(loop).toMatchObject({ status: "breach", threshold: "≤ 1.5" });
    expect(loop.interval!.lower).toBeGreaterThan(1.5);
    // Without segregation every group lives alike under the flags: the bias shows in the loop, not in exposure.
    expect(metricOf(run, "exposure_disparity")).toMatchObject({ status: "pass" });
    expect((await listMonitoringAlerts(o1, { open: true })).map((a) => a.metric)).toContain("feedback_ratio");
  });

  it("counts pending versions, lapsing approvals, overdue and due-soon objections, open alerts and the ledger's integrity", async () => {
    const trained = { trainedFrom: CITY_START, trainedTo: TODAY - 200, auditTo: TODAY - 150 };
    await naiveVersion({ name: "Waiting for an audit", areaCodes: ["D01"], ...trained }, "submitted");
    await naiveVersion({ name: "Waiting for a second approval", areaCodes: ["D02"], ...trained }, "audited");
    const lapsing = await naiveVersion({ name: "Lapsing soon", areaCodes: ["D03"], ...trained, validUntil: new Date(NOW.getTime() + 10 * DAY + 3_600_000) });
    const file = (days: number, description: string) => submitObjection({ input: { kind: "objection", description, areaCode: "D01" }, clientIp: `test-${days}`, submitter: null, now: new Date(NOW.getTime() - days * DAY) });
    await file(40, "Overdue for ten days: objection to the use of my area's data.");
    await file(33, "Overdue for three days: objection to the use of my area's data.");
    await file(26, "Due within the week: objection to the use of my area's data.");
    await file(1, "Filed yesterday: objection to the use of my area's data.");

    const board = await getOversightDashboard(o1, NOW);
    expect(board.pending).toMatchObject({ submitted: 1, audited: 1 });
    expect(board.pending.versions.map((v) => [v.modelName, v.state, v.approvals])).toEqual([["Waiting for an audit", "submitted", 0], ["Waiting for a second approval", "audited", 1]]);
    expect(board.expiring.map((v) => [v.id, v.daysLeft])).toEqual([[lapsing, 10]]);
    expect(board.objections).toMatchObject({ overdue: 2, dueSoon: 1 });
    const open = (await listMonitoringAlerts(o1, { open: true })).length;
    expect(open).toBeGreaterThan(0);
    expect(board.alerts.open).toBe(open);
    expect(board.ledger).toBeNull();

    await startLedgerVerification(o1);
    await runNext(LEDGER_VERIFY_JOB);
    const [alert] = await listMonitoringAlerts(o1, { open: true });
    await acknowledgeAlert(o1, alert!.id, { note: "Asked the developer to retrain on reported incidents only." });
    const after = await getOversightDashboard(o1, NOW);
    expect(after.alerts.open).toBe(open - 1);
    expect(after.ledger).toMatchObject({ status: "succeeded", result: { ok: true } });

    // A day before the approval lapses it still counts; once lapsed it is no longer "expiring" but expired.
    expect((await getOversightDashboard(o1, new Date(NOW.getTime() + 9 * DAY))).expiring.map((v) => v.daysLeft)).toEqual([1]);
    expect((await getOversightDashboard(o1, new Date(NOW.getTime() + 11 * DAY))).expiring).toEqual([]);
    // Administrators see the registry, alerts and the ledger but do not handle objections; others see nothing.
    const adminBoard = await getOversightDashboard(admin, NOW);
    expect(adminBoard).toMatchObject({ objections: null, pending: { submitted: 1, audited: 1 }, alerts: { open: open - 1 } });
    await expect(getOversightDashboard(police, NOW)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(getOversightDashboard(citizen, NOW)).rejects.toMatchObject({ name: "PermissionDeniedError" });
  });

  it("shows the public, per district and month, flagged share, patrol dosage and crime change, with nothing finer", async () => {
    const first = monthWindow(LAST).from;
    const view = await viewForecast(police, { purpose: "patrol_planning", date: isoDayOf(first), horizon: 7, area: "D01" }, NOW);
    const d01 = view.cells.filter((c) => c.flagged && c.areaCode === "D01").slice(0, 4);
    expect(d01.length).toBeGreaterThan(0);
    for (const cell of d01) await recordPatrolAction(police, view.forecast.id, { kind: "patrol_assigned", cell: cell.cell, plannedMinutes: 30 });

    const regional = await getPublicRegionalView({}, new Date(NOW.getTime() + 120_000));
    expect(regional.months).toHaveLength(12);
    expect(regional.months.at(-1)).toBe(monthOf(NOW));
    expect(regional.areas.map((a) => a.code)).toEqual(AREAS);
    // Districts of the synthetic city tile it: each has a neighbour, and neighbourhood is mutual.
    for (const [code, neighbours] of Object.entries(regional.adjacency)) {
      expect(neighbours.length).toBeGreaterThan(0);
      for (const n of neighbours) expect(regional.adjacency[n]).toContain(code);
    }
    const last = regional.districts.filter((d) => d.month === LAST);
    const treated = last.find((d) => d.area === "D01")!;
    expect(treated).toMatchObject({ treated: true, dosageMinutes: 30 * d01.length, patrols: d01.length });
    for (const d of last.filter((d) => d.area !== "D01")) expect(d).toMatchObject({ treated: false, dosageMinutes: 0, bordersTreated: regional.adjacency.D01!.includes(d.area) });
    const counts = new Map(rowsOf<{ code: string; n: number }>(await (await getDb()).execute(sql`
      select a.code, count(*)::int as n from incidents i join areas a on a.id = i.area_id
      where i.occurred_at >= ${`${isoDayOf(first)}T00:00:00Z`} and i.occurred_at < ${`${isoDayOf(monthWindow(LAST).to)}T00:00:00Z`} group by 1`)).map((r) => [r.code, Number(r.n)]));
    for (const d of last) expect(d.incidents).toBe(counts.get(d.area) ?? 0);
    // Flags: about the audited 5 % of cells on average over districts.
    const shares = last.map((d) => d.flaggedShare!);
    expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThan(0.01);
    expect(regional.border.find((b) => b.month === LAST)!.neighbours).not.toBeNull();
    const text = JSON.stringify(regional);
    expect(text).not.toMatch(/"cell"|"cells"|plannedMinutes|recordedBy|forecastId/);
  });

  it("gives oversight the cells behind the figures, within their jurisdiction; others may not read it", async () => {
    const full = await getOversightRegionalView(o1, LAST, NOW);
    const activity = full.activity.find((a) => a.versionId === versionId)!;
    expect(activity.forecasts).toBeGreaterThanOrEqual(3);
    expect(activity.cells.filter((c) => c.patrolMinutes > 0).every((c) => c.areaCode === "D01")).toBe(true);
    expect(activity.cells.some((c) => c.flaggedShare > 0)).toBe(true);
    await expect(getOversightRegionalView(police, LAST, NOW)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(getOversightRegionalView(o1, "2999-01", NOW)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getPublicRegionalView({ from: "2026-13" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^from:/) });
  });
});
