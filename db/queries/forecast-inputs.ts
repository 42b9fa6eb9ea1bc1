import "server-only";
import { inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { areas, type Area } from "@/db/schema";
import { epochMsToDays, griddedEvents, gridFromAreas, type Grid, type GriddedEvents } from "@/lib/forecast";
import { polygonsOf } from "@/lib/geo/area-locator";
import { projectMultiPolygon } from "@/lib/geo/polygon";
import { transverseMercator } from "@/lib/geo/projection";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { findCentralMeridian } from "./settings";
import type { SnapshotEvents } from "./snapshot-events";

export interface Scope {
  grid: Grid;
  /** The scope's areas in grid order: cell area index i is areas[i]. */
  areas: Area[];
  areaCodes: string[];
  centralMeridian: number;
}

/** The grid a version forecasts on: its areas, projected to the deployment's metres, in square cells. */
export async function loadScope(db: Executor, areaCodes: readonly string[], cellSizeM: number): Promise<Scope> {
  const rows = await db.select().from(areas).where(inArray(areas.code, [...areaCodes]));
  if (rows.length === 0) throw new Error(`none of the areas ${areaCodes.join(", ")} exist`);
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const centralMeridian = (await findCentralMeridian(db)) ?? 0;
  const projection = transverseMercator(centralMeridian);
  const grid = gridFromAreas(rows.map((area) => projectMultiPolygon(polygonsOf(area.geometry), projection.forward)), cellSizeM);
  return { grid, areas: rows, areaCodes: rows.map((area) => area.code), centralMeridian };
}

/** A category's code in the engine's events (1-based position in the standard list). */
export const categoryCode = (category: string): number => INCIDENT_CATEGORIES.indexOf(category as never) + 1;

/** The snapshot's incidents of the given categories on a grid, optionally only those a predicate keeps. */
export function scopeEvents(grid: Grid, snapshot: SnapshotEvents, categories: readonly string[], only?: (i: number) => boolean): GriddedEvents {
  const wanted = new Set(categories);
  const keep: number[] = [];
  for (let i = 0; i < snapshot.category.length; i++) if (wanted.has(snapshot.category[i]!) && (!only || only(i))) keep.push(i);
  return griddedEvents(grid, {
    x: Float64Array.from(keep, (i) => snapshot.x[i]!),
    y: Float64Array.from(keep, (i) => snapshot.y[i]!),
    t: Float64Array.from(keep, (i) => epochMsToDays(snapshot.t[i]!)),
    category: keep.map((i) => categoryCode(snapshot.category[i]!)),
  });
}
