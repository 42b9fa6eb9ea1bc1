import { describe, expect, it } from "vitest";
import { dayOfIso, isoDayOf, isMonth, monthOf, monthsBetween, monthWindow, scheduledMonth, shiftMonth } from "@/lib/monitoring";

describe("calendar months as monitoring windows", () => {
  it("gives a month's days as [first day, first day of the next month)", () => {
    expect(monthWindow("2026-02")).toEqual({ month: "2026-02", from: dayOfIso("2026-02-01"), to: dayOfIso("2026-03-01") });
    expect(monthWindow("2024-02").to - monthWindow("2024-02").from).toBe(29);
    expect(monthWindow("2026-12").to).toBe(dayOfIso("2027-01-01"));
    expect(isoDayOf(monthWindow("2026-07").from)).toBe("2026-07-01");
  });

  it("refuses what is not a month, naming the value", () => {
    for (const bad of ["2026-13", "2026-1", "26-01", "May", ""]) {
      expect(isMonth(bad)).toBe(false);
      expect(() => monthWindow(bad)).toThrow(/month must be YYYY-MM/);
    }
  });

  it("steps and lists months across years", () => {
    expect(shiftMonth("2026-01", 1)).toBe("2025-12");
    expect(shiftMonth("2025-12", -1)).toBe("2026-01");
    expect(shiftMonth("2026-03", 12)).toBe("2025-03");
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2026-02", "2026-01")).toEqual([]);
    expect(monthOf(new Date("2026-03-31T23:59:59Z"))).toBe("2026-03");
  });

  it("schedules the latest month whose 7-day forecasts have all finished", () => {
    // February's last forecast starts on the 28th and ends on 7 March: February is due from 8 March.
    expect(scheduledMonth(new Date("2026-03-07T23:59:59Z"), 7)).toBe("2026-01");
    expect(scheduledMonth(new Date("2026-03-08T00:00:00Z"), 7)).toBe("2026-02");
    expect(scheduledMonth(new Date("2026-01-20T12:00:00Z"), 7)).toBe("2025-12");
    expect(scheduledMonth(new Date("2026-01-05T12:00:00Z"), 7)).toBe("2025-11");
  });
});
