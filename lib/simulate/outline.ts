import type { CityGrid } from "./grid";

/**
 * The outline of each district as one closed, counter-clockwise ring of grid vertices.
 * Vertex v = row · (cols + 1) + col sits at (col · cellSizeM, row · cellSizeM) metres.
 *
 * Every cell edge on a district's boundary stays a vertex, even where the outline runs straight:
 * neighbouring districts then share exactly the same vertices (so the areas tile with no slivers
 * once projected to lon/lat), and no lon/lat edge is longer than one cell.
 *
 * Throws if a district is not a simple polygon (holes, pieces, corner-only contacts), which
 * `partitionDistricts` rules out.
 *
 * @example traceOutlines(grid, labels, 20)[0] // [v0, v1, …, v0]
 */
export function traceOutlines(grid: CityGrid, labels: Int32Array, count: number): number[][] {
  const stride = grid.cols + 1;
  const next = new Int32Array(stride * (grid.rows + 1)).fill(-1);
  const cellsOf: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((k, cell) => cellsOf[k]?.push(cell));

  return cellsOf.map((cells, k) => {
    const touched: number[] = [];
    const addEdge = (from: number, to: number): void => {
      if (next[from] !== -1) throw new Error(`district ${k} touches itself at a corner; its outline is not simple`);
      next[from] = to;
      touched.push(from);
    };
    const inDistrict = (col: number, row: number): boolean =>
      col >= 0 && col < grid.cols && row >= 0 && row < grid.rows && labels[row * grid.cols + col] === k;
    // Walk each boundary cell side with the district on the left: counter-clockwise outside.
    for (const cell of cells) {
      const col = cell % grid.cols;
      const row = (cell - col) / grid.cols;
      const sw = row * stride + col, se = sw + 1, nw = sw + stride, ne = nw + 1;
      if (!inDistrict(col, row - 1)) addEdge(sw, se);
      if (!inDistrict(col + 1, row)) addEdge(se, ne);
      if (!inDistrict(col, row + 1)) addEdge(ne, nw);
      if (!inDistrict(col - 1, row)) addEdge(nw, sw);
    }
    if (touched.length === 0) throw new Error(`district ${k} has no cells`);
    const start = Math.min(...touched);
    const ring = [start];
    for (let v = next[start] ?? -1; v !== start; v = next[v] ?? -1) {
      if (v === -1 || ring.length > touched.length) throw new Error(`district ${k} outline is broken`);
      ring.push(v);
    }
    if (ring.length !== touched.length) throw new Error(`district ${k} has a hole or several pieces`);
    for (const v of touched) next[v] = -1;
    ring.push(start);
    return ring;
  });
}
