import { mappingSchema, type IncidentMapping } from "./mapping";

/**
 * St. Louis Metropolitan Police Department monthly files (as published by SLU openGIS).
 * The UCR `crime` code's leading digit(s) give the Part I category; `date_occur` is local time.
 */
const slmpd = mappingSchema.parse({
  columns: {
    externalId: "complaint",
    occurredAt: "date_occur",
    lat: "y",
    lon: "x",
    category: "crime",
    sourceCode: "crime",
    description: "description",
    areaCode: "neighborhood",
  },
  timeZone: "America/Chicago",
  dateFormat: "M/D/YYYY H:MM",
  categoryByPrefix: {
    "1": "homicide",
    "2": "sexual_offence",
    "3": "robbery",
    "4": "assault",
    "5": "burglary",
    "6": "theft",
    "7": "vehicle_theft",
    "8": "arson",
  },
  rowsPerCase: "many",
});

/** Sightline's own export format: standard names, ISO 8601 times with offsets. */
const sightline = mappingSchema.parse({
  columns: {
    externalId: "external_id",
    occurredAt: "occurred_at",
    lat: "lat",
    lon: "lon",
    category: "category",
    sourceCode: "source_code",
    description: "description",
    areaCode: "area_code",
    source: "source",
  },
  timeZone: "UTC",
  dateFormat: "iso",
});

export const PRESETS: Record<string, IncidentMapping> = { slmpd, sightline };

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
