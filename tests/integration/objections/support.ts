import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { seedDemo } from "@/db/queries/seed";
import type { Actor } from "@/lib/auth/permissions";

/** A small synthetic city with the demo accounts: enough incidents to object to, quick to seed. */
export async function seedSmallCity(now = new Date()): Promise<void> {
  await seedDemo(await getDb(), { seed: 7, now, city: { districts: 4, targetIncidents: 2_000 } });
}

export const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;

/** Counts rows of a table (test bookkeeping only). */
export async function countRows(table: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await (await getDb()).execute(sql.raw(`select count(*)::int as n from ${table}`)));
  return Number(row?.n ?? 0);
}

/** Some incident of the city, by category and area when asked. */
export async function someIncident(where = "true"): Promise<{ id: string; external_id: string; area_code: string; category: string; occurred_at: string }> {
  const [row] = rowsOf<{ id: string; external_id: string; area_code: string; category: string; occurred_at: string }>(
    await (await getDb()).execute(sql.raw(`select i.id, i.external_id, a.code as area_code, i.category, i.occurred_at from incidents i join areas a on a.id = i.area_id where ${where} order by i.external_id limit 1`)),
  );
  if (!row) throw new Error(`no incident where ${where}`);
  return row;
}
