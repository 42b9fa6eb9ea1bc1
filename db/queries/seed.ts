import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { areas, users } from "@/db/schema";
import { transverseMercator } from "@/lib/geo/projection";
import { generateCity, type CityOptions } from "@/lib/simulate";
import { insertIncidents } from "./incidents";
import { ensureCentralMeridian } from "./settings";
import { createUserAsSystem } from "./users";

export const DEMO_PASSWORD = "sightline-demo";

export const DEMO_ACCOUNTS = [
  { email: "admin@demo.test", displayName: "Ada Admin", role: "admin", scope: "none" },
  { email: "developer@demo.test", displayName: "Dev Eloper", role: "model_developer", scope: "none" },
  { email: "oversight1@demo.test", displayName: "Olu Oversight", role: "oversight_officer", scope: "all" },
  { email: "oversight2@demo.test", displayName: "Ola Oversight", role: "oversight_officer", scope: "all" },
  { email: "police@demo.test", displayName: "Pat Police", role: "police_staff", scope: "first-four" },
  { email: "citizen@demo.test", displayName: "Cit Izen", role: "citizen", scope: "none" },
] as const;

export interface SeedResult {
  seeded: boolean;
  areas: number;
  incidents: number;
  accounts: string[];
}

const DAY_MS = 86_400_000;

/**
 * On an empty database: one synthetic city (seeded, so every fresh start is the same city,
 * ending yesterday) and the demo accounts. Does nothing when any user or area exists.
 */
export async function seedDemo(
  db: Executor,
  options: { seed: number; now: Date; city?: Omit<CityOptions, "seed" | "startDate" | "days">; onProgress?: (message: string) => void },
): Promise<SeedResult> {
  const [userCount] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  const [areaCount] = await db.select({ n: sql<number>`count(*)::int` }).from(areas);
  if ((userCount?.n ?? 0) > 0 || (areaCount?.n ?? 0) > 0) return { seeded: false, areas: 0, incidents: 0, accounts: [] };

  const days = 730;
  const start = new Date(Math.floor(options.now.getTime() / DAY_MS) * DAY_MS - days * DAY_MS);
  const city = generateCity({ ...options.city, seed: options.seed, days, startDate: start.toISOString().slice(0, 10) });
  options.onProgress?.(`generated a synthetic city: ${city.areas.length} districts, ${city.incidents.length} incidents`);

  return db.transaction(async (tx) => {
    const projection = transverseMercator(await ensureCentralMeridian(tx, city.centralMeridian));
    const inserted = await tx
      .insert(areas)
      .values(
        city.areas.map((area) => ({
          code: area.code,
          name: area.name,
          geometry: area.polygon,
          population: area.population,
          demographics: { groups: area.groups, source: "Sightline synthetic city", year: start.getUTCFullYear() },
        })),
      )
      .returning({ id: areas.id, code: areas.code });
    const areaIdByCode = new Map(inserted.map((area) => [area.code, area.id]));
    for (let i = 0; i < city.incidents.length; i += 1_000) {
      const batch = city.incidents.slice(i, i + 1_000).map((incident) => {
        const [x, y] = projection.forward(incident.lon, incident.lat);
        return {
          externalId: incident.externalId,
          category: incident.category,
          occurredAt: incident.occurredAt,
          lat: incident.lat,
          lon: incident.lon,
          x,
          y,
          areaId: areaIdByCode.get(incident.areaCode) ?? null,
          source: incident.source,
        };
      });
      await insertIncidents(tx, batch, "synthetic demo city", null);
      if (i % 10_000 === 0) options.onProgress?.(`stored ${i + batch.length} of ${city.incidents.length} incidents`);
    }
    const codes = [...areaIdByCode.keys()].sort();
    for (const account of DEMO_ACCOUNTS) {
      const areaCodes = account.scope === "all" ? codes : account.scope === "first-four" ? codes.slice(0, 4) : [];
      await createUserAsSystem({ email: account.email, displayName: account.displayName, role: account.role, password: DEMO_PASSWORD, areaCodes }, tx);
    }
    return { seeded: true, areas: city.areas.length, incidents: city.incidents.length, accounts: DEMO_ACCOUNTS.map((a) => a.email) };
  });
}
