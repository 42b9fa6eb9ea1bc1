import { cellAt } from "./grid";
import type { EventSet, Grid, GriddedEvents } from "./types";

/** Milliseconds per day: times in the engine are days since the Unix epoch. */
export const MS_PER_DAY = 86_400_000;

export interface EventInput {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Days since the Unix epoch (use `epochMsToDays` for Date values). */
  t: ArrayLike<number>;
  category?: ArrayLike<number>;
}

export const epochMsToDays = (ms: number): number => ms / MS_PER_DAY;

/**
 * Sorts events by time (stable, so equal times keep input order) and attaches each event's grid cell;
 * events outside the grid or mask get cell −1 and are kept only when `keepOutside` is set.
 *
 * @example griddedEvents(grid, { x: [75], y: [75], t: [17897.5] }).cell // Int32Array [0]
 */
export function griddedEvents(grid: Grid, input: EventInput, options: { keepOutside?: boolean } = {}): GriddedEvents {
  const n = input.t.length;
  if (input.x.length !== n || input.y.length !== n || (input.category && input.category.length !== n)) {
    throw new RangeError("x, y, t and category must have the same length");
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => input.t[a]! - input.t[b]! || a - b);
  const keep = order.filter((i) => {
    const c = cellAt(grid, input.x[i]!, input.y[i]!);
    return options.keepOutside || (c >= 0 && grid.mask[c] === 1);
  });
  const m = keep.length;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const t = new Float64Array(m);
  const category = new Uint8Array(m);
  const cell = new Int32Array(m);
  keep.forEach((i, k) => {
    x[k] = input.x[i]!;
    y[k] = input.y[i]!;
    t[k] = input.t[i]!;
    category[k] = input.category?.[i] ?? 0;
    const c = cellAt(grid, x[k]!, y[k]!);
    cell[k] = c >= 0 && grid.mask[c] === 1 ? c : -1;
  });
  return { x, y, t, category, cell };
}

/** Number of events with t < time (events sorted by t), by binary search. */
export function countBefore(events: Pick<EventSet, "t">, time: number): number {
  let lo = 0;
  let hi = events.t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events.t[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events per cell with from ≤ t < to (days). */
export function countsInWindow(events: GriddedEvents, nCells: number, from: number, to: number): Float64Array {
  const counts = new Float64Array(nCells);
  for (let i = countBefore(events, from), end = countBefore(events, to); i < end; i++) {
    const c = events.cell[i]!;
    if (c >= 0) counts[c]! += 1;
  }
  return counts;
}

/** Keeps only the events whose category is listed (an empty list keeps all). */
export function filterCategories(events: GriddedEvents, categories: readonly number[]): GriddedEvents {
  if (categories.length === 0) return events;
  const wanted = new Set(categories);
  const idx: number[] = [];
  for (let i = 0; i < events.t.length; i++) if (wanted.has(events.category[i]!)) idx.push(i);
  const pick = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
    const out = make(idx.length);
    idx.forEach((i, k) => (out[k] = a[i]!));
    return out;
  };
  return {
    x: pick(events.x, (n) => new Float64Array(n)),
    y: pick(events.y, (n) => new Float64Array(n)),
    t: pick(events.t, (n) => new Float64Array(n)),
    category: pick(events.category, (n) => new Uint8Array(n)),
    cell: pick(events.cell, (n) => new Int32Array(n)),
  };
}

/** The events with t ≥ time (events sorted by t): a training window's start. */
export function eventsFrom(events: GriddedEvents, time: number): GriddedEvents {
  const from = countBefore(events, time);
  return { x: events.x.slice(from), y: events.y.slice(from), t: events.t.slice(from), category: events.category.slice(from), cell: events.cell.slice(from) };
}
