import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { audits, forecastCells, forecasts, type Forecast, type ModelVersion } from "@/db/schema";
import { residentsPerCell, type AuditPeriod, type AuditPolicy } from "@/lib/audit";
import { countsInWindow, epochMsToDays, griddedEvents, type Grid, type GriddedEvents } from "@/lib/forecast";
import { dayOfIso, displacementOfPatrols, isoDayOf, monthWindow, noPatrolLogs, type MonitoringInput, type PatrolDisplacement } from "@/lib/monitoring";
import { loadScope } from "./forecast-inputs";

/** Monitoring scores the 7-day forecasts: the longest horizon, the one patrol planning reads. */
export const MONITORED_HORIZON = 7;
const DAY_MS = 86_400_000;

export interface MonitoringData {
  input: Omit<MonitoringInput, "policy" | "random">;
  /** Days measured, [from, to). */
  window: [number, number];
  summary: {
    /** Forecasts scored (periods that do not overlap), of `servedForecasts` finished in the month. */
    forecasts: number;
    servedForecasts: number;
    patrolledCells: number;
    firstPatrolDay: string | null;
    reference: string | null;
    groups: string[];
    validCells: number;
  };
}

/** The version's finished 7-day forecasts with a period starting in the window: the latest generated per start day. */
async function servedForecasts(db: Executor, versionId: string, from: number, to: number, today: number): Promise<Forecast[]> {
  const rows = await db
    .select()
    .from(forecasts)
    .where(
      and(
        eq(forecasts.versionId, versionId),
        eq(forecasts.horizonDays, MONITORED_HORIZON),
        sql`${forecasts.periodStart} >= ${isoDayOf(from)} and ${forecasts.periodStart} < ${isoDayOf(to)}`,
        sql`(${forecasts.periodStart}::date + ${MONITORED_HORIZON}::int) <= ${isoDayOf(today)}::date`,
      ),
    )
    .orderBy(forecasts.periodStart, desc(forecasts.generatedAt));
  const latest = new Map<string, Forecast>();
  for (const row of rows) if (!latest.has(row.periodStart)) latest.set(row.periodStart, row);
  return [...latest.values()];
}

/**
 * Forecasts whose periods do not overlap, earliest first: with a 7-day forecast made every day, one
 * a week. Each day of the month is then scored once, and the bootstrap over forecasts resamples
 * periods that share no incidents (overlapping ones would make its intervals too narrow).
 */
export function nonOverlapping<F extends Pick<Forecast, "periodStart" | "horizonDays">>(served: readonly F[]): F[] {
  const kept: F[] = [];
  let next = -Infinity;
  for (const forecast of [...served].sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0))) {
    const start = dayOfIso(forecast.periodStart);
    if (start < next) continue;
    kept.push(forecast);
    next = start + forecast.horizonDays;
  }
  return kept;
}

/** The reference group the version was audited against (its latest completed audit), else the scope's largest group. */
async function referenceGroup(db: Executor, versionId: string, residents: Record<string, Float64Array>): Promise<string | null> {
  const [latest] = await db
    .select({ reference: sql<string | null>`${audits.report}->>'reference'` })
    .from(audits)
    .where(and(eq(audits.versionId, versionId), eq(audits.status, "completed")))
    .orderBy(desc(audits.completedAt))
    .limit(1);
  if (latest?.reference && latest.reference in residents) return latest.reference;
  const totals = Object.entries(residents).map(([group, cells]) => [group, cells.reduce((a, b) => a + b, 0)] as const);
  return totals.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Recorded incidents of the categories in [from, to) on the grid, all and those discovered by police. */
async function incidentsOn(db: Executor, grid: Grid, categories: readonly string[], from: number, to: number): Promise<{ all: GriddedEvents; discovered: GriddedEvents }> {
  const rows = rowsOf<{ x: number; y: number; t: string | Date; source: string }>(
    await db.execute(sql`
      select x, y, occurred_at as t, source from incidents
      where status <> 'excluded' and occurred_at >= ${new Date(from * DAY_MS).toISOString()} and occurred_at < ${new Date(to * DAY_MS).toISOString()}
        and category in (${sql.join(categories.map((c) => sql`${c}`), sql`, `)})`),
  );
  const located = rows.map((row) => ({ x: Number(row.x), y: Number(row.y), t: epochMsToDays(new Date(row.t).getTime()), discovered: row.source === "discovered" }));
  const events = (keep: (e: (typeof located)[number]) => boolean) => {
    const some = located.filter(keep);
    return griddedEvents(grid, { x: some.map((e) => e.x), y: some.map((e) => e.y), t: some.map((e) => e.t) });
  };
  return { all: events(() => true), discovered: events((e) => e.discovered) };
}

/**
 * Everything one monitoring run measures, read from what happened in production: the flags the
 * version served in the month, the incidents recorded since, residents by group, and the patrol
 * logs (cells with a patrol assigned, and the first patrol's day).
 */
export async function loadMonitoringData(db: Executor, version: ModelVersion, month: string, policy: AuditPolicy, now: Date): Promise<MonitoringData> {
  const today = Math.floor(now.getTime() / DAY_MS);
  const { from, to: monthEnd } = monthWindow(month);
  const to = Math.min(monthEnd, today);
  const finished = await servedForecasts(db, version.id, from, monthEnd, today);
  const served = nonOverlapping(finished);
  // The grid the version forecast on: its latest forecast's (all of a version's forecasts share its approved scope).
  const [reference] = served.length > 0 ? served : await db.select().from(forecasts).where(eq(forecasts.versionId, version.id)).orderBy(desc(forecasts.generatedAt)).limit(1);
  if (!reference) {
    return { input: { periods: [], mask: new Uint8Array(0), residents: null, reference: null, displacement: noPatrolLogs() }, window: [from, to], summary: { forecasts: 0, servedForecasts: 0, patrolledCells: 0, firstPatrolDay: null, reference: null, groups: [], validCells: 0 } };
  }
  const scope = await loadScope(db, reference.areaCodes, reference.grid.cellSize);
  const { grid } = scope;
  const stored = reference.grid;
  if (grid.nx !== stored.nx || grid.ny !== stored.ny || Math.abs(grid.originX - stored.originX) > 1e-6 || Math.abs(grid.originY - stored.originY) > 1e-6) {
    throw new Error(`the areas ${reference.areaCodes.join(", ")} changed since the version's forecasts were made (grid ${grid.nx}×${grid.ny} now, ${stored.nx}×${stored.ny} then); monitoring cannot place its flags`);
  }
  const cells = grid.nx * grid.ny;
  const areaGroups = scope.areas.map((area) => area.demographics?.groups ?? {});
  const groups = [...new Set(areaGroups.flatMap((g) => Object.keys(g)))].sort();
  const residents = groups.length > 0 ? residentsPerCell(grid.cellArea, areaGroups, groups) : null;

  const patrols = rowsOf<{ cell: number; first: string }>(
    await db.execute(sql`
      select a.cell, min(f.period_start) as first from patrol_actions a join forecasts f on f.id = a.forecast_id
      where f.version_id = ${version.id} and a.kind = 'patrol_assigned' and f.period_start < ${isoDayOf(to)}
      group by a.cell`),
  );
  const firstPatrolDay = patrols.length > 0 ? Math.min(...patrols.map((p) => dayOfIso(p.first))) : null;
  const lastPeriodEnd = served.reduce((end, f) => Math.max(end, dayOfIso(f.periodStart) + MONITORED_HORIZON), to);
  const earliest = firstPatrolDay !== null && firstPatrolDay < to ? Math.min(from, firstPatrolDay - (to - Math.max(from, firstPatrolDay))) : from;
  const { all, discovered } = await incidentsOn(db, grid, reference.categories, earliest, lastPeriodEnd);

  const flaggedRows = served.length === 0 ? [] : await db.select({ forecastId: forecastCells.forecastId, cell: forecastCells.cell }).from(forecastCells).where(and(inArray(forecastCells.forecastId, served.map((f) => f.id)), eq(forecastCells.flagged, true)));
  const periods: AuditPeriod[] = served.map((forecast) => {
    const flagged = new Uint8Array(cells);
    for (const row of flaggedRows) if (row.forecastId === forecast.id) flagged[row.cell] = 1;
    const start = dayOfIso(forecast.periodStart);
    const counts = countsInWindow(all, cells, start, start + MONITORED_HORIZON);
    const found = countsInWindow(discovered, cells, start, start + MONITORED_HORIZON);
    return { flagged, discovered: found, reported: counts.map((n, c) => n - found[c]!) };
  });
  const displacement: PatrolDisplacement = displacementOfPatrols({ grid, events: all, patrolledCells: patrols.map((p) => p.cell), firstPatrolDay, window: [from, to], bufferM: policy.displacementBufferM });
  const referenceName = residents ? await referenceGroup(db, version.id, residents) : null;
  return {
    input: { periods, mask: grid.mask, residents, reference: referenceName, displacement },
    window: [from, to],
    summary: { forecasts: served.length, servedForecasts: finished.length, patrolledCells: patrols.length, firstPatrolDay: firstPatrolDay === null ? null : isoDayOf(firstPatrolDay), reference: referenceName, groups, validCells: grid.validCells.length },
  };
}
