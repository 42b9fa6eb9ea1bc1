import { describe, expect, it } from "vitest";
import { parseIncidentCsv } from "@/lib/import/parse-incidents";
import { PRESETS } from "@/lib/import/presets";

const HEADER = "external_id,category,occurred_at,lat,lon,source,source_code,description,area_code\n";
const NOW = new Date("2026-01-01T00:00:00Z");

async function parse(text: string, maxFieldLength?: number) {
  async function* chunks() {
    // Split mid-record to prove the parser streams across chunk borders.
    for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
  }
  return parseIncidentCsv(chunks(), { fileName: "in.csv", mapping: PRESETS.sightline!, now: NOW, maxFieldLength });
}

describe("parsing an incident CSV", () => {
  it("reads valid rows across chunk borders", async () => {
    const result = await parse(`${HEADER}A,theft,2024-01-01T00:00:00Z,1.5,2.5,reported,,"x, y",\n`);
    expect(result).toMatchObject({ fatal: false, rowCount: 1, issueCount: 0 });
    expect(result.rows[0]).toMatchObject({ externalId: "A", lat: 1.5, lon: 2.5, description: "x, y", areaCode: null });
  });

  it("names a missing required column", async () => {
    const result = await parse("external_id,category,occurred_at,lat\nA,theft,2024-01-01T00:00:00Z,1\n");
    expect(result.fatal).toBe(true);
    expect(result.issues[0]).toMatchObject({ line: 1, field: "lon", message: 'required column "lon" is missing from the header' });
  });

  it("reports a row with the wrong number of fields, an over-long field and a bad source", async () => {
    const long = "z".repeat(50);
    const result = await parse(`${HEADER}A,theft\nB,theft,2024-01-01T00:00:00Z,1,2,reported,,${long},\nC,theft,2024-01-01T00:00:00Z,1,2,rumour,,,\n`, 40);
    expect(result.issues.map((i) => [i.line, i.field])).toEqual([
      [2, null],
      [3, "description"],
      [4, "source"],
    ]);
    expect(result.rows).toHaveLength(0);
    expect(result.invalidRowCount).toBe(3);
  });

  it("stops at an unterminated quote with the line it started on", async () => {
    const result = await parse(`${HEADER}A,theft,2024-01-01T00:00:00Z,1,2,reported,,"never closed,\nB,theft,2024-01-01T00:00:00Z,1,2,reported,,,\n`);
    expect(result.fatal).toBe(true);
    expect(result.issues[0]?.message).toMatch(/cannot be read as CSV/);
  });

  it("flags placeholder coordinates and non-numbers", async () => {
    const result = await parse(`${HEADER}A,theft,2024-01-01T00:00:00Z,0,0,,,,\nB,theft,2024-01-01T00:00:00Z,north,2,,,,\n`);
    expect(result.issues.map((i) => i.message)).toEqual(["coordinates 0, 0 are a placeholder, not a place", '"north" is not a number']);
  });

  it("treats an empty file as an error", async () => {
    const result = await parse("");
    expect(result).toMatchObject({ fatal: true, issues: [{ message: "the file is empty" }] });
  });
});
