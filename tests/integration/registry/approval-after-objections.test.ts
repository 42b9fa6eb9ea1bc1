import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { getAudit, startAudit } from "@/db/queries/audits";
import { applyVersionEvent, getVersion, registerModel, registerVersion } from "@/db/queries/models";
import { submitObjection } from "@/db/queries/objections";
import { decideObjection, listObjectionQueue } from "@/db/queries/objections-handling";
import { getObjectionPolicy, updateObjectionPolicy } from "@/db/queries/objections-maintenance";
import { versionNeedsReaudit } from "@/db/queries/objections-propagation";
import type { Actor } from "@/lib/auth/permissions";
import { startWorkers } from "@/lib/jobs/worker";
import { actorOf, countRows, seedSmallCity, someIncident } from "@/tests/integration/objections/support";

const NOW = new Date();
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * An approval vouches for the data its audit measured: once upheld objections have changed as many
 * of a version's training records since that audit as the objection policy allows, no officer may
 * approve it on that audit; a new audit (on the corrected data) lifts the block.
 */
describe("approving a version whose training data objections changed since its audit", () => {
  let dev: Actor, o1: Actor, o2: Actor, citizen: Actor, admin: Actor;
  let versionId: string;
  let n = 0;
  const trainingWhere = `a.code = 'D01' and i.category = 'burglary' and i.occurred_at between '${isoDay(NOW.getTime() - 500 * DAY)}' and '${isoDay(NOW.getTime() - 200 * DAY)}'`;

  beforeAll(async () => {
    await seedSmallCity(NOW);
    [dev, o1, o2, citizen, admin] = (await Promise.all(["developer@demo.test", "oversight1@demo.test", "oversight2@demo.test", "citizen@demo.test", "admin@demo.test"].map(actorOf))) as [Actor, Actor, Actor, Actor, Actor];
    await updateObjectionPolicy(admin, { ...(await getObjectionPolicy(await getDb())), reauditAfterChangedRecords: 1 });
    const model = await registerModel(dev, { name: "Burglary hotspots under objection", purpose: "Weekly patrol advice" });
    versionId = (
      await registerVersion(dev, model.id, {
        definition: { algorithm: "naive", parameters: {}, categories: ["burglary"], trainingWindow: { from: isoDay(NOW.getTime() - 540 * DAY), to: isoDay(NOW.getTime() - 120 * DAY) }, cellSizeM: 150, areaCodes: ["D01", "D02", "D03", "D04"], engineVersion: "0.1.0" },
        modelCard: { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "m@demo.test" },
      })
    ).id;
    await applyVersionEvent(dev, versionId, { type: "submit" });
    await audit();
  });

  /** Runs a real audit of the version in a background job, to completion. */
  async function audit(): Promise<void> {
    const { auditId } = await startAudit(o1, versionId, { from: isoDay(NOW.getTime() - 120 * DAY), to: isoDay(NOW.getTime() - DAY) });
    const workers = startWorkers(1);
    try {
      for (let i = 0; i < 600 && (await getAudit(o1, auditId)).status !== "completed"; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await workers.stop();
    }
    expect((await getAudit(o1, auditId)).status).toBe("completed");
  }

  /** A citizen's rectification of one of the version's training records, upheld: the record is recoded. */
  async function upholdCorrection(): Promise<void> {
    const incident = await someIncident(`${trainingWhere} and i.status = 'active' and i.revision = 1`);
    const filed = await submitObjection({ input: { kind: "rectification", description: "It was a theft from a car, not a burglary.", incidentExternalId: incident.external_id }, clientIp: `192.0.2.${++n}`, submitter: citizen });
    const row = (await listObjectionQueue(o1, { status: "all" })).find((r) => r.trackingHint === filed.trackingCode.slice(-5))!;
    await decideObjection(o1, row.id, { outcome: "upheld", reasons: "The station's log confirms a theft from a parked car.", action: { type: "correct", category: "theft" } });
  }

  const approval = (reason: string) => ({ type: "approve" as const, areaCodes: ["D01"], categories: ["burglary"], reason, override: `Reviewed: ${reason}` });
  const written = async () => ({ approvals: await countRows("version_approvals"), transitions: await countRows("version_transitions"), ledger: await countRows("ledger_entries") });

  it("refuses the approval, naming the changed records and the threshold, and writes nothing; a new audit lifts it", async () => {
    await upholdCorrection();
    expect(await versionNeedsReaudit(await getDb(), versionId)).toBe(true);
    const before = await written();
    await expect(applyVersionEvent(o1, versionId, approval("first review"))).rejects.toMatchObject({
      code: "conflict",
      message: "Upheld objections changed 1 record(s) of this version's training data since its audit, and the objection policy asks for a new audit from 1: audit it again before approving.",
    });
    expect(await written()).toEqual(before);
    expect((await getVersion(o1, versionId)).state).toBe("audited");

    // Audited again, on the corrected data: the changes are behind the audit, and approval proceeds.
    await audit();
    expect(await versionNeedsReaudit(await getDb(), versionId)).toBe(false);
    await expect(applyVersionEvent(o1, versionId, approval("first review"))).resolves.toMatchObject({ state: "audited" });
  });

  it("refuses the second approval when the data changed after the first: that audit can no longer be vouched for", async () => {
    await upholdCorrection();
    const before = await written();
    await expect(applyVersionEvent(o2, versionId, approval("second review"))).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/^Upheld objections changed 1 record\(s\) .*: an approval was already given on that audit, so reject the version and register a new one\.$/),
    });
    expect(await written()).toEqual(before);
    const version = await getVersion(o1, versionId);
    expect(version.state).toBe("audited");
    const [approvals] = rowsOf<{ n: number }>(await (await getDb()).execute(sql`select count(*)::int as n from version_approvals where version_id = ${versionId}`));
    expect(Number(approvals?.n)).toBe(1);
  });
});
