import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { areaOfCell, cellAt, cellCentre, cellsPerArea, countBefore, countsInWindow, createGrid, gridFromAreas, griddedEvents } from "@/lib/forecast";

const square = (x0: number, y0: number, size: number) => [new Float64Array([x0, y0, x0 + size, y0, x0 + size, y0 + size, x0, y0 + size])];

describe("grid", () => {
  it("numbers cells row by row from the south-west corner", () => {
    const grid = createGrid({ cellSize: 100, originX: 1000, originY: 2000, nx: 4, ny: 3 });
    expect(cellAt(grid, 1050, 2050)).toBe(0);
    expect(cellAt(grid, 1350, 2050)).toBe(3);
    expect(cellAt(grid, 1050, 2150)).toBe(4);
    expect(cellAt(grid, 999, 2050)).toBe(-1);
    expect(cellAt(grid, 1050, 2300)).toBe(-1);
    expect(grid.validCells.length).toBe(12);
  });

  it("masks cells whose centre lies outside every area and records each cell's area", () => {
    // Two areas: a 300 m square at the origin and a 100 m square further east; origin floored to the cell size.
    const grid = gridFromAreas([[square(10, 10, 300)], [square(510, 10, 100)]], 100);
    expect([grid.originX, grid.originY, grid.nx, grid.ny]).toEqual([0, 0, 7, 4]);
    // Area 0 holds the centres (50…250, 50…250) → 3 × 3 cells; area 1 holds centre (550, 50) only.
    expect(Array.from(cellsPerArea(grid))).toEqual([9, 1]);
    expect(areaOfCell(grid, 5)).toBe(1);
    expect(areaOfCell(grid, 3)).toBe(-1);
    expect(grid.validCells.length).toBe(10);
  });

  it("maps every cell centre back to its cell", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 1, max: 500, noNaN: true }), (nx, ny, size) => {
        const grid = createGrid({ cellSize: size, originX: -123.4, originY: 567.8, nx, ny });
        for (let c = 0; c < nx * ny; c += 7) {
          const [x, y] = cellCentre(grid, c);
          expect(cellAt(grid, x, y)).toBe(c);
        }
      }),
    );
  });

  it("sorts events by time and drops those outside the mask", () => {
    const grid = createGrid({ cellSize: 100, originX: 0, originY: 0, nx: 2, ny: 1, mask: Uint8Array.of(1, 0) });
    const ev = griddedEvents(grid, { x: [50, 150, 60, 50], y: [50, 50, 50, 50], t: [3, 1, 2, 1] });
    expect(Array.from(ev.t)).toEqual([1, 2, 3]);
    expect(Array.from(ev.x)).toEqual([50, 60, 50]);
    expect(countBefore(ev, 2)).toBe(1);
    expect(countBefore(ev, 2.5)).toBe(2);
    expect(Array.from(countsInWindow(ev, 2, 1, 3))).toEqual([2, 0]);
  });
});
