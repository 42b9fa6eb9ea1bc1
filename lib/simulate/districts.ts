import { cellCentre, type CityGrid } from "./grid";
import { uniform, type Random } from "./random";

/**
 * Splits the grid into `count` districts: a Voronoi partition of well-spread seeds, drawn on the
 * grid so every district is a union of whole cells. Returns the district index of each cell;
 * districts are numbered in reading order (north-west first).
 *
 * Each district comes out 4-connected, without holes and without cells that touch only at a
 * corner, which is what makes its outline a simple polygon (see `outline.ts`).
 *
 * @example partitionDistricts(makeGrid(150), 20, rng) // Int32Array of 3 618 values in 0..19
 */
export function partitionDistricts(grid: CityGrid, count: number, rng: Random): Int32Array {
  const seeds = spreadSeeds(grid, count, rng);
  let labels = nearestSeed(grid, seeds);
  // Lloyd relaxation evens out district sizes, as planned neighbourhoods tend to be.
  for (let iteration = 0; iteration < 3; iteration++) {
    moveSeedsToCentroids(grid, labels, seeds);
    labels = nearestSeed(grid, seeds);
  }
  makeSimple(grid, labels, count);
  return renumberInReadingOrder(grid, labels, count);
}

type Point = [x: number, y: number];

/** Mitchell's best-candidate sampling: each new seed is the farthest of a few random tries. */
function spreadSeeds(grid: CityGrid, count: number, rng: Random): Point[] {
  const seeds: Point[] = [];
  for (let k = 0; k < count; k++) {
    let best: Point = [0, 0];
    let bestDistance = -1;
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate: Point = [uniform(rng, 0, grid.widthM), uniform(rng, 0, grid.heightM)];
      let nearest = Infinity;
      for (const [sx, sy] of seeds) nearest = Math.min(nearest, (sx - candidate[0]) ** 2 + (sy - candidate[1]) ** 2);
      if (nearest > bestDistance) {
        bestDistance = nearest;
        best = candidate;
      }
    }
    seeds.push(best);
  }
  return seeds;
}

function nearestSeed(grid: CityGrid, seeds: Point[]): Int32Array {
  const labels = new Int32Array(grid.cells);
  for (let cell = 0; cell < grid.cells; cell++) {
    const [x, y] = cellCentre(grid, cell);
    let best = 0;
    let bestDistance = Infinity;
    seeds.forEach(([sx, sy], k) => {
      const d = (sx - x) ** 2 + (sy - y) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    });
    labels[cell] = best;
  }
  return labels;
}

function moveSeedsToCentroids(grid: CityGrid, labels: Int32Array, seeds: Point[]): void {
  const sx = new Float64Array(seeds.length), sy = new Float64Array(seeds.length), n = new Float64Array(seeds.length);
  for (let cell = 0; cell < grid.cells; cell++) {
    const k = labels[cell] ?? 0;
    const [x, y] = cellCentre(grid, cell);
    sx[k] = (sx[k] ?? 0) + x;
    sy[k] = (sy[k] ?? 0) + y;
    n[k] = (n[k] ?? 0) + 1;
  }
  seeds.forEach((seed, k) => {
    const size = n[k] ?? 0;
    if (size > 0) seeds[k] = [(sx[k] ?? 0) / size, (sy[k] ?? 0) / size];
  });
}

/**
 * Voronoi regions are convex, but their grid images can have thin tips that break into pieces
 * or touch at a corner. Repairs until stable: stray pieces join a neighbour, enclosed cells join
 * their encloser, corner-only contacts are widened to an edge.
 */
function makeSimple(grid: CityGrid, labels: Int32Array, count: number): void {
  for (let pass = 0; pass < 100; pass++) {
    const changed = mergeStrayPieces(grid, labels) + fillHoles(grid, labels, count) + widenCornerContacts(grid, labels);
    if (changed === 0) {
      for (let k = 0; k < count; k++) {
        if (!labels.includes(k)) throw new Error(`district partition lost district ${k}; use fewer districts or smaller cells`);
      }
      return;
    }
  }
  throw new Error("district partition did not settle into simple polygons");
}

function neighbours(grid: CityGrid, cell: number): number[] {
  const col = cell % grid.cols;
  const out: number[] = [];
  if (col > 0) out.push(cell - 1);
  if (col < grid.cols - 1) out.push(cell + 1);
  if (cell >= grid.cols) out.push(cell - grid.cols);
  if (cell + grid.cols < grid.cells) out.push(cell + grid.cols);
  return out;
}

/** Cells outside their district's largest 4-connected piece move to the most common neighbouring district. */
function mergeStrayPieces(grid: CityGrid, labels: Int32Array): number {
  const component = new Int32Array(grid.cells).fill(-1);
  const sizes: number[] = [];
  const largest = new Map<number, number>(); // district → component id
  for (let start = 0; start < grid.cells; start++) {
    if (component[start] !== -1) continue;
    const id = sizes.length;
    const label = labels[start];
    const stack = [start];
    component[start] = id;
    let size = 0;
    while (stack.length > 0) {
      const cell = stack.pop() as number;
      size++;
      for (const next of neighbours(grid, cell)) {
        if (component[next] === -1 && labels[next] === label) {
          component[next] = id;
          stack.push(next);
        }
      }
    }
    sizes.push(size);
    const current = largest.get(label ?? 0);
    if (current === undefined || size > (sizes[current] ?? 0)) largest.set(label ?? 0, id);
  }
  let changed = 0;
  for (let cell = 0; cell < grid.cells; cell++) {
    const own = labels[cell] ?? 0;
    if (largest.get(own) === component[cell]) continue;
    const votes = new Map<number, number>();
    for (const next of neighbours(grid, cell)) {
      const other = labels[next] ?? 0;
      if (other !== own) votes.set(other, (votes.get(other) ?? 0) + 1);
    }
    let best = own, bestVotes = 0;
    for (const [other, v] of votes) if (v > bestVotes || (v === bestVotes && other < best)) [best, bestVotes] = [other, v];
    if (best !== own) {
      labels[cell] = best;
      changed++;
    }
  }
  return changed;
}

/** Cells that cannot reach the city edge without crossing district k belong to k. */
function fillHoles(grid: CityGrid, labels: Int32Array, count: number): number {
  let changed = 0;
  const reached = new Uint8Array(grid.cells);
  for (let k = 0; k < count; k++) {
    reached.fill(0);
    const stack: number[] = [];
    for (let cell = 0; cell < grid.cells; cell++) {
      const col = cell % grid.cols;
      const onEdge = col === 0 || col === grid.cols - 1 || cell < grid.cols || cell >= grid.cells - grid.cols;
      if (onEdge && labels[cell] !== k) {
        reached[cell] = 1;
        stack.push(cell);
      }
    }
    while (stack.length > 0) {
      const cell = stack.pop() as number;
      for (const next of neighbours(grid, cell)) {
        if (reached[next] === 0 && labels[next] !== k) {
          reached[next] = 1;
          stack.push(next);
        }
      }
    }
    for (let cell = 0; cell < grid.cells; cell++) {
      if (reached[cell] === 0 && labels[cell] !== k) {
        labels[cell] = k;
        changed++;
      }
    }
  }
  return changed;
}

/** Where a district's cells meet only diagonally inside a 2 × 2 block, one more cell joins them. */
function widenCornerContacts(grid: CityGrid, labels: Int32Array): number {
  let changed = 0;
  for (let r = 0; r + 1 < grid.rows; r++) {
    for (let c = 0; c + 1 < grid.cols; c++) {
      const sw = r * grid.cols + c, se = sw + 1, nw = sw + grid.cols, ne = nw + 1;
      if (labels[sw] === labels[ne] && labels[se] !== labels[sw] && labels[nw] !== labels[sw]) {
        labels[se] = labels[sw] ?? 0;
        changed++;
      } else if (labels[se] === labels[nw] && labels[sw] !== labels[se] && labels[ne] !== labels[se]) {
        labels[sw] = labels[se] ?? 0;
        changed++;
      }
    }
  }
  return changed;
}

/** Renumbers districts by rows of roughly equal height from the north, then west to east. */
function renumberInReadingOrder(grid: CityGrid, labels: Int32Array, count: number): Int32Array {
  const cx = new Float64Array(count), cy = new Float64Array(count), n = new Float64Array(count);
  for (let cell = 0; cell < grid.cells; cell++) {
    const k = labels[cell] ?? 0;
    const [x, y] = cellCentre(grid, cell);
    cx[k] = (cx[k] ?? 0) + x;
    cy[k] = (cy[k] ?? 0) + y;
    n[k] = (n[k] ?? 0) + 1;
  }
  const bands = Math.max(1, Math.round(Math.sqrt((count * grid.heightM) / grid.widthM)));
  const bandOf = (k: number): number =>
    Math.min(bands - 1, Math.floor(((grid.heightM - (cy[k] ?? 0) / (n[k] ?? 1)) / grid.heightM) * bands));
  const order = Array.from({ length: count }, (_, k) => k).sort(
    (a, b) => bandOf(a) - bandOf(b) || (cx[a] ?? 0) / (n[a] ?? 1) - (cx[b] ?? 0) / (n[b] ?? 1) || a - b,
  );
  const newIndex = new Int32Array(count);
  order.forEach((old, index) => (newIndex[old] = index));
  return labels.map((k) => newIndex[k] ?? 0);
}
