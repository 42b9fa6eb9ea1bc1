import { describe, expect, it } from "vitest";
import { buildAuditMap, CAPTURE_POINTS, sampleCapture, type AuditMapArea } from "@/lib/audit";
import { createGrid } from "@/lib/forecast";

describe("the report's map of flagged cells", () => {
  // 4 × 3 cells, rows from the south; area 0 on the left, area 1 on the right, one invalid corner.
  const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1]);
  const cellArea = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, -1, 0, 1, 1]);
  const grid = createGrid({ cellSize: 100, originX: 1000, originY: 2000, nx: 4, ny: 3, mask, cellArea });
  const areas: AuditMapArea[] = [{ code: "A", name: "West", residents: { a: 10, b: 30 } }, { code: "B", name: "East", residents: { a: 5 } }];

  it("stores valid cells as runs of one area along each row, covering every valid cell once", () => {
    const map = buildAuditMap(grid, [], areas, -90.25);
    expect(map.runs).toEqual([[0, 0, 2, 0], [0, 2, 2, 1], [1, 0, 2, 0], [1, 2, 2, 1], [2, 1, 1, 0], [2, 2, 2, 1]]);
    expect(map.runs.reduce((n, run) => n + run[2], 0)).toBe(grid.validCells.length);
    expect(map).toMatchObject({ centralMeridian: -90.25, grid: { originX: 1000, originY: 2000, cellSize: 100, nx: 4, ny: 3 }, areas, flagged: [] });
  });

  it("gives each flagged cell the share of periods it was flagged in", () => {
    const period = (cells: number[]) => Uint8Array.from({ length: 12 }, (_, c) => (cells.includes(c) ? 1 : 0));
    const map = buildAuditMap(grid, [period([1, 6]), period([1]), period([1, 7])], areas, 0);
    expect(map.flagged).toEqual([[1, 1], [6, 0.333], [7, 0.333]]);
  });
});

describe("a capture curve sampled for storage", () => {
  it("starts at the origin, ends at (1, 1), and reads the curve at each sampled share", () => {
    const share = Float64Array.from({ length: 200 }, (_, k) => Math.sqrt((k + 1) / 200));
    const sampled = sampleCapture(share);
    expect(sampled).toHaveLength(CAPTURE_POINTS.length);
    expect(sampled[0]).toEqual([0, 0]);
    expect(sampled.at(-1)).toEqual([1, 1]);
    expect(sampled.find(([x]) => x === 0.05)).toEqual([0.05, Math.round(Math.sqrt(10 / 200) * 10_000) / 10_000]);
    expect(sampled.every(([x], i) => i === 0 || x > sampled[i - 1]![0])).toBe(true);
  });
});
