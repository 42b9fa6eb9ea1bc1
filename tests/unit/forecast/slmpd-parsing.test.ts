import { describe, expect, it } from "vitest";
import { dedupeSlmpd, parseSlmpdDate, ucrCategory, type SlmpdRow } from "@/scripts/bench/slmpd";
import { localToUtcMs } from "@/lib/import/zoned-time";

describe("SLMPD parsing for the bench", () => {
  it("reads local St. Louis time as UTC with the right offset on both sides of DST", () => {
    expect(parseSlmpdDate("1/1/2017 0:00")).toBe(Date.UTC(2017, 0, 1, 6, 0));
    expect(parseSlmpdDate("01/01/2017 00:01")).toBe(Date.UTC(2017, 0, 1, 6, 1));
    expect(parseSlmpdDate("7/4/2019 12:30")).toBe(Date.UTC(2019, 6, 4, 17, 30));
    // 2019-03-10: 01:59 CST is followed by 03:00 CDT.
    expect(parseSlmpdDate("3/10/2019 1:59")).toBe(Date.UTC(2019, 2, 10, 7, 59));
    expect(parseSlmpdDate("3/10/2019 3:00")).toBe(Date.UTC(2019, 2, 10, 8, 0));
    // 2019-11-03: 01:30 happens twice; the earlier (CDT) instant is taken.
    expect(localToUtcMs("America/Chicago", 2019, 11, 3, 1, 30)).toBe(Date.UTC(2019, 10, 3, 6, 30));
    expect(localToUtcMs("America/Chicago", 2019, 11, 3, 2, 30)).toBe(Date.UTC(2019, 10, 3, 8, 30));
    expect(parseSlmpdDate("2019-01-01")).toBeNaN();
  });

  it("takes the category from the UCR code's leading digit(s)", () => {
    expect(ucrCategory("41021")).toBe(4);
    expect(ucrCategory("10000")).toBe(1);
    expect(ucrCategory("")).toBeNaN();
  });

  it("keeps the first row per complaint, then drops repeats of (date_occur, x, y)", () => {
    const row = (complaint: string, dateOccur: string, lon: number): SlmpdRow => ({ complaint, dateOccur, utcMs: 0, category: 6, lon, lat: 38.6 });
    const kept = dedupeSlmpd([row("A", "1/1/2019 1:00", -90.2), row("A", "1/1/2019 2:00", -90.3), row("B", "1/1/2019 1:00", -90.2), row("C", "01/01/2019 01:00", -90.2)]);
    expect(kept.map((r) => r.complaint)).toEqual(["A", "C"]);
  });
});
