import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { runAreaImport, runIncidentImport } from "@/db/queries/imports";
import { areas, incidents } from "@/db/schema";
import { PRESETS } from "@/lib/import/presets";
import { STLOUIS_DIR, stlouisAvailable } from "../../support/shared-data";

const file = (name: string) => path.join(STLOUIS_DIR, name);
const SOURCE = "ACS 2013-2017, SLU openGIS STL_DEMOGRAPHY_NhoodPop";

// Rows per year, and rows without coordinates ("NA"), counted from the published files.
const YEARS = [
  { year: 2017, rows: 25_903, missingCoordinates: 152 },
  { year: 2018, rows: 24_345, missingCoordinates: 142 },
  { year: 2019, rows: 18_304, missingCoordinates: 107 },
];

describe.runIf(stlouisAvailable())("importing the St. Louis SLMPD data", () => {
  it("imports 88 neighbourhoods with 2017 population and race counts", async () => {
    const outcome = await runAreaImport({
      geojsonText: fs.readFileSync(file("stl_neighborhoods.geojson"), "utf8"),
      options: { fileName: "stl_neighborhoods.geojson", codeField: "NHD_NUM", nameField: "NHD_NAME" },
      demographics: [
        { fileName: "STL_PopByNhood.csv", text: fs.readFileSync(file("STL_PopByNhood.csv"), "utf8"), joinColumn: "NHD_NUM", populationColumn: "pop17", groupColumns: {}, source: SOURCE, year: 2017 },
        { fileName: "STL_RaceByNhood.csv", text: fs.readFileSync(file("STL_RaceByNhood.csv"), "utf8"), joinColumn: "NHD_NUM", groupColumns: { white: "white17", black: "black17" }, source: SOURCE, year: 2017 },
      ],
      actorId: null,
    });
    expect(outcome).toMatchObject({ status: "imported", importedCount: 88, errorCount: 0 });
    const db = await getDb();
    const [withPopulation] = await db.select({ n: sql<number>`count(*)::int`, total: sql<number>`sum(${areas.population})::int` }).from(areas).where(sql`${areas.population} is not null`);
    expect(withPopulation?.n).toBe(79);
    expect(withPopulation?.total).toBeGreaterThan(290_000);
    expect(withPopulation?.total).toBeLessThan(330_000);
  });

  it("refuses a year with missing coordinates unless told to skip them, then imports every located offence", async () => {
    const rejected = await runIncidentImport({ fileName: "part1_2017.csv", content: fs.createReadStream(file("part1_2017.csv")), mapping: PRESETS.slmpd!, skipInvalid: false, actorId: null });
    expect(rejected).toMatchObject({ status: "rejected", importedCount: 0, errorCount: 2 * 152 });

    let imported = 0;
    for (const { year, rows, missingCoordinates } of YEARS) {
      const started = performance.now();
      const outcome = await runIncidentImport({ fileName: `part1_${year}.csv`, content: fs.createReadStream(file(`part1_${year}.csv`)), mapping: PRESETS.slmpd!, skipInvalid: true, actorId: null });
      console.log(`part1_${year}.csv: ${outcome.importedCount} imported, ${outcome.skippedCount} skipped in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(outcome).toMatchObject({ status: "imported", rowCount: rows, importedCount: rows - missingCoordinates, skippedCount: missingCoordinates, errorCount: 2 * missingCoordinates });
      expect(outcome.errors.every((e) => e.file === `part1_${year}.csv` && e.line !== null && (e.field === "x" || e.field === "y") && e.message === "missing coordinate")).toBe(true);
      imported += outcome.importedCount;
    }
    const db = await getDb();
    const [counts] = await db
      .select({ total: sql<number>`count(*)::int`, cases: sql<number>`count(distinct ${incidents.caseRef})::int`, unplaced: sql<number>`count(*) filter (where ${incidents.areaId} is null)::int` })
      .from(incidents);
    expect(counts?.total).toBe(imported);
    expect(counts?.total).toBe(68_151);
    expect(counts?.cases).toBeLessThan(counts!.total);
    expect(counts?.unplaced).toBeLessThan(100);
    const byCategory = await db.select({ category: incidents.category, n: sql<number>`count(*)::int` }).from(incidents).groupBy(incidents.category);
    expect(Object.fromEntries(byCategory.map((r) => [r.category, r.n]))).toMatchObject({ theft: expect.any(Number), homicide: expect.any(Number), arson: expect.any(Number) });
  });
});
