import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLine } from "@/lib/csv/write-csv";
import { FUZZ_SEED, HOSTILE_STRINGS } from "@/tests/security/fuzz";

/** What a spreadsheet would evaluate: a cell starting with one of these, unless it is a plain number. */
const DANGEROUS = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const formulaStarts = fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0", "-2+3+cmd|' /C calc'!A0"), fc.string({ maxLength: 30 })).map(([head, tail]) => head + tail);

describe("CSV export against formula injection (fast-check)", () => {
  it("never writes a cell a spreadsheet would run, and reads back exactly what was written otherwise", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(formulaStarts, fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 1000)), fc.double(), fc.integer()), { minLength: 1, maxLength: 8 }), (cells) => {
        const [row] = parse(csvLine(cells), { relax_quotes: false, bom: false }) as string[][];
        expect(row).toHaveLength(cells.length);
        row!.forEach((written, i) => {
          // As the file is written: UTF-8, where a lone surrogate can only become U+FFFD.
          const original = Buffer.from(String(cells[i])).toString("utf8");
          if (DANGEROUS.test(written)) expect(written, JSON.stringify(original)).toMatch(PLAIN_NUMBER);
          expect(written === original || written === `'${original}`, JSON.stringify([original, written])).toBe(true);
        });
      }),
      { seed: FUZZ_SEED, numRuns: 2_000 },
    );
  });
});
