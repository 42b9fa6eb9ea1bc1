/**
 * Crime displacement (seed §4.1.4): the weighted displacement quotient of Bowers & Johnson (2003),
 * WDQ = (D_a/C_a − D_b/C_b) / (R_a/C_a − R_b/C_b), for target cells R, a buffer ring D around
 * them and a control area C, before (b) and after (a) deployment. Negative: crime moved into the
 * buffer; positive: benefits diffused into it. Only meaningful when the target area improved.
 */
export interface AreaCounts {
  before: number;
  after: number;
}

export type DisplacementResult =
  | { status: "measured"; wdq: number; targetChange: number; bufferChange: number }
  | { status: "not_measurable"; reason: string };

export function weightedDisplacementQuotient(target: AreaCounts, buffer: AreaCounts, control: AreaCounts): DisplacementResult {
  if (control.before <= 0 || control.after <= 0) return { status: "not_measurable", reason: "no incidents in the control area before and after" };
  const targetChange = target.after / control.after - target.before / control.before;
  const bufferChange = buffer.after / control.after - buffer.before / control.before;
  if (targetChange >= 0) return { status: "not_measurable", reason: "the targeted cells did not improve relative to the control, so there is nothing to displace" };
  return { status: "measured", wdq: bufferChange / targetChange, targetChange, bufferChange };
}

/**
 * Cells within `rings` cells (Chebyshev distance) of any target cell, excluding the targets and
 * invalid cells: the buffer D. Grid is row-major, `nx` columns.
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
  const out: number[] = [];
  inBuffer.forEach((v, c) => v && out.push(c));
  return Int32Array.from(out);
}
