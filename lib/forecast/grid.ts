import { bboxOf, pointInMultiPolygon, type MultiPolygon } from "@/lib/geo/polygon";
import type { Grid } from "./types";

export interface GridSpec {
  /** Cell side, metres. */
  cellSize: number;
  originX: number;
  originY: number;
  nx: number;
  ny: number;
  /** 1 = valid; defaults to every cell valid. */
  mask?: Uint8Array;
  /** Area index per cell; defaults to −1 everywhere. */
  cellArea?: Int32Array;
}

/**
 * Builds a grid from explicit dimensions.
 *
 * @example createGrid({ cellSize: 150, originX: 0, originY: 0, nx: 4, ny: 3 }).validCells.length // 12
 */
export function createGrid(spec: GridSpec): Grid {
  const { cellSize, originX, originY, nx, ny } = spec;
  if (!(cellSize > 0) || !Number.isInteger(nx) || !Number.isInteger(ny) || nx <= 0 || ny <= 0) {
    throw new RangeError(`invalid grid: cell ${cellSize} m, ${nx}×${ny}`);
  }
  const n = nx * ny;
  const mask = spec.mask ?? new Uint8Array(n).fill(1);
  const cellArea = spec.cellArea ?? new Int32Array(n).fill(-1);
  if (mask.length !== n || cellArea.length !== n) throw new RangeError("mask and cellArea must have nx × ny entries");
  const valid: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) valid.push(i);
  return { cellSize, originX, originY, nx, ny, mask, cellArea, validCells: Int32Array.from(valid) };
}

/**
 * Covers the bounding box of the areas with square cells, origin floored to a multiple of the cell
 * size; a cell is valid when its centre lies inside an area, and belongs to the first such area.
 *
 * @example gridFromAreas(neighbourhoods, 150) // St. Louis: 85 × 180 cells, 7,153 valid
 */
export function gridFromAreas(areas: readonly MultiPolygon[], cellSize: number): Grid {
  const box = bboxOf(areas);
  const originX = Math.floor(box.minX / cellSize) * cellSize;
  const originY = Math.floor(box.minY / cellSize) * cellSize;
  const nx = Math.max(1, Math.ceil((box.maxX - originX) / cellSize));
  const ny = Math.max(1, Math.ceil((box.maxY - originY) / cellSize));
  // Per-area boxes skip most polygon tests: 15k centres × 88 areas would otherwise dominate loading.
  const boxes = areas.map((a) => bboxOf([a]));
  const cellArea = new Int32Array(nx * ny).fill(-1);
  const mask = new Uint8Array(nx * ny);
  for (let row = 0; row < ny; row++) {
    const cy = originY + (row + 0.5) * cellSize;
    for (let col = 0; col < nx; col++) {
      const cx = originX + (col + 0.5) * cellSize;
      const area = areas.findIndex((multi, i) => {
        const b = boxes[i]!;
        return cx >= b.minX && cx <= b.maxX && cy >= b.minY && cy <= b.maxY && pointInMultiPolygon(multi, cx, cy);
      });
      if (area >= 0) {
        cellArea[row * nx + col] = area;
        mask[row * nx + col] = 1;
      }
    }
  }
  return createGrid({ cellSize, originX, originY, nx, ny, mask, cellArea });
}

/** Cell index containing (x, y) metres, or −1 outside the grid rectangle. */
export function cellAt(grid: Grid, x: number, y: number): number {
  const col = Math.floor((x - grid.originX) / grid.cellSize);
  const row = Math.floor((y - grid.originY) / grid.cellSize);
  if (col < 0 || row < 0 || col >= grid.nx || row >= grid.ny || !Number.isFinite(col + row)) return -1;
  return row * grid.nx + col;
}

/** Centre of a cell, metres. */
export function cellCentre(grid: Grid, cell: number): [x: number, y: number] {
  const col = cell % grid.nx;
  const row = (cell - col) / grid.nx;
  return [grid.originX + (col + 0.5) * grid.cellSize, grid.originY + (row + 0.5) * grid.cellSize];
}

/** Area index of each cell: the lookup the audits use to aggregate cell forecasts by neighbourhood. */
export function areaOfCell(grid: Grid, cell: number): number {
  return grid.cellArea[cell] ?? -1;
}

/** Number of valid cells per area index (length = max area index + 1). */
export function cellsPerArea(grid: Grid): Int32Array {
  let max = -1;
  for (const a of grid.cellArea) max = Math.max(max, a);
  const counts = new Int32Array(max + 1);
  for (const cell of grid.validCells) {
    const a = grid.cellArea[cell]!;
    if (a >= 0) counts[a]! += 1;
  }
  return counts;
}
