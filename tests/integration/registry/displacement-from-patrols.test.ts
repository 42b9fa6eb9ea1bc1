import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { getAudit, startAudit } from "@/db/queries/audits";
import { viewForecast } from "@/db/queries/forecasts";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { applyVersionEvent, registerModel, registerVersion } from "@/db/queries/models";
import { recordPatrolAction } from "@/db/queries/patrols";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import type { AuditReport } from "@/lib/audit";
import type { Actor } from "@/lib/auth/permissions";
import { startWorkers } from "@/lib/jobs/worker";

const NOW = new Date();
const DAY = 86_400_000;
const TODAY = Math.floor(NOW.getTime() / DAY);
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;

async function audited(officer: Actor, versionId: string, to: number): Promise<AuditReport> {
  const { auditId } = await startAudit(officer, versionId, { from: isoDay(TODAY - 60), to: isoDay(to) });
  const workers = startWorkers(1);
  let audit = await getAudit(officer, auditId);
  try {
    for (let i = 0; i < 600 && audit.status === "queued"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      audit = await getAudit(officer, auditId);
    }
  } finally {
    await workers.stop();
  }
  expect(audit).toMatchObject({ status: "completed" });
  return audit.report as unknown as AuditReport;
}

describe("displacement measured from the patrol log", () => {
  let dev: Actor, officer: Actor, police: Actor;
  let patrolled: number[];
  const deployed = TODAY - 14;

  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 11, now: NOW, city: { districts: 6, targetIncidents: 6_000 } });
    expect(await seedDemoModel(NOW)).toBe(true);
    [dev, officer, police] = (await Promise.all(["developer@demo.test", "oversight1@demo.test", "police@demo.test"].map(actorOf))) as [Actor, Actor, Actor];
    // An officer plans patrols on three flagged cells of the forecast for the week two weeks ago, and declines a fourth.
    const view = await viewForecast(police, { purpose: "patrol_planning", horizon: 7, date: isoDay(deployed) }, NOW);
    const flagged = view.cells.filter((c) => c.flagged).slice(0, 4);
    patrolled = flagged.slice(0, 3).map((c) => c.cell);
    for (const cell of patrolled) await recordPatrolAction(police, view.forecast.id, { kind: "patrol_assigned", cell, plannedMinutes: 60 });
    await recordPatrolAction(police, view.forecast.id, { kind: "not_acted", cell: flagged[3]!.cell, reason: "no unit free" });
  });

  it("compares the patrolled cells, a buffer and the rest from the first patrolled day, and ignores patrols after the evaluation", async () => {
    const model = await registerModel(dev, { name: "Displacement check", purpose: "Weekly patrol advice" });
    const version = await registerVersion(dev, model.id, {
      definition: { algorithm: "naive", parameters: {}, categories: ["burglary", "theft", "robbery", "vehicle_theft"], trainingWindow: { from: isoDay(TODAY - 540), to: isoDay(TODAY - 60) }, cellSizeM: 150, areaCodes: ["D01", "D02", "D03", "D04", "D05", "D06"], engineVersion: "0.1.0" },
      modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "m@demo.test" },
    });
    await applyVersionEvent(dev, version.id, { type: "submit" });

    const report = await audited(officer, version.id, TODAY);
    // Same grid (150 m over the same areas), so the three patrolled cells are the targets; the declined one is not.
    expect(report.displacement.design).toMatchObject({ targetCells: 3, bufferM: 300, before: [deployed - 14, deployed], after: [deployed, TODAY] });
    expect(report.displacement.reason).not.toMatch(/no patrol is logged/);

    const earlier = await audited(officer, version.id, deployed);
    expect(earlier.displacement).toMatchObject({ status: "not_measurable", wdq: null, reason: `Not yet measurable: no patrol is logged in these areas before ${isoDay(deployed)}.` });
    expect(patrolled).toHaveLength(3);
  });
});
