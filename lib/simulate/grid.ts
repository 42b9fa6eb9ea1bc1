/**
 * The city's ground-truth grid in local metres: the city is the rectangle
 * [0, cols·cellSizeM) × [0, rows·cellSizeM) measured from its south-west corner.
 * Cells are numbered row-major, rows from south to north: cell = row · cols + col.
 */
export interface CityGrid {
  cols: number;
  rows: number;
  cellSizeM: number;
  /** Width and height of the city in metres. */
  widthM: number;
  heightM: number;
  cells: number;
}

/** Nominal city size: about 10 km east–west by 8 km north–south. */
export const CITY_WIDTH_M = 10_000;
export const CITY_HEIGHT_M = 8_000;

/** A grid whose cells exactly tile a rectangle close to the nominal city size. */
export function makeGrid(cellSizeM: number): CityGrid {
  const cols = Math.max(1, Math.round(CITY_WIDTH_M / cellSizeM));
  const rows = Math.max(1, Math.round(CITY_HEIGHT_M / cellSizeM));
  return { cols, rows, cellSizeM, widthM: cols * cellSizeM, heightM: rows * cellSizeM, cells: cols * rows };
}

/** The cell holding a point, or -1 outside the city. Metres from the south-west corner. */
export function cellAt(grid: CityGrid, x: number, y: number): number {
  if (!(x >= 0 && x < grid.widthM && y >= 0 && y < grid.heightM)) return -1;
  const col = Math.min(grid.cols - 1, Math.floor(x / grid.cellSizeM));
  const row = Math.min(grid.rows - 1, Math.floor(y / grid.cellSizeM));
  return row * grid.cols + col;
}

/** Centre of a cell in metres from the south-west corner. */
export function cellCentre(grid: CityGrid, cell: number): [x: number, y: number] {
  const col = cell % grid.cols;
  const row = (cell - col) / grid.cols;
  return [(col + 0.5) * grid.cellSizeM, (row + 0.5) * grid.cellSizeM];
}

/**
 * Keeps simulated points half a metre inside their cell. District outlines follow cell edges
 * and become straight lines in lon/lat, which bow from the projected edge by under a millimetre
 * over one 150 m cell edge; the margin keeps every incident unambiguously inside its area.
 */
export const CELL_MARGIN_M = 0.5;

/** Clamps a point into the interior of `cell` (see CELL_MARGIN_M). */
export function clampIntoCell(grid: CityGrid, cell: number, x: number, y: number): [x: number, y: number] {
  const col = cell % grid.cols;
  const row = (cell - col) / grid.cols;
  const s = grid.cellSizeM;
  return [
    Math.min((col + 1) * s - CELL_MARGIN_M, Math.max(col * s + CELL_MARGIN_M, x)),
    Math.min((row + 1) * s - CELL_MARGIN_M, Math.max(row * s + CELL_MARGIN_M, y)),
  ];
}

/** Sum of a per-cell field over each cell's 3 × 3 neighbourhood (clipped at the city edge). */
export function boxSum3(grid: CityGrid, field: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.cells);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      let sum = 0;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= grid.rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if (cc >= 0 && cc < grid.cols) sum += field[rr * grid.cols + cc] ?? 0;
        }
      }
      out[r * grid.cols + c] = sum;
    }
  }
  return out;
}
