import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export interface AreaGeometry {
  type: "Polygon" | "MultiPolygon";
  coordinates: number[][][] | number[][][][];
}

/** Residents by demographic group, with where the figures come from. */
export interface Demographics {
  groups: Record<string, number>;
  source: string;
  year: number | null;
}

export const areas = pgTable(
  "areas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    geometry: jsonb("geometry").$type<AreaGeometry>().notNull(),
    population: integer("population"),
    demographics: jsonb("demographics").$type<Demographics>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("areas_population_nonnegative", sql`${t.population} is null or ${t.population} >= 0`)],
);

export type Area = typeof areas.$inferSelect;
export type NewArea = typeof areas.$inferInsert;
