import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { areas, incidents, type AreaGeometry, type Demographics } from "@/db/schema";
import { assertCan, isScoped, type Actor } from "@/lib/auth/permissions";

export interface AreaSummary {
  id: string;
  code: string;
  name: string;
  population: number | null;
  demographics: Demographics | null;
  incidentCount: number;
}

/** The areas an actor's jurisdiction covers (empty for unscoped roles, who are not limited). */
export async function listJurisdiction(actor: Actor): Promise<{ code: string; name: string }[]> {
  if (!isScoped(actor.role) || actor.areaIds.length === 0) return [];
  const db = await getDb();
  return db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.id, [...actor.areaIds])).orderBy(asc(areas.code));
}

/** Areas visible to the actor: all for unscoped roles, their jurisdiction for scoped ones. */
export async function listAreas(actor: Actor): Promise<AreaSummary[]> {
  assertCan(actor, "areas.read");
  const db = await getDb();
  const scope = isScoped(actor.role) ? inArray(areas.id, actor.areaIds.length > 0 ? [...actor.areaIds] : ["00000000-0000-0000-0000-000000000000"]) : undefined;
  // A join, not a correlated subquery: drizzle writes columns inside sql`` unqualified, and an
  // unqualified "id" in the subquery meant the incident's own id, so every count came out 0.
  return db
    .select({
      id: areas.id,
      code: areas.code,
      name: areas.name,
      population: areas.population,
      demographics: areas.demographics,
      incidentCount: sql<number>`count(${incidents.id})::int`,
    })
    .from(areas)
    .leftJoin(incidents, eq(incidents.areaId, areas.id))
    .where(scope)
    .groupBy(areas.id)
    .orderBy(asc(areas.code));
}

/** Every visible area's outline, for maps. */
export async function listAreaShapes(actor: Actor): Promise<{ code: string; name: string; geometry: AreaGeometry }[]> {
  assertCan(actor, "areas.read");
  const db = await getDb();
  const rows = await db.select({ id: areas.id, code: areas.code, name: areas.name, geometry: areas.geometry }).from(areas).orderBy(asc(areas.code));
  return rows.filter((row) => !isScoped(actor.role) || actor.areaIds.includes(row.id)).map(({ code, name, geometry }) => ({ code, name, geometry }));
}
