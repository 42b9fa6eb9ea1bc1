import { describe, expect, it } from "vitest";
import { trendOf, type MetricResult } from "@/lib/monitoring";

const pai = (value: number, status: MetricResult["status"], min = 2): MetricResult => ({ metric: "realised_pai", status, value, interval: { lower: value - 1, upper: value + 1, level: 0.95 }, threshold: `≥ ${min}`, limit: { min }, group: null, reason: null, detail: "" });

describe("monthly trends", () => {
  it("takes each month's latest completed run, months in order, with the threshold each was judged against", () => {
    const trend = trendOf([
      { id: "b", month: "2026-02", completedAt: new Date("2026-03-08T10:00:00Z"), metrics: [pai(1.5, "breach")] },
      { id: "a", month: "2026-01", completedAt: new Date("2026-02-08T10:00:00Z"), metrics: [pai(4, "pass")] },
      { id: "c", month: "2026-02", completedAt: new Date("2026-03-09T10:00:00Z"), metrics: [pai(1.2, "breach", 3)] },
    ]);
    expect(trend.realised_pai.map((p) => [p.month, p.runId, p.value, p.limit])).toEqual([
      ["2026-01", "a", 4, { min: 2 }],
      ["2026-02", "c", 1.2, { min: 3 }],
    ]);
    expect(trend.displacement_wdq).toEqual([]);
  });
});
