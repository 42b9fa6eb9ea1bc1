import "server-only";
import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf, type Executor } from "@/db";
import { areas, type AreaGeometry, type ForecastGrid } from "@/db/schema";
import { assertCan, isScoped, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { polygonsOf } from "@/lib/geo/area-locator";
import { transverseMercator } from "@/lib/geo/projection";
import { adjacentAreas, isMonth, isoDayOf, monthOf, monthsBetween, monthWindow, regionalView, shiftMonth, type DistrictMonthFacts, type RegionalView } from "@/lib/monitoring";
import { jurisdictionCodes } from "./forecasts";
import { findCentralMeridian } from "./settings";

const DAY_MS = 86_400_000;
/** Months shown by default: the current one and the eleven before it. */
export const REGIONAL_MONTHS = 12;
const CACHE_MS = 60_000;

export interface RegionalArea {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

export interface PublicRegionalView extends RegionalView {
  generatedAt: Date;
  areas: RegionalArea[];
  /** Central meridian of the deployment's transverse Mercator: the map draws in its metres. */
  centralMeridian: number;
}

const rangeSchema = z
  .object({ from: z.string().refine(isMonth, "must be a month as YYYY-MM").optional(), to: z.string().refine(isMonth, "must be a month as YYYY-MM").optional() })
  .strict();

/** Days of a month counted up to `now` (the current month only so far). */
const daysCounted = (now: Date) => (month: string) => {
  const { from, to } = monthWindow(month);
  return Math.max(1, Math.min(to, Math.floor(now.getTime() / DAY_MS) + 1) - from);
};

let adjacencyCache: { key: string; adjacency: Record<string, string[]> } | null = null;

/** Neighbouring districts from their outlines in the deployment's metres (cached while the areas are unchanged). */
async function adjacencyOf(db: Executor, rows: RegionalArea[]): Promise<Record<string, string[]>> {
  const key = rows.map((r) => `${r.code}:${JSON.stringify(r.geometry).length}`).join("|");
  if (adjacencyCache?.key === key) return adjacencyCache.adjacency;
  const projection = transverseMercator((await findCentralMeridian(db)) ?? 0);
  const outlines = rows.map((row) => ({
    code: row.code,
    rings: polygonsOf(row.geometry).flatMap((polygon) => polygon.map((ring) => ring.map(([lon = 0, lat = 0]) => projection.forward(lon, lat)))),
  }));
  const adjacency = adjacentAreas(outlines, 5);
  adjacencyCache = { key, adjacency };
  return adjacency;
}

/** Per district and month: flagged share of the 7-day forecasts, patrol dosage, recorded incidents. Aggregates only. */
async function districtFacts(db: Executor, first: string, last: string, now: Date): Promise<DistrictMonthFacts[]> {
  const from = isoDayOf(monthWindow(first).from);
  const to = isoDayOf(monthWindow(last).to);
  // The latest forecast per version and period: what was served.
  const served = sql`(select distinct on (version_id, period_start) id, version_id, period_start from forecasts
    where horizon_days = 7 and period_start >= ${from} and period_start < ${to} order by version_id, period_start, generated_at desc)`;
  const forecastsPerMonth = rowsOf<{ month: string; version_id: string; n: number | string }>(
    await db.execute(sql`select substr(s.period_start, 1, 7) as month, s.version_id, count(*) as n from ${served} s group by 1, 2`),
  );
  const flagged = rowsOf<{ month: string; version_id: string; area_code: string; n: number | string }>(
    await db.execute(sql`select substr(s.period_start, 1, 7) as month, s.version_id, c.area_code, count(*) as n
      from ${served} s join forecast_cells c on c.forecast_id = s.id where c.flagged group by 1, 2, 3`),
  );
  // Cells per district of each version's grid, read from one of its forecasts (all share the grid).
  const cellsPerArea = rowsOf<{ version_id: string; area_code: string; n: number | string }>(
    await db.execute(sql`select one.version_id, c.area_code, count(*) as n
      from (select distinct on (version_id) id, version_id from ${served} s order by version_id) one
      join forecast_cells c on c.forecast_id = one.id group by 1, 2`),
  );
  const dosage = rowsOf<{ month: string; area_code: string; minutes: number | string | null; n: number | string }>(
    await db.execute(sql`select substr(f.period_start, 1, 7) as month, a.area_code, sum(a.planned_minutes) as minutes, count(*) as n
      from patrol_actions a join forecasts f on f.id = a.forecast_id
      where a.kind = 'patrol_assigned' and f.period_start >= ${from} and f.period_start < ${to} group by 1, 2`),
  );
  const incidentCounts = rowsOf<{ month: string; code: string; n: number | string }>(
    await db.execute(sql`select to_char(i.occurred_at at time zone 'UTC', 'YYYY-MM') as month, a.code, count(*) as n
      from incidents i join areas a on a.id = i.area_id
      where i.status <> 'excluded' and i.occurred_at >= ${`${from}T00:00:00Z`} and i.occurred_at < ${`${to}T00:00:00Z`} group by 1, 2`),
  );
  const facts = new Map<string, DistrictMonthFacts & { cells: number; flaggedCells: number }>();
  const days = daysCounted(now);
  const fact = (area: string, month: string) => {
    const key = `${area}|${month}`;
    let entry = facts.get(key);
    if (!entry) {
      entry = { area, month, flaggedShare: null, forecasts: 0, dosageMinutes: 0, patrols: 0, incidents: 0, days: days(month), cells: 0, flaggedCells: 0 };
      facts.set(key, entry);
    }
    return entry;
  };
  for (const { month, version_id, n } of forecastsPerMonth) {
    for (const area of cellsPerArea.filter((c) => c.version_id === version_id)) {
      const entry = fact(area.area_code, month);
      entry.forecasts += Number(n);
      entry.cells += Number(n) * Number(area.n);
    }
  }
  for (const row of flagged) fact(row.area_code, row.month).flaggedCells += Number(row.n);
  for (const row of dosage) {
    const entry = fact(row.area_code, row.month);
    entry.dosageMinutes += Number(row.minutes ?? 0);
    entry.patrols += Number(row.n);
  }
  for (const row of incidentCounts) fact(row.code, row.month).incidents += Number(row.n);
  return [...facts.values()].map(({ cells, flaggedCells, ...entry }) => ({ ...entry, flaggedShare: cells > 0 ? flaggedCells / cells : null }));
}

const publicCache = new Map<string, { at: number; view: PublicRegionalView }>();

/**
 * The public regional view: every district, per month, with the share of its cells flagged, the
 * planned patrol minutes and the change in recorded crime — nothing finer than district × month —
 * and each district's neighbours, so displacement across borders shows. No login; cached a minute.
 */
export async function getPublicRegionalView(input: unknown = {}, now: Date = new Date()): Promise<PublicRegionalView> {
  const parsed = rangeSchema.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("invalid_input", `${parsed.error.issues[0]?.path.join(".") || "request"}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const last = parsed.data.to ?? monthOf(now);
  const first = parsed.data.from ?? shiftMonth(last, REGIONAL_MONTHS - 1);
  if (first > last) throw new AppError("invalid_input", "from: must not be after to");
  const months = monthsBetween(first, last);
  if (months.length > 60) throw new AppError("invalid_input", "from: at most 60 months at once");
  const key = `${first}|${last}|${monthOf(now)}`;
  const cached = publicCache.get(key);
  if (cached && now.getTime() - cached.at < CACHE_MS) return cached.view;
  const db = await getDb();
  const rows: RegionalArea[] = await db.select({ code: areas.code, name: areas.name, geometry: areas.geometry }).from(areas).orderBy(asc(areas.code));
  const adjacency = await adjacencyOf(db, rows);
  // The month before the first is read too, so the first month shown has a change to show.
  const before = shiftMonth(first, 1);
  const full = regionalView([before, ...months], adjacency, await districtFacts(db, before, last, now), daysCounted(now));
  const view = {
    generatedAt: now,
    areas: rows,
    centralMeridian: (await findCentralMeridian(db)) ?? 0,
    months,
    adjacency,
    districts: full.districts.filter((d) => d.month !== before),
    border: full.border.filter((b) => b.month !== before),
  };
  publicCache.set(key, { at: now.getTime(), view });
  if (publicCache.size > 32) publicCache.delete(publicCache.keys().next().value!);
  return view;
}

export interface CellActivity {
  versionId: string;
  modelName: string;
  versionNumber: number;
  grid: ForecastGrid;
  /** Forecasts of the version in the month. */
  forecasts: number;
  /** Cells flagged at least once, with the share of the month's forecasts that flagged them and the patrol minutes logged. */
  cells: { cell: number; areaCode: string; flaggedShare: number; patrolMinutes: number }[];
}

export interface OversightRegionalView extends PublicRegionalView {
  month: string;
  /** Within the reader's jurisdiction: the cells behind the district figures. */
  activity: CellActivity[];
}

/**
 * The regional view in full for oversight: the public aggregates plus, for one month, the cells
 * flagged and patrolled within the reader's jurisdiction, per version.
 */
export async function getOversightRegionalView(actor: Actor, month: string | undefined, now: Date = new Date()): Promise<OversightRegionalView> {
  assertCan(actor, "monitoring.read");
  const chosen = month ?? monthOf(now);
  if (!isMonth(chosen)) throw new AppError("invalid_input", "month: must be a month as YYYY-MM");
  if (chosen > monthOf(now)) throw new AppError("invalid_input", "month: has not begun");
  const view = await getPublicRegionalView({ from: shiftMonth(chosen, REGIONAL_MONTHS - 1), to: chosen }, now);
  const db = await getDb();
  const mine = isScoped(actor.role) ? await jurisdictionCodes(db, actor) : null;
  if (mine !== null && mine.length === 0) return { ...view, month: chosen, activity: [] };
  const within = mine === null ? sql`` : sql`and c.area_code in (${sql.join(mine.map((code) => sql`${code}`), sql`, `)})`;
  const { from, to } = monthWindow(chosen);
  const served = sql`(select distinct on (version_id, period_start) id, version_id, period_start, grid from forecasts
    where horizon_days = 7 and period_start >= ${isoDayOf(from)} and period_start < ${isoDayOf(to)} order by version_id, period_start, generated_at desc)`;
  const versions = rowsOf<{ version_id: string; name: string; number: number; grid: ForecastGrid; n: number | string }>(
    await db.execute(sql`select s.version_id, m.name, v.number, (array_agg(s.grid))[1] as grid, count(*) as n
      from ${served} s join model_versions v on v.id = s.version_id join models m on m.id = v.model_id group by 1, 2, 3`),
  );
  const flags = rowsOf<{ version_id: string; cell: number; area_code: string; n: number | string }>(
    await db.execute(sql`select s.version_id, c.cell, c.area_code, count(*) as n from ${served} s join forecast_cells c on c.forecast_id = s.id
      where c.flagged ${within} group by 1, 2, 3`),
  );
  const patrols = rowsOf<{ version_id: string; cell: number; area_code: string; minutes: number | string }>(
    await db.execute(sql`select f.version_id, c.cell, c.area_code, sum(c.planned_minutes) as minutes from patrol_actions c join forecasts f on f.id = c.forecast_id
      where c.kind = 'patrol_assigned' and f.period_start >= ${isoDayOf(from)} and f.period_start < ${isoDayOf(to)} ${within} group by 1, 2, 3`),
  );
  const activity = versions.map(({ version_id, name, number, grid, n }) => {
    const cells = new Map<number, CellActivity["cells"][number]>();
    for (const row of flags.filter((r) => r.version_id === version_id)) cells.set(row.cell, { cell: row.cell, areaCode: row.area_code, flaggedShare: Number(row.n) / Number(n), patrolMinutes: 0 });
    for (const row of patrols.filter((r) => r.version_id === version_id)) {
      const cell = cells.get(row.cell) ?? { cell: row.cell, areaCode: row.area_code, flaggedShare: 0, patrolMinutes: 0 };
      cell.patrolMinutes += Number(row.minutes);
      cells.set(row.cell, cell);
    }
    return { versionId: version_id, modelName: name, versionNumber: Number(number), grid, forecasts: Number(n), cells: [...cells.values()].sort((a, b) => a.cell - b.cell) };
  });
  return { ...view, month: chosen, activity };
}
