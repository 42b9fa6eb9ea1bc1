import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { settings } from "@/db/schema";

const PROJECTION_KEY = "projection";

/** The installation's central meridian for projected metres, once chosen never changed. */
export async function findCentralMeridian(db: Executor): Promise<number | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, PROJECTION_KEY));
  const value = row?.value as { centralMeridian?: unknown } | undefined;
  return typeof value?.centralMeridian === "number" ? value.centralMeridian : null;
}

/**
 * Fixes the central meridian on first use, at the data's mean longitude rounded to 0.25°
 * (St. Louis: −90.25°). Later calls return the stored value whatever they propose.
 */
export async function ensureCentralMeridian(db: Executor, meanLongitude: number): Promise<number> {
  const existing = await findCentralMeridian(db);
  if (existing !== null) return existing;
  const centralMeridian = Math.round(meanLongitude * 4) / 4;
  await db.insert(settings).values({ key: PROJECTION_KEY, value: { centralMeridian } }).onConflictDoNothing();
  return (await findCentralMeridian(db)) ?? centralMeridian;
}
