import { describe, expect, it } from "vitest";
import { formatDate, formatInstant } from "@/app/(public)/objections/_components/format";

describe("dates on the objection pages", () => {
  it("name the jurisdiction's zone and day, in both languages", () => {
    const due = new Date("2026-03-22T04:59:59.999Z");
    expect(formatInstant(due, "en", "America/Chicago")).toMatch(/Mar 21, 2026.*11:59.*CDT/);
    expect(formatDate(due, "en", "America/Chicago")).toBe("March 21, 2026");
    expect(formatDate(due, "zh-CN", "UTC")).toBe("2026年3月22日");
    expect(formatInstant(due, "zh-CN", "UTC")).toContain("2026年3月22日");
  });
});
