import { describe, expect, it } from "vitest";
import { createGrid, griddedEvents, type Grid } from "@/lib/forecast";
import { displacementOfPatrols } from "@/lib/monitoring";

const grid: Grid = createGrid({ cellSize: 100, originX: 0, originY: 0, nx: 10, ny: 10 });
const TARGET = 55; // centre (550, 550)
const BUFFER_CELL = 45; // an edge neighbour, 100 m away
const CONTROL_CELL = 0;

/** Events at cell centres: `n` in each cell at the given day. */
function events(spec: [cell: number, day: number, n: number][]) {
  const x: number[] = [];
  const y: number[] = [];
  const t: number[] = [];
  for (const [cell, day, n] of spec) {
    for (let i = 0; i < n; i++) {
      x.push((cell % 10) * 100 + 50);
      y.push(Math.floor(cell / 10) * 100 + 50);
      t.push(day + i / (n + 1));
    }
  }
  return griddedEvents(grid, { x, y, t });
}

describe("displacement from patrol logs", () => {
  // Before [90, 100): target 10, buffer 5, control 50; after [110, 120): target 4, buffer 9, control 50.
  const planted = events([
    [TARGET, 95, 10], [BUFFER_CELL, 95, 5], [CONTROL_CELL, 95, 50],
    [TARGET, 115, 4], [BUFFER_CELL, 115, 9], [CONTROL_CELL, 115, 50],
  ]);

  it("compares the monitored window with as many days before the first patrol: R patrolled, D within the radius, C the rest", () => {
    const result = displacementOfPatrols({ grid, events: planted, patrolledCells: [TARGET, TARGET], firstPatrolDay: 100, window: [110, 120], bufferM: 150 });
    // (9/50 − 5/50) / (4/50 − 10/50) = 0.08 / −0.12
    expect(result.status).toBe("measured");
    expect(result.wdq).toBeCloseTo(-2 / 3, 12);
    expect(result.code).toBeNull();
    expect(result.design).toEqual({ targetCells: 1, bufferCells: 8, controlCells: 91, bufferM: 150, before: [90, 100], after: [110, 120] });
  });

  it("starts the after window at the first patrol when the month began before it", () => {
    const result = displacementOfPatrols({ grid, events: planted, patrolledCells: [TARGET], firstPatrolDay: 112, window: [105, 120], bufferM: 150 });
    expect(result.design).toMatchObject({ before: [104, 112], after: [112, 120] });
  });

  it("says plainly why it is not yet measurable", () => {
    const base = { grid, events: planted, bufferM: 150 };
    expect(displacementOfPatrols({ ...base, patrolledCells: [], firstPatrolDay: null, window: [110, 120] })).toMatchObject({ status: "not_measurable", wdq: null, code: "no_patrol_logs", reason: expect.stringMatching(/^Not yet measurable: no patrol is logged/) });
    expect(displacementOfPatrols({ ...base, patrolledCells: [TARGET], firstPatrolDay: 130, window: [110, 120] })).toMatchObject({ code: "patrols_after_window" });
    const noControl = events([[TARGET, 95, 10], [TARGET, 115, 4]]);
    expect(displacementOfPatrols({ ...base, events: noControl, patrolledCells: [TARGET], firstPatrolDay: 100, window: [110, 120] })).toMatchObject({ code: "no_control_incidents" });
    const worse = events([[TARGET, 95, 2], [TARGET, 115, 8], [CONTROL_CELL, 95, 50], [CONTROL_CELL, 115, 50]]);
    expect(displacementOfPatrols({ ...base, events: worse, patrolledCells: [TARGET], firstPatrolDay: 100, window: [110, 120] })).toMatchObject({ status: "not_measurable", code: "targets_not_improved" });
  });
});
