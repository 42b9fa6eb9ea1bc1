import "server-only";
import { and, desc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "@/db";
import { forecastCells, forecasts, incidents, models, modelVersions, type Forecast } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { cellAt, createGrid, realisedAccuracy, type RealisedAccuracy } from "@/lib/forecast";

const DAY_MS = 86_400_000;

export interface ForecastOversightRow {
  id: string;
  versionId: string;
  modelName: string;
  versionNumber: number;
  versionState: string;
  periodStart: string;
  horizonDays: number;
  generatedAt: Date;
  cellCount: number;
  flaggedCount: number;
  ledgerSeq: number;
  views: number;
  actions: number;
  /** Null until the period is over. */
  realised: RealisedAccuracy | null;
}

const periodEnd = (forecast: Pick<Forecast, "periodStart" | "horizonDays">) => new Date(Date.parse(`${forecast.periodStart}T00:00:00Z`) + forecast.horizonDays * DAY_MS);

/**
 * How a forecast did once its period is over: its flagged cells against the incidents of its
 * categories that were recorded in the period (as the data stands now, corrections included).
 */
export async function realisedAccuracyOf(db: Executor, forecast: Forecast, now: Date = new Date()): Promise<RealisedAccuracy | null> {
  const end = periodEnd(forecast);
  if (end.getTime() > now.getTime()) return null;
  const start = new Date(Date.parse(`${forecast.periodStart}T00:00:00Z`));
  const happened = await db
    .select({ x: incidents.x, y: incidents.y })
    .from(incidents)
    .where(and(ne(incidents.status, "excluded"), gte(incidents.occurredAt, start), lt(incidents.occurredAt, end), inArray(incidents.category, forecast.categories)));
  const grid = createGrid(forecast.grid);
  const cells = await db.select({ cell: forecastCells.cell, flagged: forecastCells.flagged }).from(forecastCells).where(eq(forecastCells.forecastId, forecast.id));
  return realisedAccuracy(cells, happened.map((incident) => cellAt(grid, incident.x, incident.y)));
}

/** Recent forecasts with their use (views, decisions) and, once their period is over, realised accuracy. */
export async function listForecastsForOversight(actor: Actor, limit = 60, now: Date = new Date()): Promise<ForecastOversightRow[]> {
  assertCan(actor, "forecasts.oversee");
  const db = await getDb();
  const rows = await db
    .select({ forecast: forecasts, modelName: models.name, versionNumber: modelVersions.number, versionState: modelVersions.state })
    .from(forecasts)
    .innerJoin(modelVersions, eq(modelVersions.id, forecasts.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .orderBy(desc(forecasts.periodStart), desc(forecasts.generatedAt))
    .limit(limit);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.forecast.id);
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const usage = new Map(
    rowsOf<{ forecast_id: string; views: number | string; actions: number | string }>(
      await db.execute(sql`
        select f.id as forecast_id,
          (select count(*) from forecast_views v where v.forecast_id = f.id) as views,
          (select count(*) from patrol_actions a where a.forecast_id = f.id) as actions
        from forecasts f where f.id in (${idList})`),
    ).map((row) => [row.forecast_id, { views: Number(row.views), actions: Number(row.actions) }]),
  );
  const out: ForecastOversightRow[] = [];
  for (const { forecast, modelName, versionNumber, versionState } of rows) {
    out.push({
      id: forecast.id,
      versionId: forecast.versionId,
      modelName,
      versionNumber,
      versionState,
      periodStart: forecast.periodStart,
      horizonDays: forecast.horizonDays,
      generatedAt: forecast.generatedAt,
      cellCount: forecast.cellCount,
      flaggedCount: forecast.flaggedCount,
      ledgerSeq: forecast.ledgerSeq,
      views: usage.get(forecast.id)?.views ?? 0,
      actions: usage.get(forecast.id)?.actions ?? 0,
      realised: await realisedAccuracyOf(db, forecast, now),
    });
  }
  return out;
}

export interface VersionRealisedAccuracy {
  versionId: string;
  modelName: string;
  versionNumber: number;
  forecasts: number;
  incidents: number;
  hits: number;
  hitRate: number | null;
  pai: number | null;
}

/**
 * Realised accuracy per version over its finished 7-day forecasts (one per period, the latest
 * generated): the hits and incidents pooled, PAI against the mean flagged share. What monitoring reads.
 */
export async function realisedAccuracyByVersion(actor: Actor, now: Date = new Date()): Promise<VersionRealisedAccuracy[]> {
  assertCan(actor, "forecasts.oversee");
  const db = await getDb();
  const rows = await db
    .select({ forecast: forecasts, modelName: models.name, versionNumber: modelVersions.number })
    .from(forecasts)
    .innerJoin(modelVersions, eq(modelVersions.id, forecasts.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(forecasts.horizonDays, 7), sql`(${forecasts.periodStart}::date + 7) <= ${now.toISOString().slice(0, 10)}::date`))
    .orderBy(desc(forecasts.generatedAt));
  const latestPerPeriod = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.forecast.versionId}|${row.forecast.periodStart}`;
    if (!latestPerPeriod.has(key)) latestPerPeriod.set(key, row);
  }
  const byVersion = new Map<string, VersionRealisedAccuracy & { flaggedShareSum: number }>();
  for (const { forecast, modelName, versionNumber } of latestPerPeriod.values()) {
    const result = await realisedAccuracyOf(db, forecast, now);
    if (!result) continue;
    const entry = byVersion.get(forecast.versionId) ?? { versionId: forecast.versionId, modelName, versionNumber, forecasts: 0, incidents: 0, hits: 0, hitRate: null, pai: null, flaggedShareSum: 0 };
    entry.forecasts += 1;
    entry.incidents += result.incidents;
    entry.hits += result.hits;
    entry.flaggedShareSum += forecast.flaggedCount / Math.max(1, forecast.cellCount);
    byVersion.set(forecast.versionId, entry);
  }
  return [...byVersion.values()].map(({ flaggedShareSum, ...entry }) => {
    const hitRate = entry.incidents > 0 ? entry.hits / entry.incidents : null;
    const share = flaggedShareSum / Math.max(1, entry.forecasts);
    return { ...entry, hitRate, pai: hitRate !== null && share > 0 ? hitRate / share : null };
  });
}
