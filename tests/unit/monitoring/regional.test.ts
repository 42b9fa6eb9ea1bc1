import { describe, expect, it } from "vitest";
import { adjacentAreas, regionalView, type AreaOutline, type DistrictMonthFacts } from "@/lib/monitoring";

const rect = (code: string, x0: number, y0: number, x1: number, y1: number): AreaOutline => ({ code, rings: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

describe("neighbouring districts", () => {
  it("finds shared borders, also where one side has a vertex the other lacks, and nothing across a gap", () => {
    const areas = [rect("A", 0, 0, 100, 100), rect("B", 100, 0, 200, 100), rect("C", 500, 0, 600, 100), rect("D", 0, 100, 200, 200), rect("E", 202, 10, 300, 90)];
    expect(adjacentAreas(areas, 5)).toEqual({ A: ["B", "D"], B: ["A", "D", "E"], C: [], D: ["A", "B"], E: ["B"] });
    expect(adjacentAreas(areas, 1).E).toEqual([]);
  });
});

describe("the regional view", () => {
  const adjacency = { A: ["B"], B: ["A", "C"], C: ["B"] };
  const fact = (area: string, month: string, incidents: number, patrols = 0): DistrictMonthFacts => ({ area, month, flaggedShare: 0.05, forecasts: 4, dosageMinutes: patrols * 30, patrols, incidents, days: 30 });
  const view = regionalView(["2026-01", "2026-02"], adjacency, [fact("A", "2026-01", 30), fact("B", "2026-01", 30), fact("C", "2026-01", 30), fact("A", "2026-02", 15, 10), fact("B", "2026-02", 45), fact("C", "2026-02", 30)], () => 30);

  it("gives each district's change in incidents per day, and marks treated districts and their untreated neighbours", () => {
    const february = view.districts.filter((d) => d.month === "2026-02").map((d) => [d.area, d.change, d.treated, d.bordersTreated]);
    expect(february).toEqual([["A", -0.5, true, false], ["B", 0.5, false, true], ["C", 0, false, false]]);
    expect(view.districts.filter((d) => d.month === "2026-01").every((d) => d.change === null && !d.treated)).toBe(true);
  });

  it("summarises displacement across borders: neighbours of treated districts against the other untreated ones", () => {
    expect(view.border).toEqual([
      { month: "2026-01", treated: null, neighbours: null, others: null, neighbourExcess: null },
      { month: "2026-02", treated: -0.5, neighbours: 0.5, others: 0, neighbourExcess: 0.5 },
    ]);
  });

  it("counts a district-month with no record as zero incidents and no forecasts; rates use the days counted", () => {
    const sparse = regionalView(["2026-01", "2026-02"], { A: [] }, [{ ...fact("A", "2026-01", 31), days: 31 }, { ...fact("A", "2026-02", 14), days: 14 }], (m) => (m === "2026-01" ? 31 : 14));
    expect(sparse.districts.map((d) => d.change)).toEqual([null, 0]);
    const missing = regionalView(["2026-01", "2026-02"], { A: [] }, [fact("A", "2026-01", 10)], () => 30);
    expect(missing.districts[1]).toMatchObject({ incidents: 0, forecasts: 0, flaggedShare: null, change: -1 });
  });
});
