import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { runAreaImport, runIncidentImport } from "@/db/queries/imports";
import { PRESETS } from "@/lib/import/presets";

/**
 * Malformed incident files, one fault each (tests/fixtures/import/malformed, expected.json names
 * the line, field and message each must be refused with). Every one is rejected whole, with its
 * problem named, and nothing is imported: no incident, no revision, no ledger entry but the
 * stored report's.
 */
const DIR = path.resolve(import.meta.dirname, "../../fixtures/import/malformed");
const IMPORT = path.resolve(import.meta.dirname, "../../fixtures/import");
const expected = JSON.parse(fs.readFileSync(path.join(DIR, "expected.json"), "utf8")) as Record<string, { line: number | null; field: string | null; message: string }>;

async function counts(): Promise<{ incidents: number; revisions: number; importEntries: number }> {
  const [row] = rowsOf<{ incidents: number; revisions: number; import_entries: number }>(
    await (await getDb()).execute(sql`select (select count(*) from incidents)::int as incidents, (select count(*) from incident_revisions)::int as revisions, (select count(*) from ledger_entries where kind = 'data.imported')::int as import_entries`),
  );
  return { incidents: Number(row!.incidents), revisions: Number(row!.revisions), importEntries: Number(row!.import_entries) };
}

describe("malformed incident files", () => {
  beforeAll(async () => {
    const outcome = await runAreaImport({ geojsonText: fs.readFileSync(path.join(IMPORT, "areas.geojson"), "utf8"), options: { fileName: "areas.geojson", codeField: "code", nameField: "name" }, demographics: [], actorId: null });
    expect(outcome.status).toBe("imported");
  });

  it("has at least 20 fixtures, each with its expected refusal", () => {
    const files = fs.readdirSync(DIR).filter((name) => name.endsWith(".csv"));
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    // Each names the words of its refusal; an empty expected message would match any error.
    for (const [file, want] of Object.entries(expected)) expect(want.message.length, file).toBeGreaterThanOrEqual(3);
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`rejects ${file} whole${want.line ? ` at line ${want.line}` : ""}${want.field ? `, field ${want.field}` : ""}, and imports nothing`, async () => {
      const before = await counts();
      const outcome = await runIncidentImport({ fileName: file, content: fs.createReadStream(path.join(DIR, file)), mapping: PRESETS.sightline!, skipInvalid: false, actorId: null, now: new Date("2026-06-01T00:00:00Z") });
      expect(outcome.status, JSON.stringify(outcome.errors)).toBe("rejected");
      expect(outcome.importedCount).toBe(0);
      expect(await counts()).toEqual(before);
      // A null line or field means the error names none (a whole-file fault), not "any".
      const named = outcome.errors.find((e) => e.line === want.line && e.field === want.field && e.message.includes(want.message));
      expect(named, `${file}: ${JSON.stringify(outcome.errors)}`).toBeDefined();
      expect(named!.file).toBe(file);
    });
  }
});
