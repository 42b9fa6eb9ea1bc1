import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "@/lib/csv/write-csv";
import { parseOccurredAt } from "@/lib/import/parse-date";
import { zonedTimeToUtc } from "@/lib/import/zoned-time";

describe("formula-safe CSV", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+1+1", "'+1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["-12.5", "-12.5"],
    ["a,b", '"a,b"'],
    [null, ""],
  ])("writes %s as %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("never lets a cell start a formula", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = csvCell(text);
        const unquoted = cell.startsWith('"') ? cell.slice(1) : cell;
        return !/^[=+@\t\r]/.test(unquoted) && !(/^-/.test(unquoted) && !/^-?\d+(\.\d+)?$/.test(unquoted));
      }),
    );
    expect(csvLine(["a", 1])).toBe("a,1\r\n");
  });
});

describe("local times", () => {
  it("reads wall-clock times in a zone across DST changes", () => {
    const chicago = (y: number, m: number, d: number, h: number, mi: number) => zonedTimeToUtc({ year: y, month: m, day: d, hour: h, minute: mi }, "America/Chicago").toISOString();
    expect(chicago(2019, 1, 1, 0, 0)).toBe("2019-01-01T06:00:00.000Z");
    expect(chicago(2019, 7, 4, 12, 0)).toBe("2019-07-04T17:00:00.000Z");
    expect(chicago(2019, 11, 3, 1, 30)).toBe("2019-11-03T06:30:00.000Z");
    expect(chicago(2019, 3, 10, 2, 30)).toBe("2019-03-10T08:30:00.000Z");
  });

  it("rejects impossible dates instead of rolling them over", () => {
    expect(parseOccurredAt("2/30/2019 10:00", "M/D/YYYY H:MM", "UTC")).toBeNull();
    expect(parseOccurredAt("13/1/2019 10:00", "M/D/YYYY H:MM", "UTC")).toBeNull();
    expect(parseOccurredAt("1/1/2019 24:00", "M/D/YYYY H:MM", "UTC")).toBeNull();
    expect(parseOccurredAt("31/1/2019 10:00", "D/M/YYYY H:MM", "UTC")?.toISOString()).toBe("2019-01-31T10:00:00.000Z");
    expect(parseOccurredAt("2019-01-31T10:00:00+01:00", "iso", "UTC")?.toISOString()).toBe("2019-01-31T09:00:00.000Z");
  });
});
