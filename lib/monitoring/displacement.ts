/**
 * Displacement measured from patrol logs: the cells officers recorded a patrol in are the
 * treated area R, the cells within a radius of them the buffer D, every other valid cell the
 * control C (lib/audit's weighted displacement quotient). The month monitored is the "after"
 * window; the same number of days just before the first patrol is the "before" window.
 */
import { bufferCellsWithin, displacementFromCells, type DisplacementDesign, type DisplacementResult } from "../audit/displacement";
import { countsInWindow, type Grid, type GriddedEvents } from "../forecast";
import type { NotMeasurableReason } from "./metrics";

export interface PatrolDisplacementInput {
  grid: Grid;
  /** Incidents of the version's categories on its grid, from before the first patrol to the window's end. */
  events: GriddedEvents;
  /** Cells with a logged patrol (grid indices), up to the window's end. */
  patrolledCells: ArrayLike<number>;
  /** Day of the first logged patrol (its forecast period's first day), days since the epoch; null without patrol logs. */
  firstPatrolDay: number | null;
  /** The monitored window [from, to), days since the epoch; `to` no later than today. */
  window: [number, number];
  /** Buffer radius around patrolled cells, metres. */
  bufferM: number;
}

export type PatrolDisplacement = DisplacementResult & { code: NotMeasurableReason | null };

const notYet = (code: NotMeasurableReason, reason: string, design?: DisplacementDesign): PatrolDisplacement => ({
  status: "not_measurable",
  wdq: null,
  reason: `Not yet measurable: ${reason}.`,
  code,
  ...(design ? { design } : {}),
});

/** Displacement when no patrol is logged at all: the treated area comes from the logs, so there is none yet. */
export const noPatrolLogs = (): PatrolDisplacement => notYet("no_patrol_logs", "no patrol is logged for this version's forecasts, and the treated area comes from the patrol logs");

/**
 * The WDQ of the patrols logged so far, for one monitored window, or plainly why not yet.
 *
 * @example displacementOfPatrols({ grid, events, patrolledCells: [812, 813], firstPatrolDay: 20480, window: [20485, 20513], bufferM: 300 }).wdq // −0.7
 */
export function displacementOfPatrols(input: PatrolDisplacementInput): PatrolDisplacement {
  const { grid, events, firstPatrolDay, bufferM } = input;
  const [from, to] = input.window;
  if (firstPatrolDay === null || input.patrolledCells.length === 0) return noPatrolLogs();
  const afterFrom = Math.max(from, firstPatrolDay);
  if (afterFrom >= to) return notYet("patrols_after_window", "the first logged patrol comes after this window, so there is no \"after\" to compare");
  const days = to - afterFrom;
  const cells = grid.nx * grid.ny;
  const targets = Int32Array.from(new Set(Array.from(input.patrolledCells)).values()).sort();
  const buffer = bufferCellsWithin(targets, grid.nx, grid.ny, grid.cellSize, bufferM, grid.mask);
  const taken = new Uint8Array(cells);
  for (const c of targets) taken[c] = 1;
  for (const c of buffer) taken[c] = 1;
  const control = Int32Array.from(Array.from(grid.validCells).filter((c) => !taken[c]));
  const design: DisplacementDesign = { targetCells: targets.length, bufferCells: buffer.length, controlCells: control.length, bufferM, before: [firstPatrolDay - days, firstPatrolDay], after: [afterFrom, to] };
  const before = countsInWindow(events, cells, firstPatrolDay - days, firstPatrolDay);
  const after = countsInWindow(events, cells, afterFrom, to);
  const result = displacementFromCells({ before, after, target: targets, buffer, control });
  if (result.status === "measured") return { ...result, design, code: null };
  const sum = (counts: Float64Array, set: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < set.length; i++) total += counts[set[i]!]!;
    return total;
  };
  // lib/audit says why in words; the code lets a page say it in the reader's language.
  const noControl = buffer.length === 0 || control.length === 0 || sum(before, control) === 0 || sum(after, control) === 0;
  return { ...result, design, code: noControl ? "no_control_incidents" : "targets_not_improved" };
}
