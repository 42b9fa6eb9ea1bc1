import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { verifySnapshot } from "@/db/queries/incidents";
import { getCaseByCode, getMyCase, listMyCases, submitObjection } from "@/db/queries/objections";
import { decideObjection, getCaseForOfficer, listObjectionQueue } from "@/db/queries/objections-handling";
import { getObjectionPolicy, updateObjectionPolicy } from "@/db/queries/objections-maintenance";
import { getVersionDataChanges, listForecastAnnotations, versionNeedsReaudit } from "@/db/queries/objections-propagation";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { loadSnapshotEvents } from "@/db/queries/snapshot-events";
import type { Actor } from "@/lib/auth/permissions";
import { actorOf, countRows, seedSmallCity, someIncident } from "./support";

const NOW = new Date();
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
let n = 0;
const db = async () => getDb();
const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await (await db()).execute(query))[0]!;
const latestSnapshot = () => one<{ id: string; content_hash: string; incident_count: number }>(sql`select id, content_hash, incident_count from data_snapshots order by created_at desc limit 1`);

describe("an upheld objection reaches the data, the models and the forecasts", () => {
  let o1: Actor, o2: Actor, citizen: Actor, police: Actor, admin: Actor;
  let versionId: string;
  let forecastIds: string[];
  /** Inside the demo version's training window, categories and areas, and before every stored forecast's period. */
  const trainingWhere = `i.category = 'burglary' and i.occurred_at between '${isoDay(NOW.getTime() - 500 * DAY)}' and '${isoDay(NOW.getTime() - 200 * DAY)}'`;

  beforeAll(async () => {
    await seedSmallCity(NOW);
    await seedDemoModel(NOW);
    [o1, o2, citizen, police, admin] = (await Promise.all(["oversight1@demo.test", "oversight2@demo.test", "citizen@demo.test", "police@demo.test", "admin@demo.test"].map(actorOf))) as [Actor, Actor, Actor, Actor, Actor];
    versionId = (await one<{ id: string }>(sql`select id from model_versions where state = 'approved'`)).id;
    forecastIds = rowsOf<{ id: string }>(await (await db()).execute(sql`select id from forecasts`)).map((r) => r.id);
    expect(forecastIds.length).toBeGreaterThanOrEqual(2);
  });

  async function fileAndFind(input: Record<string, unknown>): Promise<{ code: string; id: string }> {
    const filed = await submitObjection({ input, clientIp: `192.0.2.${++n}`, submitter: citizen });
    const row = (await listObjectionQueue(o1, { status: "all" })).find((r) => r.trackingHint === filed.trackingCode.slice(-5))!;
    return { code: filed.trackingCode, id: row.id };
  }

  it("an upheld rectification corrects the incident as a new revision, snapshots the data, flags the version and annotates the forecasts", async () => {
    const incident = await someIncident(`a.code = 'D01' and ${trainingWhere}`);
    const elsewhere = await someIncident(`a.code = 'D02'`);
    const target = await one<{ lat: number; lon: number }>(sql`select lat, lon from incidents where external_id = ${elsewhere.external_id}`);
    const before = await latestSnapshot();
    const { code, id } = await fileAndFind({ kind: "rectification", description: "It was an assault, two streets north.", incidentExternalId: incident.external_id });

    const result = await decideObjection(o1, id, {
      outcome: "upheld",
      reasons: "The station's log confirms an assault at the corrected location.",
      action: { type: "correct", category: "assault", location: { lat: Number(target.lat), lon: Number(target.lon) } },
    });
    expect(result.change).toMatchObject({
      incidentExternalId: incident.external_id,
      change: "corrected",
      fields: [
        { field: "category", before: "burglary", after: "assault" },
        { field: "location", areaBefore: "D01", areaAfter: "D02" },
      ],
      incidentRevision: 2,
      versionsFlagged: 1,
      versionsNeedingReaudit: 0,
    });
    expect(result.change!.forecastsAnnotated).toBe(forecastIds.length);

    // The incident changed through a new revision; the first is kept as it was.
    const revisions = rowsOf<{ revision: number; category: string; status: string; area: string; reason: string }>(
      await (await db()).execute(sql`select r.revision, r.category, r.status, a.code as area, r.reason from incident_revisions r left join areas a on a.id = r.area_id where r.incident_id = ${incident.id} order by r.revision`),
    );
    expect(revisions).toEqual([
      expect.objectContaining({ revision: 1, category: "burglary", status: "active", area: "D01" }),
      expect.objectContaining({ revision: 2, category: "assault", status: "corrected", area: "D02", reason: expect.stringContaining(id) }),
    ]);
    expect(await one(sql`select category, status, revision from incidents where id = ${incident.id}`)).toEqual({ category: "assault", status: "corrected", revision: 2 });

    // On the ledger, and a new snapshot that still holds the (corrected) record; old snapshots still verify.
    const entry = await one<{ entry: { kind: string; subjects: { type: string; id: string }[] } }>(sql`select entry from ledger_entries where seq = ${result.change!.ledgerSeq}`);
    expect(entry.entry.kind).toBe("incident.corrected");
    expect(entry.entry.subjects).toEqual(expect.arrayContaining([expect.objectContaining({ type: "incident", id: incident.id }), { type: "objection", id }]));
    const after = await latestSnapshot();
    expect(after.id).toBe(result.change!.snapshot.id);
    expect(after.content_hash).not.toBe(before.content_hash);
    expect(after.incident_count).toBe(before.incident_count);
    expect(await verifySnapshot(before.id)).toBe(true);
    const events = await loadSnapshotEvents(await db(), after.id);
    expect(events.category.filter((c) => c === "assault").length).toBeGreaterThan(0);

    // The version is marked "data changed"; below the threshold it needs no new audit yet.
    const changes = await getVersionDataChanges(o1, versionId);
    expect(changes).toMatchObject({ changedRecords: 1, changedSinceAudit: 1, threshold: 10, needsReaudit: false });
    expect(changes.recent).toEqual([expect.objectContaining({ incidentExternalId: incident.external_id, change: "corrected" })]);
    expect(await versionNeedsReaudit(await db(), versionId)).toBe(false);
    await updateObjectionPolicy(admin, { ...(await getObjectionPolicy(await db())), reauditAfterChangedRecords: 1 });
    expect(await versionNeedsReaudit(await db(), versionId)).toBe(true);

    // Every stored forecast used the record: each is annotated, for police and oversight to read.
    const annotations = await listForecastAnnotations(o1, forecastIds);
    expect(annotations).toHaveLength(forecastIds.length);
    expect(annotations.every((a) => a.relation === "included" && a.change === "corrected" && a.incidentExternalId === incident.external_id)).toBe(true);
    expect(await listForecastAnnotations(police, forecastIds)).toHaveLength(forecastIds.length);
    await expect(listForecastAnnotations(citizen, forecastIds)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    expect((await getCaseForOfficer(o2, id)).annotations).toHaveLength(forecastIds.length);

    // The citizen reads what changed, by code and in their own list.
    const status = await getCaseByCode(code);
    expect(status.changes).toEqual([expect.objectContaining({ change: "corrected", versionsFlagged: 1, forecastsAnnotated: forecastIds.length })]);
    const mine = (await listMyCases(citizen)).find((c) => c.id === id)!;
    expect((await getMyCase(citizen, mine.id)).decision?.outcome).toBe("upheld");
    expect(JSON.stringify(status)).not.toMatch(/"lat"|"lon"/);
  });

  it("a corrected record that now falls into forecasts' inputs annotates them as would-include", async () => {
    const incident = await someIncident(`a.code = 'D03' and i.category = 'assault' and i.occurred_at < '${isoDay(NOW.getTime() - 30 * DAY)}'`);
    const { id } = await fileAndFind({ kind: "rectification", description: "This was a burglary.", incidentExternalId: incident.external_id });
    const result = await decideObjection(o2, id, { outcome: "partially_upheld", reasons: "Category corrected; the time stands.", action: { type: "correct", category: "burglary" } });
    expect(result.change!.forecastsAnnotated).toBe(forecastIds.length);
    const rows = rowsOf<{ relation: string }>(await (await db()).execute(sql`select relation from forecast_annotations where objection_id = ${id}`));
    expect(rows.every((r) => r.relation === "would_include")).toBe(true);
  });

  it("an upheld erasure excludes the incident, removes its personal fields, and the new snapshot no longer holds it", async () => {
    const incident = await someIncident(`a.code = 'D02' and ${trainingWhere}`);
    await (await db()).execute(sql`update incidents set case_ref = 'CASE-4471', source_description = 'Reported by J. Doe, 12 Elm St' where id = ${incident.id}`);
    const before = await latestSnapshot();
    const { code, id } = await fileAndFind({ kind: "exclusion", description: "Please erase; the report was withdrawn.", incidentExternalId: incident.external_id });
    const result = await decideObjection(o1, id, { outcome: "upheld", reasons: "The report was withdrawn.", action: { type: "exclude", erase: true } });
    expect(result.change).toMatchObject({ change: "excluded", erasedFields: ["caseRef", "sourceDescription"], versionsFlagged: 1, versionsNeedingReaudit: 1 });
    expect(await one(sql`select status, case_ref, source_description from incidents where id = ${incident.id}`)).toEqual({ status: "excluded", case_ref: null, source_description: null });
    const after = await latestSnapshot();
    expect(after.incident_count).toBe(before.incident_count - 1);
    expect((await one<{ entry: { kind: string } }>(sql`select entry from ledger_entries where seq = ${result.change!.ledgerSeq}`)).entry.kind).toBe("incident.excluded");
    expect((await getCaseByCode(code)).changes[0]).toMatchObject({ change: "excluded", erasedFields: ["caseRef", "sourceDescription"] });
    const ledger = JSON.stringify(rowsOf(await (await db()).execute(sql`select entry from ledger_entries`)));
    expect(ledger).not.toContain("J. Doe");

    // Excluding it again is a conflict, and the case stays undecided (nothing half-done).
    const again = await fileAndFind({ kind: "exclusion", description: "Erase it.", incidentExternalId: incident.external_id });
    const snapshots = await countRows("data_snapshots");
    await expect(decideObjection(o1, again.id, { outcome: "upheld", reasons: "x", action: { type: "exclude", erase: false } })).rejects.toMatchObject({ code: "conflict" });
    expect((await getCaseForOfficer(o1, again.id)).status).toBe("received");
    expect(await countRows("data_snapshots")).toBe(snapshots);
  });

  it("a rejection changes no data", async () => {
    const incident = await someIncident(`a.code = 'D04' and ${trainingWhere}`);
    const snapshots = await countRows("data_snapshots");
    const { id } = await fileAndFind({ kind: "rectification", description: "Wrong.", incidentExternalId: incident.external_id });
    await expect(decideObjection(o1, id, { outcome: "rejected", reasons: "The record is right.", action: { type: "correct", category: "theft" } })).rejects.toMatchObject({ code: "invalid_input" });
    await decideObjection(o1, id, { outcome: "rejected", reasons: "The record matches the original report." });
    expect(await one(sql`select revision, status from incidents where id = ${incident.id}`)).toEqual({ revision: 1, status: "active" });
    expect(await countRows("data_snapshots")).toBe(snapshots);
  });
});
