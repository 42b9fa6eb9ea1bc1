import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { transverseMercator } from "@/lib/geo/projection";
import { projectMultiPolygon, type MultiPolygon } from "@/lib/geo/polygon";
import { griddedEvents, gridFromAreas, MS_PER_DAY, type Grid, type GriddedEvents } from "@/lib/forecast";
import { dedupeSlmpd, readSlmpd } from "./slmpd";
import { localToUtcMs } from "@/lib/import/zoned-time";

/** The St. Louis data folder, beside the repository (never copied into it). */
export function stlouisDir(root = process.cwd()): string {
  return path.resolve(root, "../shared/data/stlouis");
}

export function stlouisAvailable(root?: string): boolean {
  return existsSync(path.join(stlouisDir(root), "part1_2019.csv"));
}

/** Midnight of a local calendar day in St. Louis, as days since the epoch (the protocol's period starts). */
export function stlDay(year: number, month: number, day: number): number {
  return localToUtcMs("America/Chicago", year, month, day) / MS_PER_DAY;
}

export interface StLouisData {
  grid: Grid;
  events: GriddedEvents;
  neighbourhoods: { number: number; name: string }[];
}

/**
 * The reference protocol's data: Part I incidents 2017-01-01 to 2019-09-30 (local), de-duplicated,
 * projected with a transverse Mercator at −90.25°, on a 150 m grid masked by the neighbourhoods,
 * keeping only events in valid cells.
 */
export function loadStLouis(root?: string): StLouisData {
  const dir = stlouisDir(root);
  const tm = transverseMercator(-90.25);
  const geo = JSON.parse(readFileSync(path.join(dir, "stl_neighborhoods.geojson"), "utf8")) as {
    features: { properties: { NHD_NUM: number; NHD_NAME: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  const areas: MultiPolygon[] = geo.features.map((f) => {
    const coords = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    return projectMultiPolygon(coords as number[][][][], tm.forward);
  });
  const grid = gridFromAreas(areas, 150);
  const rows = dedupeSlmpd(readSlmpd(["part1_2017.csv", "part1_2018.csv", "part1_2019.csv"].map((f) => path.join(dir, f))));
  const from = localToUtcMs("America/Chicago", 2017, 1, 1);
  const to = localToUtcMs("America/Chicago", 2019, 10, 1);
  const kept = rows.filter((r) => r.utcMs >= from && r.utcMs < to && r.category >= 1 && r.category <= 8);
  const x = new Float64Array(kept.length);
  const y = new Float64Array(kept.length);
  kept.forEach((r, i) => ([x[i], y[i]] = tm.forward(r.lon, r.lat)));
  const events = griddedEvents(grid, {
    x,
    y,
    t: kept.map((r) => r.utcMs / MS_PER_DAY),
    category: kept.map((r) => r.category),
  });
  const neighbourhoods = geo.features.map((f) => ({ number: f.properties.NHD_NUM, name: f.properties.NHD_NAME }));
  return { grid, events, neighbourhoods };
}
