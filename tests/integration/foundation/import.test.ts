import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { runAreaImport, runIncidentImport } from "@/db/queries/imports";
import { listLedgerEntries } from "@/db/queries/ledger";
import { areas, importReports, incidentRevisions, incidents } from "@/db/schema";
import { PRESETS } from "@/lib/import/presets";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/import");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const NOW = new Date("2026-11-28T00:00:00Z");

async function importFile(name: string, preset: "sightline" | "slmpd", skipInvalid = false) {
  return runIncidentImport({ fileName: name, content: fs.createReadStream(path.join(FIXTURES, name)), mapping: PRESETS[preset]!, skipInvalid, actorId: null, now: NOW });
}

async function incidentCount(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(incidents);
  return row?.n ?? 0;
}

describe("importing areas and incidents", () => {
  beforeAll(async () => {
    const outcome = await runAreaImport({
      geojsonText: fixture("areas.geojson"),
      options: { fileName: "areas.geojson", codeField: "code", nameField: "name" },
      demographics: [{ fileName: "demographics.csv", text: fixture("demographics.csv"), joinColumn: "code", populationColumn: "pop", groupColumns: { one: "g1", two: "g2" }, source: "test", year: 2020 }],
      actorId: null,
    });
    expect(outcome.status).toBe("imported");
  });

  it("stores areas with population and groups", async () => {
    const db = await getDb();
    const [east] = await db.select().from(areas).where(eq(areas.code, "B"));
    expect(east).toMatchObject({ name: "East", population: 2000, demographics: { groups: { one: 500, two: 1500 }, source: "test", year: 2020 } });
  });

  it("imports a clean file with projected metres, areas by code or by location, and a first revision", async () => {
    const outcome = await importFile("good.csv", "sightline");
    expect(outcome).toMatchObject({ status: "imported", rowCount: 3, importedCount: 3, errorCount: 0 });
    const db = await getDb();
    const rows = await db.select().from(incidents).leftJoin(areas, eq(areas.id, incidents.areaId)).orderBy(incidents.externalId);
    expect(rows.map((r) => [r.incidents.externalId, r.areas?.code])).toEqual([["C-1", "A"], ["C-2", "B"], ["C-3", "B"]]);
    expect(rows[1]!.incidents.sourceDescription).toBe('door forced, "back"');
    expect(rows[2]!.incidents.occurredAt.toISOString()).toBe("2024-03-03T07:30:00.000Z");
    expect(rows[2]!.incidents.source).toBe("unknown");
    // Central meridian −90.25°: a point 0.03° west of it lies about 2.6 km west.
    expect(rows[0]!.incidents.x).toBeGreaterThan(-2700);
    expect(rows[0]!.incidents.x).toBeLessThan(-2500);
    const revisions = await db.select().from(incidentRevisions);
    expect(revisions.filter((r) => r.revision === 1)).toHaveLength(3);
    const [logged] = await listLedgerEntries({ kind: "data.imported", subject: outcome.reportId });
    expect(logged?.actor).toBe("system");
  });

  it("rejects a file with bad rows whole, naming line and field for each, and imports nothing", async () => {
    const before = await incidentCount();
    const outcome = await importFile("bad.csv", "sightline");
    expect(outcome.status).toBe("rejected");
    expect(outcome.importedCount).toBe(0);
    expect(await incidentCount()).toBe(before);
    const where = outcome.errors.map((e) => `${e.line}:${e.field}`);
    expect(where).toEqual(expect.arrayContaining(["3:category", "4:occurred_at", "5:occurred_at", "6:lat", "7:lat", "7:lon", "8:external_id", "9:area_code"]));
    expect(outcome.errors.find((e) => e.line === 6)?.message).toMatch(/swapped/);
    expect(outcome.errors.find((e) => e.line === 4)?.message).toMatch(/future/);
    const db = await getDb();
    const [report] = await db.select().from(importReports).where(eq(importReports.id, outcome.reportId));
    expect(report?.status).toBe("rejected");
  });

  it("imports only the good rows when asked to skip the bad ones", async () => {
    const before = await incidentCount();
    const outcome = await importFile("bad.csv", "sightline", true);
    expect(outcome).toMatchObject({ status: "imported", rowCount: 9, importedCount: 2 });
    expect(await incidentCount()).toBe(before + 2);
  });

  it("refuses ids that were already imported", async () => {
    const outcome = await importFile("good.csv", "sightline");
    expect(outcome.status).toBe("rejected");
    expect(outcome.errors[0]?.message).toMatch(/already imported/);
  });

  it("names a wrong delimiter and reads a byte-order mark", async () => {
    const wrong = await importFile("semicolon.csv", "sightline");
    expect(wrong.status).toBe("rejected");
    expect(wrong.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/comma-separated.*";"/) });
    const bom = await importFile("bom.csv", "sightline");
    expect(bom).toMatchObject({ status: "imported", importedCount: 1 });
  });

  it("reads the SLMPD format: UCR categories, Chicago local time, several offences per case", async () => {
    const outcome = await importFile("slmpd-sample.csv", "slmpd", true);
    expect(outcome).toMatchObject({ status: "imported", rowCount: 4, importedCount: 3, skippedCount: 1 });
    expect(outcome.errors.map((e) => `${e.line}:${e.field}`)).toEqual(["5:y", "5:x"]);
    const db = await getDb();
    const rows = await db.select().from(incidents).leftJoin(areas, eq(areas.id, incidents.areaId)).where(sql`${incidents.caseRef} like '19-%'`).orderBy(incidents.externalId);
    expect(rows.map((r) => [r.incidents.externalId, r.incidents.caseRef, r.incidents.category, r.areas?.code])).toEqual([
      ["19-000001/1", "19-000001", "theft", "A"],
      ["19-000001/2", "19-000001", "assault", "A"],
      ["19-000002/1", "19-000002", "robbery", "B"],
    ]);
    expect(rows[0]!.incidents.occurredAt.toISOString()).toBe("2019-01-06T05:10:00.000Z");
    expect(rows[2]!.incidents.occurredAt.toISOString()).toBe("2019-07-04T17:00:00.000Z");
  });

  it("rejects an area file with a broken geometry and keeps the existing areas", async () => {
    const outcome = await runAreaImport({
      geojsonText: JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "C", name: "Bad" }, geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 1]]] } }] }),
      options: { fileName: "broken.geojson", codeField: "code", nameField: "name" },
      demographics: [],
      actorId: null,
    });
    expect(outcome.status).toBe("rejected");
    expect(outcome.errors[0]).toMatchObject({ file: "broken.geojson", field: "geometry" });
    const db = await getDb();
    expect((await db.select().from(areas)).map((a) => a.code).sort()).toEqual(["A", "B"]);
  });
});
