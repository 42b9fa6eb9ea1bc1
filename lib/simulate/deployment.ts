import { cellAt, type CityGrid } from "./grid";
import type { TrueEvent } from "./hawkes";
import type { Random } from "./random";
import type { Deployment } from "./types";

/** Draws per ring width before widening it (a ring covered by neighbouring targets or cut by the city edge). */
const TRIES_PER_WIDTH = 64;
/** Widenings, one square side each, before an incident is given up (counted as prevented, not displaced). */
const MAX_WIDENINGS = 20;

/** A patrolled square in the city's local metres (from its south-west corner). */
interface Square {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface DeploymentOutcome {
  /** The true incidents after deployment: prevented ones removed, displaced ones moved, sorted by time. */
  events: TrueEvent[];
  /** Incidents prevented in the targets (including those displaced). */
  prevented: number;
  /** Of those, incidents committed instead in the buffer ring. */
  displaced: number;
}

/**
 * Plants the effect of patrols on the true incidents: from `fromDay`, each incident inside a
 * patrolled square is prevented with probability `deterrence`, and a prevented incident is
 * committed instead, at the same time and of the same category, at a uniform spot of the buffer
 * ring (within `bufferM` of its square, outside every patrolled square) with probability
 * `displacement`. Where that ring lies wholly inside neighbouring patrolled squares (the middle
 * of a cluster of targets), it widens a square side at a time, so the incident lands just
 * outside the cluster: still within `bufferM` of some target. Incidents before `fromDay` are untouched, so a city with and without the knob
 * share their whole history up to deployment. Offspring are left as the process drew them: the
 * knob moves incidents, not the near-repeat process.
 *
 * @param toLocal WGS84 → the city's local metres
 * @example plantDeployment(grid, events, { fromDay: 365, targets, targetSideM: 150, deterrence: 0.5, displacement: 0.8, bufferM: 300 }, toLocal, rng)
 */
export function plantDeployment(grid: CityGrid, events: readonly TrueEvent[], deployment: Deployment, toLocal: (lon: number, lat: number) => [number, number], rng: Random): DeploymentOutcome {
  const half = deployment.targetSideM / 2;
  const squares: Square[] = deployment.targets.map(({ lon, lat }) => {
    const [x, y] = toLocal(lon, lat);
    return { minX: x - half, minY: y - half, maxX: x + half, maxY: y + half };
  });
  // Which squares touch each ground-truth cell, so an incident is tested against a handful, not all.
  const byCell = new Map<number, number[]>();
  squares.forEach((square, index) => {
    const [c0, c1] = [Math.floor(square.minX / grid.cellSizeM), Math.floor(square.maxX / grid.cellSizeM)];
    const [r0, r1] = [Math.floor(square.minY / grid.cellSizeM), Math.floor(square.maxY / grid.cellSizeM)];
    for (let row = Math.max(0, r0); row <= Math.min(grid.rows - 1, r1); row++) {
      for (let col = Math.max(0, c0); col <= Math.min(grid.cols - 1, c1); col++) {
        const cell = row * grid.cols + col;
        const list = byCell.get(cell) ?? [];
        list.push(index);
        byCell.set(cell, list);
      }
    }
  });
  const inside = (s: Square, x: number, y: number) => x >= s.minX && x < s.maxX && y >= s.minY && y < s.maxY;
  const patrolledAt = (x: number, y: number): number => {
    const cell = cellAt(grid, x, y);
    return cell < 0 ? -1 : (byCell.get(cell)?.find((i) => inside(squares[i]!, x, y)) ?? -1);
  };
  const ringSpot = (square: Square): [number, number] | null => {
    for (let widening = 0; widening <= MAX_WIDENINGS; widening++) {
      const b = deployment.bufferM + widening * deployment.targetSideM;
      for (let attempt = 0; attempt < TRIES_PER_WIDTH; attempt++) {
        const x = square.minX - b + rng() * (square.maxX - square.minX + 2 * b);
        const y = square.minY - b + rng() * (square.maxY - square.minY + 2 * b);
        const dx = Math.max(square.minX - x, 0, x - square.maxX);
        const dy = Math.max(square.minY - y, 0, y - square.maxY);
        if (dx * dx + dy * dy <= b * b && cellAt(grid, x, y) >= 0 && patrolledAt(x, y) < 0) return [x, y];
      }
    }
    return null;
  };

  const out: TrueEvent[] = [];
  let prevented = 0;
  let displaced = 0;
  for (const event of events) {
    const target = event.t >= deployment.fromDay ? patrolledAt(event.x, event.y) : -1;
    if (target < 0 || rng() >= deployment.deterrence) {
      out.push(event);
      continue;
    }
    prevented++;
    if (rng() >= deployment.displacement) continue;
    const spot = ringSpot(squares[target]!);
    if (!spot) continue;
    displaced++;
    out.push({ ...event, x: spot[0], y: spot[1], cell: cellAt(grid, spot[0], spot[1]) });
  }
  // Moved incidents keep their time, so `out` stays sorted.
  return { events: out, prevented, displaced };
}
