/**
 * What a report needs to draw its map of flagged cells over demographics without the database:
 * the grid in projected metres, each area's residents by group, the valid cells as runs along
 * rows (a few hundred rectangles instead of thousands of cells) and each flagged cell's share of
 * periods flagged. Stored in the report, so the map shows what the audit saw even after areas
 * are re-imported.
 */
import type { Grid } from "../forecast/types";

export interface AuditMapArea {
  code: string;
  name: string;
  /** Residents by group (people), as the audit used them. */
  residents: Record<string, number>;
}

export interface AuditMap {
  /** Transverse Mercator central meridian (degrees) of the grid's metres. */
  centralMeridian: number;
  grid: { originX: number; originY: number; cellSize: number; nx: number; ny: number };
  areas: AuditMapArea[];
  /** Valid cells as runs: [row, first column, length, area index], rows from the south. */
  runs: [number, number, number, number][];
  /** Cells flagged in any period: [cell index, share of periods flagged (0–1)], share rounded to 3 decimals. */
  flagged: [number, number][];
}

/**
 * @param flags per period, 1 (or a share) for each flagged cell
 * @example buildAuditMap(grid, periods.map((p) => p.flagged), areas, -90.25).flagged[0] // [10473, 1]
 */
export function buildAuditMap(grid: Grid, flags: readonly ArrayLike<number>[], areas: readonly AuditMapArea[], centralMeridian: number): AuditMap {
  const runs: [number, number, number, number][] = [];
  for (let row = 0; row < grid.ny; row++) {
    let col = 0;
    while (col < grid.nx) {
      const cell = row * grid.nx + col;
      if (!grid.mask[cell]) {
        col++;
        continue;
      }
      const area = grid.cellArea[cell] ?? -1;
      let length = 1;
      while (col + length < grid.nx && grid.mask[cell + length] && grid.cellArea[cell + length] === area) length++;
      runs.push([row, col, length, area]);
      col += length;
    }
  }
  const share = new Float64Array(grid.nx * grid.ny);
  for (const period of flags) for (let c = 0; c < share.length; c++) share[c]! += Number(period[c]) / flags.length;
  const flagged: [number, number][] = [];
  share.forEach((value, cell) => {
    if (value > 0) flagged.push([cell, Math.round(value * 1000) / 1000]);
  });
  return {
    centralMeridian,
    grid: { originX: grid.originX, originY: grid.originY, cellSize: grid.cellSize, nx: grid.nx, ny: grid.ny },
    areas: areas.map((area) => ({ code: area.code, name: area.name, residents: { ...area.residents } })),
    runs,
    flagged,
  };
}

/** Shares of valid cells at which a stored capture curve is sampled: dense up to 20 %, where flags are set. */
export const CAPTURE_POINTS: readonly number[] = [
  ...Array.from({ length: 41 }, (_, i) => i * 0.005),
  ...Array.from({ length: 40 }, (_, i) => 0.22 + i * 0.02),
];

/**
 * A capture curve sampled for storage: [share of valid cells flagged, share of incidents captured].
 *
 * @example sampleCapture(captureCurve(result).share)[20] // [0.1, 0.41]
 */
export function sampleCapture(capturedShare: ArrayLike<number>): [number, number][] {
  const n = capturedShare.length;
  return CAPTURE_POINTS.map((share) => {
    const k = Math.round(share * n);
    const captured = k === 0 ? 0 : Number(capturedShare[Math.min(n, k) - 1]);
    return [Math.round(share * 1000) / 1000, Math.round(captured * 10_000) / 10_000];
  });
}
