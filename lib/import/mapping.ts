import { z } from "zod";
import { INCIDENT_CATEGORIES, INCIDENT_SOURCES } from "@/lib/incidents/standard";
import { isKnownTimeZone } from "./zoned-time";

/**
 * How a source's CSV columns map onto the standard incident. A preset is a named mapping;
 * `--mapping FILE.json` supplies one for any other source.
 */
export const DATE_FORMATS = ["iso", "M/D/YYYY H:MM", "D/M/YYYY H:MM", "YYYY-MM-DD HH:MM"] as const;

export const mappingSchema = z
  .object({
    columns: z
      .object({
        externalId: z.string().min(1),
        occurredAt: z.string().min(1),
        lat: z.string().min(1),
        lon: z.string().min(1),
        category: z.string().min(1),
        sourceCode: z.string().min(1).optional(),
        description: z.string().min(1).optional(),
        areaCode: z.string().min(1).optional(),
        source: z.string().min(1).optional(),
      })
      .strict(),
    /** Wall-clock zone for dates without an offset (IANA name). */
    timeZone: z.string().refine(isKnownTimeZone, "unknown IANA time zone"),
    dateFormat: z.enum(DATE_FORMATS),
    /**
     * Category from the category column: exact values first, then the longest matching prefix
     * (UCR codes are read by their leading digits). Values already in the standard vocabulary pass.
     */
    categoryByValue: z.record(z.string(), z.enum(INCIDENT_CATEGORIES)).default({}),
    categoryByPrefix: z.record(z.string(), z.enum(INCIDENT_CATEGORIES)).default({}),
    sourceByValue: z.record(z.string(), z.enum(INCIDENT_SOURCES)).default({}),
    defaultSource: z.enum(INCIDENT_SOURCES).default("unknown"),
    /** Values meaning "no value" in this source, e.g. "NA". */
    missingValues: z.array(z.string()).default(["", "NA", "N/A", "NULL"]),
    /** Several rows may share one case number: each row gets `<id>/<n>` and keeps the case reference. */
    rowsPerCase: z.enum(["one", "many"]).default("one"),
  })
  .strict();

export type IncidentMapping = z.infer<typeof mappingSchema>;
