import { createGrid, griddedEvents, type Grid, type GriddedEvents } from "@/lib/forecast";

/** A grid of 100 m cells with its origin at (0, 0). */
export function tinyGrid(nx: number, ny: number, mask?: number[]): Grid {
  return createGrid({ cellSize: 100, originX: 0, originY: 0, nx, ny, mask: mask ? Uint8Array.from(mask) : undefined });
}

/** Events at the centres of the given cells (col, row) at the given times, days. */
export function eventsAt(grid: Grid, points: readonly [col: number, row: number, t: number, category?: number][]): GriddedEvents {
  return griddedEvents(grid, {
    x: points.map(([c]) => (c + 0.5) * grid.cellSize + grid.originX),
    y: points.map(([, r]) => (r + 0.5) * grid.cellSize + grid.originY),
    t: points.map(([, , t]) => t),
    category: points.map(([, , , k]) => k ?? 1),
  });
}
