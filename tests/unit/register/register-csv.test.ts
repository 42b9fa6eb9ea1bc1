import { describe, expect, it } from "vitest";
import { buildEntry } from "@/lib/register/entry";
import { REGISTER_CSV_COLUMNS, registerCsv } from "@/lib/register/to-csv";
import { approvedFacts } from "./fixtures";

const NOW = new Date("2026-03-10T12:00:00Z");

/** RFC 4180 fields of one CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += c;
  }
  return rows;
}

describe("the register as CSV", () => {
  it("writes a header and one row per version with the audit's figures", () => {
    const entry = buildEntry(approvedFacts(), NOW)!;
    const rows = parseCsv(registerCsv({ checkpoint: null, entries: [entry, entry] }));
    expect(rows[0]).toEqual([...REGISTER_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const record = Object.fromEntries(REGISTER_CSV_COLUMNS.map((column, i) => [column, rows[1]![i]]));
    expect(record).toMatchObject({ state: "approved", approver_roles: "oversight_officer oversight_officer", pai: String(entry.audit!.pai.estimate), criterion_min_pai: entry.audit!.criteria[0]!.outcome, approved_areas: "D01" });
  });

  it("keeps text a person wrote from running as a spreadsheet formula, and quotes commas, quotes and line breaks", () => {
    const facts = approvedFacts();
    Object.assign(facts.version.modelCard as object, { intendedUse: '=HYPERLINK("http://evil.example","click")', outOfScopeUses: "No individuals,\r\nno \"scores\"", contact: "@SUM(A1:A9)" });
    facts.approvals[0]!.override = "+cmd|' /C calc'!A0";
    const text = registerCsv({ checkpoint: null, entries: [buildEntry(facts, NOW)!] });
    const rows = parseCsv(text);
    const record = Object.fromEntries(REGISTER_CSV_COLUMNS.map((column, i) => [column, rows[1]![i]]));
    expect(rows[1]).toHaveLength(REGISTER_CSV_COLUMNS.length);
    expect(record.intended_use).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(record.out_of_scope_uses).toBe('No individuals,\r\nno "scores"');
    expect(record.contact).toBe("'@SUM(A1:A9)");
    expect(record.overrides).toBe("oversight_officer: +cmd|' /C calc'!A0");
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });
});
