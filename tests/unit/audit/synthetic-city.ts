import { residentsPerCell } from "@/lib/audit";
import { epochMsToDays, gridFromAreas, griddedEvents, type Grid, type GriddedEvents } from "@/lib/forecast";
import { projectMultiPolygon } from "@/lib/geo/polygon";
import { transverseMercator } from "@/lib/geo/projection";
import type { SyntheticCity } from "@/lib/simulate";

export interface GriddedCity {
  grid: Grid;
  residents: Record<string, Float64Array>;
  all: GriddedEvents;
  reported: GriddedEvents;
  discovered: GriddedEvents;
  /** The city's first day, days since the epoch. */
  day0: number;
}

/** The synthetic city as an audit sees real data: a grid over its areas, residents spread uniformly, incidents by source. */
export function griddedCity(city: SyntheticCity): GriddedCity {
  const tm = transverseMercator(city.centralMeridian);
  const grid = gridFromAreas(city.areas.map((a) => projectMultiPolygon([a.polygon.coordinates], tm.forward)), city.truth.cellSizeM);
  const located = city.incidents.map((incident) => ({ xy: tm.forward(incident.lon, incident.lat), t: epochMsToDays(incident.occurredAt.getTime()), discovered: incident.source === "discovered" }));
  const events = (keep: (e: (typeof located)[number]) => boolean) => {
    const some = located.filter(keep);
    return griddedEvents(grid, { x: some.map((e) => e.xy[0]), y: some.map((e) => e.xy[1]), t: some.map((e) => e.t) });
  };
  return {
    grid,
    residents: residentsPerCell(grid.cellArea, city.areas.map((a) => a.groups)),
    all: events(() => true),
    reported: events((e) => !e.discovered),
    discovered: events((e) => e.discovered),
    day0: epochMsToDays(Date.parse(`${city.options.startDate}T00:00:00Z`)),
  };
}
