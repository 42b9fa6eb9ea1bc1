import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf, type Executor } from "@/db";
import { ChangeAwareCache } from "@/db/change-feed";
import { areas, forecastCells, forecastViews, forecasts, models, modelVersions, VIEW_PURPOSES, type Forecast, type ForecastCell } from "@/db/schema";
import { assertCan, can, PermissionDeniedError, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { cellInclusionProof, cellLeafText } from "@/lib/forecast/publish";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { isServable } from "./forecast-generation";
import type { LedgerReceipt } from "./ledger";
import { LedgerGroupCommit } from "./ledger-batch";

/** How long a logged view may be reopened (a shift) before the officer states a purpose again. */
export const VIEW_VALID_HOURS = 8;
/** Date.parse rolls 2026-02-30 over to 2 March: a real date reads back as itself. */
const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD").refine(isRealDate, "is not a real date");

export const forecastQuerySchema = z.object({
  area: z.string().min(1).max(64).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  date: isoDate.optional(),
  horizon: z.coerce.number().pipe(z.union([z.literal(1), z.literal(7)])).default(7),
});
export const viewRequestSchema = forecastQuerySchema.extend({ purpose: z.enum(VIEW_PURPOSES) });
export type ViewRequest = z.input<typeof viewRequestSchema>;

export type NoForecastReason = "none_approved" | "expired" | "suspended" | "not_generated";

/** Thrown as 404 `no_approved_forecast` with the reason, so police never see a stale forecast. */
export class NoApprovedForecastError extends AppError {
  constructor(readonly reason: NoForecastReason) {
    super("not_found", NO_FORECAST_MESSAGES[reason], { code: "no_approved_forecast", reason });
  }
}

const NO_FORECAST_MESSAGES: Record<NoForecastReason, string> = {
  none_approved: "No approved forecast: no model version is approved for this area and category.",
  expired: "No approved forecast: the approval of the version for this area and category has expired.",
  suspended: "No approved forecast: the version for this area and category is suspended by oversight.",
  not_generated: "No approved forecast: none has been generated for this date yet.",
};


/** Area id → code, remembered until an area changes (db/change-feed.ts). */
const areaCodeNames = new ChangeAwareCache<Map<string, string>>(["areas"], 10 * 60_000, 1);

/** The area codes of an actor's jurisdiction. */
export async function jurisdictionCodes(db: Executor, actor: Actor): Promise<string[]> {
  if (actor.areaIds.length === 0) return [];
  const byId = await areaCodeNames.get("all", async () => {
    const rows = await db.select({ id: areas.id, code: areas.code }).from(areas);
    return new Map(rows.map((row) => [row.id, row.code]));
  });
  return actor.areaIds.flatMap((id) => byId.get(id) ?? []).sort();
}

/** Stored forecasts never change (the database refuses it): read each once. */
const forecastCache = new Map<string, Forecast>();
const FORECAST_CACHE_LIMIT = 256;

async function storedForecast(db: Executor, id: string): Promise<Forecast> {
  const cached = forecastCache.get(id);
  if (cached) return cached;
  const [forecast] = await db.select().from(forecasts).where(eq(forecasts.id, id));
  if (!forecast) throw new Error(`forecast ${id} vanished`);
  if (forecastCache.size >= FORECAST_CACHE_LIMIT) forecastCache.delete(forecastCache.keys().next().value!);
  forecastCache.set(id, forecast);
  return forecast;
}

export interface ServedForecast {
  forecast: Forecast;
  modelName: string;
  versionNumber: number;
  validUntil: Date;
  /** The areas of this forecast the officer may see. */
  areaCodes: string[];
}

/**
 * Finds the forecast police may see for a query: of a version approved now, covering the asked
 * areas (all of the officer's jurisdiction by default) and category, whose period holds the date.
 * An area outside the jurisdiction is not found, as if it did not exist.
 */
export async function resolveForecast(db: Executor, actor: Actor, query: z.output<typeof forecastQuerySchema>, now: Date = new Date()): Promise<ServedForecast> {
  const mine = await jurisdictionCodes(db, actor);
  if (query.area !== undefined && !mine.includes(query.area)) throw new AppError("not_found", "No such area in your jurisdiction.");
  const wanted = query.area !== undefined ? [query.area] : mine;
  if (wanted.length === 0) throw new AppError("not_found", "Your account has no jurisdiction; ask an administrator.");
  const date = query.date ?? now.toISOString().slice(0, 10);
  const rows = await candidateForecasts(db, wanted, query.horizon, date, query.category);
  const served = rows.find((row) => isServable({ state: row.state, validUntil: row.valid_until === null ? null : new Date(row.valid_until) }, now));
  if (!served) throw new NoApprovedForecastError(await whyNoForecast(db, wanted, query.category, now));
  const forecast = await storedForecast(db, served.id);
  return {
    forecast,
    modelName: served.name,
    versionNumber: served.number,
    validUntil: new Date(served.valid_until!),
    areaCodes: wanted.filter((code) => forecast.areaCodes.includes(code)),
  };
}

type CandidateRow = { id: string; name: string; number: number; state: string; valid_until: string | Date | null };

/**
 * The forecasts whose period holds the date for these areas, newest first, with their version's
 * state. Remembered until a version, model or forecast changes (db/change-feed.ts); whether the
 * approval still holds at this moment is decided on each request by the caller.
 */
const candidates = new ChangeAwareCache<CandidateRow[]>(["forecasts"], 60_000, 1_000);

function candidateForecasts(db: Executor, wanted: string[], horizon: number, date: string, category: string | undefined): Promise<CandidateRow[]> {
  const covers = sql`f.area_codes ?| array[${sql.join(wanted.map((code) => sql`${code}`), sql`, `)}]::text[]`;
  return candidates.get(`${wanted.join(",")}|${horizon}|${date}|${category ?? ""}`, async () =>
    rowsOf<CandidateRow>(
      await db.execute(sql`
        select f.id, m.name, v.number, v.state, v.valid_until
        from forecasts f join model_versions v on v.id = f.version_id join models m on m.id = v.model_id
        where f.horizon_days = ${horizon} and f.period_start <= ${date}
          and (f.period_start::date + f.horizon_days) > ${date}::date
          and ${covers}
          ${category ? sql`and f.categories ? ${category}` : sql``}
        order by f.period_start desc, f.generated_at desc
        limit 20`),
    ),
  );
}

/** Names why nothing is served: the most recently changed version whose approval covered the query. */
async function whyNoForecast(db: Executor, wanted: string[], category: string | undefined, now: Date): Promise<NoForecastReason> {
  const [latest] = rowsOf<{ state: string; valid_until: string | Date | null }>(
    await db.execute(sql`
      select state, valid_until from model_versions
      where approved_area_codes ?| array[${sql.join(wanted.map((code) => sql`${code}`), sql`, `)}]::text[]
        ${category ? sql`and approved_categories ? ${category}` : sql``}
      order by state_changed_at desc limit 1`),
  );
  if (!latest) return "none_approved";
  if (latest.state === "suspended") return "suspended";
  if (latest.state === "expired" || (latest.state === "approved" && !isServable({ state: latest.state, validUntil: latest.valid_until === null ? null : new Date(latest.valid_until) }, now))) return "expired";
  return latest.state === "approved" ? "not_generated" : "none_approved";
}

export type ServedCell = Pick<ForecastCell, "cell" | "areaCode" | "risk" | "expected" | "rank" | "flagged" | "explanation">;

/** Stored forecasts never change (the database refuses it), so their cells are cached by area set. */
const cellCache = new Map<string, ServedCell[]>();
const CELL_CACHE_LIMIT = 64;

export async function forecastCellsFor(db: Executor, forecastId: string, areaCodes: readonly string[]): Promise<ServedCell[]> {
  const key = `${forecastId}|${[...areaCodes].sort().join(",")}`;
  const cached = cellCache.get(key);
  if (cached) return cached;
  const cells = await db
    .select({ cell: forecastCells.cell, areaCode: forecastCells.areaCode, risk: forecastCells.risk, expected: forecastCells.expected, rank: forecastCells.rank, flagged: forecastCells.flagged, explanation: forecastCells.explanation })
    .from(forecastCells)
    .where(and(eq(forecastCells.forecastId, forecastId), inArray(forecastCells.areaCode, [...areaCodes])))
    .orderBy(asc(forecastCells.cell));
  if (cellCache.size >= CELL_CACHE_LIMIT) cellCache.delete(cellCache.keys().next().value!);
  cellCache.set(key, cells);
  return cells;
}

/**
 * Views are logged by group commit: the views arriving while one batch is written share the next
 * commit, each with its own entry and stored view. A view returns only once both are committed.
 */
const viewLog = new LedgerGroupCommit<Omit<typeof forecastViews.$inferInsert, "ledgerSeq">>(getDb, async (tx, batch) => {
  await tx.insert(forecastViews).values(batch.map(({ receipt, extra }) => ({ ...extra, ledgerSeq: receipt.seq })));
});

export interface ViewReceipt extends LedgerReceipt {
  viewId: string;
  forecastMerkleRoot: string;
}

export interface ForecastViewResult extends ServedForecast {
  viewId: string;
  purpose: string;
  viewedAt: Date;
  cells: ServedCell[];
  receipt: ViewReceipt;
}

/**
 * An officer opens a forecast for a stated purpose. The view is written to the ledger first, in
 * the transaction that stores it; if that fails the forecast is not returned (fail closed: 503).
 */
export async function viewForecast(actor: Actor, input: unknown, now: Date = new Date()): Promise<ForecastViewResult> {
  assertCan(actor, "forecasts.view");
  const request = parseOrThrow(viewRequestSchema, input);
  const db = await getDb();
  const served = await resolveForecast(db, actor, request, now);
  const cells = await forecastCellsFor(db, served.forecast.id, served.areaCodes);
  const viewId = randomUUID();
  const record = { viewId, forecastId: served.forecast.id, viewer: actor.pseudonym, purpose: request.purpose, areaCodes: served.areaCodes, at: now.toISOString() };
  let receipt: LedgerReceipt;
  try {
    receipt = await viewLog.append(
      {
        kind: "forecast.viewed",
        actor: actor.pseudonym,
        subjects: [
          { type: "forecast", id: served.forecast.id, hash: served.forecast.merkleRoot },
          { type: "view", id: viewId },
          { type: "purpose", id: request.purpose },
        ],
        payloadHash: sha256Hex(canonicalJson(record)),
      },
      { id: viewId, forecastId: served.forecast.id, viewerId: actor.userId, purpose: request.purpose, areaCodes: served.areaCodes, at: now },
    );
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) throw error;
    console.error("[forecasts] a view could not be logged; the forecast is withheld", error);
    throw new AppError("unavailable", "The view could not be written to the ledger, so the forecast is not shown. Try again shortly.", undefined, 5);
  }
  return { ...served, viewId, purpose: request.purpose, viewedAt: now, cells, receipt: { ...receipt, viewId, forecastMerkleRoot: served.forecast.merkleRoot } };
}

/**
 * Reopens a logged view for the officer who made it, within a shift, while its version is still
 * approved: a suspension or expiry since hides it at once.
 */
export async function openLoggedView(actor: Actor, viewId: string, now: Date = new Date()): Promise<ForecastViewResult> {
  assertCan(actor, "forecasts.view");
  if (!z.string().uuid().safeParse(viewId).success) throw new AppError("not_found", "No such forecast view.");
  const db = await getDb();
  const [view] = await db.select().from(forecastViews).where(and(eq(forecastViews.id, viewId), eq(forecastViews.viewerId, actor.userId)));
  if (!view || now.getTime() - view.at.getTime() > VIEW_VALID_HOURS * 3_600_000) throw new AppError("not_found", "No such forecast view, or it is older than a shift: open the forecast again.");
  const [row] = await db
    .select({ forecast: forecasts, modelName: models.name, versionNumber: modelVersions.number, state: modelVersions.state, validUntil: modelVersions.validUntil })
    .from(forecasts)
    .innerJoin(modelVersions, eq(modelVersions.id, forecasts.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(forecasts.id, view.forecastId));
  if (!row) throw new Error(`forecast ${view.forecastId} vanished`);
  if (!isServable(row, now)) throw new NoApprovedForecastError(row.state === "suspended" ? "suspended" : row.state === "approved" || row.state === "expired" ? "expired" : "none_approved");
  const mine = await jurisdictionCodes(db, actor);
  const areaCodes = view.areaCodes.filter((code) => mine.includes(code));
  if (areaCodes.length === 0) throw new AppError("not_found", "No such forecast view.");
  const [entry] = rowsOf<{ leaf_index: number | string; leaf_hash: string; recorded_at: string }>(
    await db.execute(sql`select leaf_index, leaf_hash, recorded_at from ledger_entries where seq = ${view.ledgerSeq}`),
  );
  if (!entry) throw new Error(`ledger entry ${view.ledgerSeq} of view ${view.id} is missing`);
  return {
    forecast: row.forecast,
    modelName: row.modelName,
    versionNumber: row.versionNumber,
    validUntil: row.validUntil!,
    areaCodes,
    viewId: view.id,
    purpose: view.purpose,
    viewedAt: view.at,
    cells: await forecastCellsFor(db, view.forecastId, areaCodes),
    receipt: { seq: view.ledgerSeq, leafIndex: Number(entry.leaf_index), leafHash: entry.leaf_hash, recordedAt: new Date(entry.recorded_at).toISOString(), viewId: view.id, forecastMerkleRoot: row.forecast.merkleRoot },
  };
}

export interface RecentView {
  viewId: string;
  at: Date;
  purpose: string;
  areaCodes: string[];
  periodStart: string;
  horizonDays: number;
  modelName: string;
  versionNumber: number;
}

/** The officer's own views within the current shift window, newest first. */
export async function listMyRecentViews(actor: Actor, now: Date = new Date()): Promise<RecentView[]> {
  assertCan(actor, "forecasts.view");
  const db = await getDb();
  const since = new Date(now.getTime() - VIEW_VALID_HOURS * 3_600_000);
  const rows = await db
    .select({ view: forecastViews, periodStart: forecasts.periodStart, horizonDays: forecasts.horizonDays, modelName: models.name, versionNumber: modelVersions.number })
    .from(forecastViews)
    .innerJoin(forecasts, eq(forecasts.id, forecastViews.forecastId))
    .innerJoin(modelVersions, eq(modelVersions.id, forecasts.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(forecastViews.viewerId, actor.userId), sql`${forecastViews.at} >= ${since.toISOString()}`))
    .orderBy(sql`${forecastViews.at} desc`)
    .limit(20);
  return rows.map(({ view, ...rest }) => ({ viewId: view.id, at: view.at, purpose: view.purpose, areaCodes: view.areaCodes, ...rest }));
}

/** The area codes an officer may ask forecasts for. */
export async function myForecastAreas(actor: Actor): Promise<string[]> {
  assertCan(actor, "forecasts.view");
  return jurisdictionCodes(await getDb(), actor);
}

export interface CellProof {
  forecastId: string;
  cell: number;
  /** The canonical JSON the cell's leaf hashes. */
  leaf: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
  merkleRoot: string;
  /** The ledger entry that published the root. */
  ledgerSeq: number;
}

/**
 * Proves one cell's stored prediction is part of the forecast whose Merkle root is on the ledger.
 * Oversight may ask of any forecast; an officer only of a forecast they viewed, for their own areas.
 */
export async function cellProof(actor: Actor, forecastId: string, cell: number): Promise<CellProof> {
  if (!can(actor, "forecasts.oversee")) assertCan(actor, "forecasts.view");
  if (!z.string().uuid().safeParse(forecastId).success || !Number.isInteger(cell) || cell < 0) throw new AppError("not_found", "No such cell of a forecast.");
  const db = await getDb();
  if (!can(actor, "forecasts.oversee")) {
    const [viewed] = await db.select({ id: forecastViews.id }).from(forecastViews).where(and(eq(forecastViews.forecastId, forecastId), eq(forecastViews.viewerId, actor.userId))).limit(1);
    if (!viewed) throw new AppError("not_found", "No such cell of a forecast you viewed.");
  }
  const forecast = await storedForecast(db, forecastId).catch(() => null);
  if (!forecast) throw new AppError("not_found", "No such cell of a forecast.");
  const cells = await db
    .select({ cell: forecastCells.cell, areaCode: forecastCells.areaCode, risk: forecastCells.risk, expected: forecastCells.expected, rank: forecastCells.rank, flagged: forecastCells.flagged })
    .from(forecastCells)
    .where(eq(forecastCells.forecastId, forecastId))
    .orderBy(asc(forecastCells.cell));
  const index = cells.findIndex((c) => c.cell === cell);
  const target = cells[index];
  if (!target || (!can(actor, "forecasts.oversee") && !(await jurisdictionCodes(db, actor)).includes(target.areaCode))) throw new AppError("not_found", "No such cell of a forecast you viewed.");
  const leaves = cells.map((c) => cellLeafText(c, c.areaCode));
  return { forecastId, cell, leaf: leaves[index]!, leafIndex: index, treeSize: leaves.length, auditPath: cellInclusionProof(leaves, index), merkleRoot: forecast.merkleRoot, ledgerSeq: forecast.ledgerSeq };
}
