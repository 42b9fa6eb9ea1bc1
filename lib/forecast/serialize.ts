import type { Projection } from "../geo/projection";

/** The grid a stored forecast names (see db/schema/forecasts.ts ForecastGrid). */
export interface StoredGrid {
  originX: number;
  originY: number;
  cellSize: number;
  nx: number;
  ny: number;
}

export interface CellForOutput {
  cell: number;
  areaCode: string;
  risk: number;
  expected: number;
  rank: number;
  flagged: boolean;
  explanation: unknown;
}

/** A cell's square in projected metres: [west, south, east, north]. */
export function cellBounds(grid: StoredGrid, cell: number): [number, number, number, number] {
  const col = cell % grid.nx;
  const row = Math.floor(cell / grid.nx);
  const west = grid.originX + col * grid.cellSize;
  const south = grid.originY + row * grid.cellSize;
  return [west, south, west + grid.cellSize, south + grid.cellSize];
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The cells as a GeoJSON FeatureCollection (RFC 7946: WGS84 longitude/latitude, counter-clockwise
 * outer rings), each cell a polygon carrying its prediction. Cell corners are shared between
 * neighbours, so each corner is inverse-projected once.
 */
export function cellsAsGeoJson(grid: StoredGrid, projection: Projection, cells: readonly CellForOutput[]): { type: "FeatureCollection"; features: unknown[] } {
  const corners = new Map<number, [number, number]>();
  const corner = (col: number, row: number): [number, number] => {
    const key = row * (grid.nx + 1) + col;
    let point = corners.get(key);
    if (!point) {
      const [lon, lat] = projection.inverse(grid.originX + col * grid.cellSize, grid.originY + row * grid.cellSize);
      point = [round6(lon), round6(lat)];
      corners.set(key, point);
    }
    return point;
  };
  const features = cells.map(({ cell, ...properties }) => {
    const col = cell % grid.nx;
    const row = Math.floor(cell / grid.nx);
    const ring = [corner(col, row), corner(col + 1, row), corner(col + 1, row + 1), corner(col, row + 1), corner(col, row)];
    return { type: "Feature", id: cell, geometry: { type: "Polygon", coordinates: [ring] }, properties: { cell, ...properties } };
  });
  return { type: "FeatureCollection", features };
}
