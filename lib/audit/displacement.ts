/**
 * Crime displacement (seed §4.1.4): the weighted displacement quotient of Bowers & Johnson (2003),
 * WDQ = (D_a/C_a − D_b/C_b) / (R_a/C_a − R_b/C_b), for target cells R, a buffer ring D around
 * them and a control area C, with incident counts before (b) and after (a) deployment.
 * Negative: crime moved into the buffer (displacement); positive: the buffer improved too
 * (diffusion of benefits); below −1: the buffer gained more than the targets lost.
 */
import { countsInWindow } from "../forecast/events";
import { cellAt } from "../forecast/grid";
import type { Grid, GriddedEvents } from "../forecast/types";

export interface AreaCounts {
  /** Incidents before deployment (count). */
  before: number;
  /** Incidents after deployment, over a period as long as `before` (count). */
  after: number;
}

/** How a deployment's displacement was measured: the cell sets and the windows compared. */
export interface DisplacementDesign {
  targetCells: number;
  bufferCells: number;
  controlCells: number;
  /** Buffer radius around the targets' cell centres, metres. */
  bufferM: number;
  /** [from, to) in days since the epoch. */
  before: [number, number];
  after: [number, number];
}

export type DisplacementResult =
  | { status: "measured"; wdq: number; reason: string; targetChange: number; bufferChange: number; design?: DisplacementDesign }
  | { status: "not_measurable"; wdq: null; reason: string; design?: DisplacementDesign };

const usable = (counts: AreaCounts | null | undefined): counts is AreaCounts =>
  !!counts && Number.isFinite(counts.before) && Number.isFinite(counts.after) && counts.before >= 0 && counts.after >= 0;

const notYet = (reason: string): DisplacementResult => ({ status: "not_measurable", wdq: null, reason: `Not yet measurable: ${reason}.` });

/**
 * The WDQ from area counts, or a plain reason why it cannot be measured: counts missing, no
 * control incidents, or targets that did not improve against the control (denominator ≥ 0:
 * nothing was pushed out, so a quotient would mislead).
 *
 * @example weightedDisplacementQuotient({ before: 50, after: 30 }, { before: 20, after: 30 }, { before: 100, after: 100 }) // wdq −0.5
 */
export function weightedDisplacementQuotient(
  target: AreaCounts | null | undefined,
  buffer: AreaCounts | null | undefined,
  control: AreaCounts | null | undefined,
): DisplacementResult {
  const missing = ([["target", target], ["buffer", buffer], ["control", control]] as const).filter(([, counts]) => !usable(counts)).map(([name]) => name);
  if (missing.length > 0 || !usable(target) || !usable(buffer) || !usable(control)) return notYet(`before-and-after counts are missing for the ${missing.join(", ")} area${missing.length > 1 ? "s" : ""} (patrol logs from before and after deployment are needed)`);
  if (control.before === 0 || control.after === 0) return notYet("the control area has no incidents before or after deployment");
  const targetChange = target.after / control.after - target.before / control.before;
  const bufferChange = buffer.after / control.after - buffer.before / control.before;
  if (targetChange === 0) return notYet("the targeted cells did not change relative to the control, so the quotient's denominator is zero");
  if (targetChange > 0) return notYet("the targeted cells got worse relative to the control, so there is nothing displaced to measure");
  const wdq = bufferChange / targetChange;
  const reason =
    wdq < 0
      ? `Crime rose in the buffer as it fell in the targets: displacement${wdq < -1 ? ", larger than the reduction in the targets" : ""}.`
      : wdq > 0
        ? "Crime fell in the buffer as well as in the targets: diffusion of benefits."
        : "The buffer did not change relative to the control.";
  return { status: "measured", wdq, reason, targetChange, bufferChange };
}

/**
 * The WDQ from per-cell counts and cell sets (R, D, C as cell indices). `before`/`after` null
 * (no patrol log yet) or an empty set gives "not yet measurable".
 *
 * @example displacementFromCells({ before, after, target: flagged, buffer: bufferCells(flagged, nx, ny, 2), control })
 */
export function displacementFromCells(input: {
  before: ArrayLike<number> | null;
  after: ArrayLike<number> | null;
  target: ArrayLike<number>;
  buffer: ArrayLike<number>;
  control: ArrayLike<number>;
}): DisplacementResult {
  const { before, after } = input;
  if (!before || !after) return notYet(`there are no incident counts from ${!before ? "before" : "after"} deployment`);
  const sets = { target: input.target, buffer: input.buffer, control: input.control };
  const empty = Object.entries(sets).filter(([, cells]) => cells.length === 0).map(([name]) => name);
  if (empty.length > 0) return notYet(`the ${empty.join(", ")} area has no cells`);
  const sum = (counts: ArrayLike<number>, cells: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < cells.length; i++) total += Number(counts[cells[i]!]);
    return total;
  };
  const counts = (cells: ArrayLike<number>): AreaCounts => ({ before: sum(before, cells), after: sum(after, cells) });
  return weightedDisplacementQuotient(counts(sets.target), counts(sets.buffer), counts(sets.control));
}

function collect(mark: Uint8Array): Int32Array {
  const out: number[] = [];
  mark.forEach((v, c) => v && out.push(c));
  return Int32Array.from(out);
}

/**
 * Cells within `rings` cells (Chebyshev distance) of any target cell, excluding the targets and
 * invalid cells: the buffer D. Grid is row-major, `nx` columns, `ny` rows.
 *
 * @example bufferCells(new Int32Array([12]), 5, 5, 1) // the 8 neighbours of cell 12
 */
export function bufferCells(targets: ArrayLike<number>, nx: number, ny: number, rings: number, valid?: Uint8Array): Int32Array {
  const isTarget = new Uint8Array(nx * ny);
  for (let i = 0; i < targets.length; i++) isTarget[targets[i]!] = 1;
  const inBuffer = new Uint8Array(nx * ny);
  for (let i = 0; i < targets.length; i++) {
    const cell = targets[i]!;
    const x0 = cell % nx;
    const y0 = Math.floor(cell / nx);
    for (let y = Math.max(0, y0 - rings); y <= Math.min(ny - 1, y0 + rings); y++) {
      for (let x = Math.max(0, x0 - rings); x <= Math.min(nx - 1, x0 + rings); x++) {
        const c = y * nx + x;
        if (!isTarget[c] && (!valid || valid[c])) inBuffer[c] = 1;
      }
    }
  }
  return collect(inBuffer);
}

/**
 * Cells whose centre lies within `radiusM` metres of a target cell's centre, excluding targets
 * and invalid cells: the buffer D by distance. `cellSizeM` is the cell side in metres.
 *
 * @example bufferCellsWithin(new Int32Array([12]), 5, 5, 100, 100) // the 4 edge neighbours of cell 12
 */
export function bufferCellsWithin(targets: ArrayLike<number>, nx: number, ny: number, cellSizeM: number, radiusM: number, valid?: Uint8Array): Int32Array {
  if (!(cellSizeM > 0) || !(radiusM >= 0)) throw new RangeError(`cellSizeM must be > 0 and radiusM ≥ 0, got ${cellSizeM} and ${radiusM}`);
  const reach = Math.floor(radiusM / cellSizeM + 1e-9);
  const limit = (radiusM / cellSizeM) ** 2 + 1e-9;
  const isTarget = new Uint8Array(nx * ny);
  for (let i = 0; i < targets.length; i++) isTarget[targets[i]!] = 1;
  const inBuffer = new Uint8Array(nx * ny);
  for (let i = 0; i < targets.length; i++) {
    const cell = targets[i]!;
    const x0 = cell % nx;
    const y0 = Math.floor(cell / nx);
    for (let y = Math.max(0, y0 - reach); y <= Math.min(ny - 1, y0 + reach); y++) {
      for (let x = Math.max(0, x0 - reach); x <= Math.min(nx - 1, x0 + reach); x++) {
        const c = y * nx + x;
        if ((x - x0) ** 2 + (y - y0) ** 2 <= limit && !isTarget[c] && (!valid || valid[c])) inBuffer[c] = 1;
      }
    }
  }
  return collect(inBuffer);
}

/** Patrols deployed to target cells from a day on (see displacementOfDeployment). */
export interface DeploymentWindow {
  /** Patrolled cells (grid indices). */
  targets: ArrayLike<number>;
  /** First day of deployment, days since the epoch. */
  start: number;
  /** Days compared on each side of `start`. */
  windowDays: number;
  /** Buffer radius around the targets, metres. */
  bufferM: number;
}

/**
 * The WDQ of a deployment from incidents on a grid: `windowDays` before `start` against as many
 * after, targets R as given, the buffer D within `bufferM` of them, the control C every other
 * valid cell. The design is returned with the result so a report can say what was compared.
 *
 * @example displacementOfDeployment(grid, events, { targets: flagged, start: day, windowDays: 120, bufferM: 300 }).wdq // −0.6
 */
export function displacementOfDeployment(grid: Grid, events: GriddedEvents, deployment: DeploymentWindow): DisplacementResult {
  const { start, windowDays, bufferM } = deployment;
  if (!(windowDays > 0)) throw new RangeError(`windowDays must be > 0, got ${windowDays}`);
  const cells = grid.nx * grid.ny;
  const targets = Int32Array.from(deployment.targets);
  const buffer = bufferCellsWithin(targets, grid.nx, grid.ny, grid.cellSize, bufferM, grid.mask);
  const taken = new Uint8Array(cells);
  for (const c of targets) taken[c] = 1;
  for (const c of buffer) taken[c] = 1;
  const control = Int32Array.from(Array.from(grid.validCells).filter((c) => !taken[c]));
  const design: DisplacementDesign = { targetCells: targets.length, bufferCells: buffer.length, controlCells: control.length, bufferM, before: [start - windowDays, start], after: [start, start + windowDays] };
  const result = displacementFromCells({
    before: countsInWindow(events, cells, start - windowDays, start),
    after: countsInWindow(events, cells, start, start + windowDays),
    target: targets,
    buffer,
    control,
  });
  return { ...result, design };
}

/** One logged patrol: the cell an officer was sent to, by its centre, and the day its forecast period began. */
export interface LoggedPatrol {
  /** First day of the patrolled forecast's period, days since the epoch. */
  start: number;
  /** Centre of the patrolled cell, metres in the audit grid's projection. */
  x: number;
  y: number;
}

const dayText = (day: number) => new Date(Math.round(day * 86_400_000)).toISOString().slice(0, 10);

/**
 * The deployment a patrol log records, on an audit's grid: the cells patrolled (matched by their
 * centres, so a log kept on another version's grid still counts) from the first patrolled day,
 * compared over as many days after it as the data allows up to `until`, at most `maxWindowDays`,
 * with as many before. A plain "not yet measurable" reason when there is no log, none of it falls
 * in the grid, or fewer than `minWindowDays` have passed.
 *
 * @example deploymentFromPatrols(grid, [{ start: 20100, x, y }], 20190, { bufferM: 300 }) // { deployment: { targets: [412], start: 20100, windowDays: 90, bufferM: 300 } }
 */
export function deploymentFromPatrols(
  grid: Grid,
  patrols: readonly LoggedPatrol[],
  until: number,
  options: { bufferM: number; maxWindowDays?: number; minWindowDays?: number },
): { deployment: DeploymentWindow } | { reason: string } {
  const before = patrols.filter((p) => p.start < until);
  if (before.length === 0) return { reason: `Not yet measurable: no patrol is logged in these areas before ${dayText(until)}.` };
  const targets = new Set<number>();
  for (const patrol of before) {
    const cell = cellAt(grid, patrol.x, patrol.y);
    if (cell >= 0 && grid.mask[cell]) targets.add(cell);
  }
  if (targets.size === 0) return { reason: "Not yet measurable: none of the logged patrols falls in this version's cells." };
  const start = Math.min(...before.map((p) => p.start));
  const windowDays = Math.min(options.maxWindowDays ?? 182, Math.floor(until - start));
  const minimum = options.minWindowDays ?? 7;
  if (windowDays < minimum) return { reason: `Not yet measurable: patrols began on ${dayText(start)}, fewer than ${minimum} days before the end of the evaluation (${dayText(until)}).` };
  return { deployment: { targets: Int32Array.from([...targets].sort((a, b) => a - b)), start, windowDays, bufferM: options.bufferM } };
}
