import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { getAudit, startAudit } from "@/db/queries/audits";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { applyVersionEvent, getVersion, registerModel, registerVersion } from "@/db/queries/models";
import { seedDemo } from "@/db/queries/seed";
import type { AuditReport } from "@/lib/audit";
import type { Actor } from "@/lib/auth/permissions";
import { startWorkers } from "@/lib/jobs/worker";

const NOW = new Date();
const DAY = 86_400_000;
const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("from registration through an audit on the synthetic city to two approvals", () => {
  let dev: Actor, o1: Actor, o2: Actor;
  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 5, now: NOW, city: { districts: 6, targetIncidents: 6_000 } });
    [dev, o1, o2] = await Promise.all(["developer@demo.test", "oversight1@demo.test", "oversight2@demo.test"].map(actorOf)) as [Actor, Actor, Actor];
  });

  it("audits the version in a background job, records the verdict, then lets two officers approve", async () => {
    const model = await registerModel(dev, { name: "Synthetic burglary hotspots", purpose: "Weekly patrol advice" });
    const version = await registerVersion(dev, model.id, {
      definition: { algorithm: "naive", parameters: {}, categories: ["burglary", "theft", "robbery", "assault"], trainingWindow: { from: isoDay(NOW.getTime() - 730 * DAY), to: isoDay(NOW.getTime() - 120 * DAY) }, cellSizeM: 150, areaCodes: ["D01", "D02", "D03", "D04", "D05", "D06"], engineVersion: "0.1.0" },
      modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "m@demo.test" },
    });
    await applyVersionEvent(dev, version.id, { type: "submit" });
    await expect(startAudit(dev, version.id, { from: isoDay(NOW.getTime() - 120 * DAY), to: isoDay(NOW.getTime() - DAY) })).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(startAudit(o1, version.id, { from: "2026-02-01", to: "2026-01-01" })).rejects.toMatchObject({ code: "invalid_input" });
    // Scoring periods the version was trained on would flatter it.
    await expect(startAudit(o1, version.id, { from: isoDay(NOW.getTime() - 200 * DAY), to: isoDay(NOW.getTime() - DAY) })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^evaluation\.from: must be on or after .* training window/) });
    await expect(startAudit(o1, version.id, { from: isoDay(NOW.getTime() - 120 * DAY), to: isoDay(NOW.getTime() - DAY), reference: "group_z" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^evaluation\.reference: "group_z" is not a demographic group .*\(group_a, group_b, group_c\)/) });
    const { auditId } = await startAudit(o1, version.id, { from: isoDay(NOW.getTime() - 120 * DAY), to: isoDay(NOW.getTime() - DAY), reference: "group_b" });

    const workers = startWorkers(1);
    let audit = await getAudit(o1, auditId);
    try {
      for (let i = 0; i < 300 && audit.status === "queued"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        audit = await getAudit(o1, auditId);
      }
    } finally {
      await workers.stop();
    }
    expect(audit).toMatchObject({ status: "completed", progress: 1 });
    const report = audit.report as unknown as AuditReport;
    expect(report.accuracy.model.pai.estimate).toBeGreaterThan(1);
    expect(report.bias.map((b) => b.group).sort()).toEqual(["group_a", "group_b", "group_c"]);
    expect(report.reference).toBe("group_b");
    expect(report.bias.find((b) => b.group === "group_b")?.disparity.estimate).toBe(1);
    // Fitted on the training window, as forecasts are generated: from its first day to its last.
    expect(report.protocol).toMatchObject({ fitFrom: Date.parse(`${isoDay(NOW.getTime() - 730 * DAY)}T00:00:00Z`) / DAY, fitCutoff: Date.parse(`${isoDay(NOW.getTime() - 120 * DAY)}T00:00:00Z`) / DAY });
    expect(report.accuracy.model.capture.at(-1)).toEqual([1, 1]);
    expect(report.map?.areas.map((a) => a.code)).toEqual(["D01", "D02", "D03", "D04", "D05", "D06"]);
    expect(report.map?.runs.reduce((n, run) => n + run[2], 0)).toBe(report.protocol.validCells);
    expect(report.map?.flagged.length).toBeGreaterThanOrEqual(Math.floor(0.05 * report.protocol.validCells));
    expect(report.feedback.status === "measured" && report.feedback.ratio.estimate).toBeGreaterThan(1);
    expect(report.policy.criteria).toHaveLength(5);

    const verdict = audit.verdict as "pass" | "fail";
    const approval = (reason: string) => ({ type: "approve" as const, areaCodes: ["D01", "D02"], categories: ["burglary"], reason, ...(verdict === "fail" ? { override: `Reviewed the failed criteria: ${reason}` } : {}) });
    await applyVersionEvent(o1, version.id, approval("first review"));
    await applyVersionEvent(o2, version.id, approval("second review"));
    const approved = await getVersion(o1, version.id);
    expect(approved).toMatchObject({ state: "approved", auditVerdict: verdict, approvedAreaCodes: ["D01", "D02"] });
    expect(approved.transitions.map((t) => t.to)).toEqual(["submitted", "audited", "audited", "approved"]);
  });
});
