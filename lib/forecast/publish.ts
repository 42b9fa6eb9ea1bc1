import { canonicalJson, inclusionProof, leafHash, merkleRoot, toHex } from "../ledger";
import { countBefore } from "./events";
import { flaggedCount, rankCells } from "./metrics/coverage";
import type { FittedModel, Grid, GriddedEvents } from "./types";

/** Recent enough to count as "recent nearby incidents" in an explanation. */
export const RECENT_DAYS = 28;
const YEAR_DAYS = 365;

export interface PublishedCell {
  cell: number;
  /** Index of the cell's area in the grid's area list. */
  area: number;
  risk: number;
  expected: number;
  /** 1 = highest risk. */
  rank: number;
  flagged: boolean;
  explanation?: {
    text: string;
    components: { label: string; value: number }[];
    recentIncidents: number;
    newestDaysAgo: number | null;
    yearCount: number;
  };
}

export interface PublishedForecast {
  cells: PublishedCell[];
  flaggedCount: number;
  /** Hex RFC 6962 root over the cells' leaves in ascending cell order. */
  merkleRoot: string;
}

/** Rounds to 9 significant digits: stored, hashed and re-hashed values then agree on every platform. */
const fixed = (value: number) => Number(value.toPrecision(9));

/** The canonical bytes a cell's prediction is hashed as; the leaf a cell proof starts from. */
export function cellLeafText(cell: Pick<PublishedCell, "cell" | "risk" | "expected" | "rank" | "flagged">, areaCode: string): string {
  return canonicalJson({ area: areaCode, cell: cell.cell, expected: cell.expected, flagged: cell.flagged, rank: cell.rank, risk: cell.risk });
}

/**
 * Turns a fitted model's prediction for [start, start + horizonDays) into what is stored and shown:
 * every valid cell with its risk, expected count, rank and flag (the top `coverage` share), an
 * explanation for each flagged cell, and the Merkle root that the ledger entry vouches for.
 */
export function publishForecast(input: {
  grid: Grid;
  fitted: FittedModel;
  events: GriddedEvents;
  start: number;
  horizonDays: number;
  coverage: number;
  areaCodes: readonly string[];
}): PublishedForecast {
  const { grid, fitted, events, start, horizonDays } = input;
  const prediction = fitted.predict(events, start, horizonDays);
  const ranking = rankCells(grid, prediction.risk);
  const flagged = flaggedCount(grid, input.coverage);
  const rankOf = new Int32Array(grid.nx * grid.ny);
  ranking.forEach((cell, i) => (rankOf[cell] = i + 1));
  const history = cellHistory(grid, events, start);
  const cells: PublishedCell[] = Array.from(grid.validCells, (cell) => {
    const rank = rankOf[cell]!;
    const published: PublishedCell = {
      cell,
      area: grid.cellArea[cell]!,
      risk: fixed(prediction.risk[cell]!),
      expected: fixed(prediction.expected[cell]!),
      rank,
      flagged: rank <= flagged,
    };
    if (published.flagged) {
      const why = fitted.explain(events, cell, start, horizonDays);
      published.explanation = {
        text: why.text,
        components: why.components.map(({ label, value }) => ({ label, value: fixed(value) })),
        ...history(cell),
      };
    }
    return published;
  });
  const leaves = cells.map((c) => leafHash(cellLeafText(c, areaCodeOf(input.areaCodes, c.area))));
  return { cells, flaggedCount: flagged, merkleRoot: toHex(merkleRoot(leaves)) };
}

function areaCodeOf(areaCodes: readonly string[], area: number): string {
  const code = areaCodes[area];
  if (code === undefined) throw new RangeError(`cell area ${area} has no area code`);
  return code;
}

/** Per cell: incidents in it and its eight neighbours over the recent window, the newest, and its year count. */
function cellHistory(grid: Grid, events: GriddedEvents, start: number) {
  const recentFrom = countBefore(events, start - RECENT_DAYS);
  const yearFrom = countBefore(events, start - YEAR_DAYS);
  const end = countBefore(events, start);
  const recent = new Float64Array(grid.nx * grid.ny);
  const newest = new Float64Array(grid.nx * grid.ny).fill(Number.NEGATIVE_INFINITY);
  const year = new Float64Array(grid.nx * grid.ny);
  for (let i = yearFrom; i < end; i++) {
    const c = events.cell[i]!;
    if (c < 0) continue;
    year[c]! += 1;
    if (i < recentFrom) continue;
    const row = Math.floor(c / grid.nx);
    const col = c % grid.nx;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const r = row + dr;
        const k = col + dc;
        if (r < 0 || r >= grid.ny || k < 0 || k >= grid.nx) continue;
        const n = r * grid.nx + k;
        recent[n]! += 1;
        newest[n] = Math.max(newest[n]!, events.t[i]!);
      }
    }
  }
  return (cell: number) => ({
    recentIncidents: recent[cell]!,
    newestDaysAgo: Number.isFinite(newest[cell]!) ? fixed(start - newest[cell]!) : null,
    yearCount: year[cell]!,
  });
}

/** The audit path proving one stored cell's prediction belongs to a forecast's Merkle root. */
export function cellInclusionProof(leafTexts: readonly string[], index: number): string[] {
  const leaves = leafTexts.map((text) => leafHash(text));
  return inclusionProof(index, leaves.length, (from, to) => merkleRoot(leaves.slice(from, to))).map(toHex);
}

export interface RealisedAccuracy {
  incidents: number;
  hits: number;
  /** Share of the period's incidents that fell in flagged cells; null without incidents. */
  hitRate: number | null;
  /** Hit rate over the flagged share of cells; > 1 beats flagging at random. */
  pai: number | null;
}

/**
 * How a forecast did on the incidents that actually occurred in its period: hit rate and PAI over
 * the cells it covered. `incidentCells` are the cells of those incidents (outside cells ignored).
 */
export function realisedAccuracy(cells: readonly Pick<PublishedCell, "cell" | "flagged">[], incidentCells: readonly number[]): RealisedAccuracy {
  const flagged = new Set<number>();
  const covered = new Set<number>();
  for (const c of cells) {
    covered.add(c.cell);
    if (c.flagged) flagged.add(c.cell);
  }
  let incidents = 0;
  let hits = 0;
  for (const cell of incidentCells) {
    if (!covered.has(cell)) continue;
    incidents += 1;
    if (flagged.has(cell)) hits += 1;
  }
  const hitRate = incidents > 0 ? hits / incidents : null;
  const share = covered.size > 0 ? flagged.size / covered.size : 0;
  return { incidents, hits, hitRate, pai: hitRate !== null && share > 0 ? hitRate / share : null };
}
