import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, rowsOf, type Executor } from "@/db";
import { noteChange } from "@/db/change-feed";
import { audits, forecastCells, forecasts, jobs, modelVersions, type ForecastGrid, type ModelVersion } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createModel, eventsFrom, publishForecast, type ModelKind, type PublishedForecast } from "@/lib/forecast";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import type { VersionDefinition } from "@/lib/workflow/model-card";
import { loadScope, scopeEvents } from "./forecast-inputs";
import { takeSnapshot } from "./incidents";
import { completeJob, enqueueJob, type ClaimedJob } from "./jobs";
import { appendToLedger } from "./ledger";
import { loadSnapshotEvents } from "./snapshot-events";

export const FORECAST_JOB = "forecast.generate";
export const FORECAST_HORIZONS = [1, 7] as const;
/** Flag share when a version's audit named none (the audits' own default). */
const DEFAULT_COVERAGE = 0.05;
const DAY_MS = 86_400_000;
const CELL_BATCH = 1_000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/** Approved and within its valid-until: the only versions whose forecasts are made or served. */
export function isServable(version: Pick<ModelVersion, "state" | "validUntil">, now: Date): boolean {
  return version.state === "approved" && version.validUntil !== null && version.validUntil.getTime() > now.getTime();
}

const payloadSchema = z.object({ versionId: z.string().uuid(), periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** Oversight asks for fresh forecasts of an approved version now (e.g. after new data arrived). */
export async function requestForecasts(actor: Actor, versionId: string, periodStart: string = isoDay(new Date())): Promise<{ jobId: string }> {
  assertCan(actor, "forecasts.generate");
  const input = payloadSchema.safeParse({ versionId, periodStart });
  if (!input.success) throw new AppError("invalid_input", `${input.error.issues[0]?.path.join(".")}: ${input.error.issues[0]?.message}`);
  const db = await getDb();
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version) throw new AppError("not_found", "No such model version.");
  if (!isServable(version, new Date())) throw new AppError("conflict", `Version ${version.number} is not approved now (${version.state}); only approved versions forecast.`);
  return { jobId: await enqueueJob(db, { kind: FORECAST_JOB, payload: input.data, createdBy: actor.userId, maxAttempts: 2 }) };
}

/**
 * The daily schedule: each approved version gets today's forecasts once. Serialised by an advisory
 * lock so the web process and a separate worker process never both enqueue the same day.
 */
export async function scheduleDueForecasts(now: Date = new Date()): Promise<number> {
  const db = await getDb();
  const today = isoDay(now);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sightline.forecast.schedule'))`);
    const due = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select v.id from model_versions v
        where v.state = 'approved' and v.valid_until > ${now.toISOString()}
          and not exists (select 1 from forecasts f where f.version_id = v.id and f.period_start = ${today})
          and not exists (select 1 from jobs j where j.kind = ${FORECAST_JOB} and j.status in ('queued', 'running')
                          and j.payload->>'versionId' = v.id::text and j.payload->>'periodStart' = ${today})`),
    );
    for (const { id } of due) await enqueueJob(tx, { kind: FORECAST_JOB, payload: { versionId: id, periodStart: today }, createdBy: null, maxAttempts: 2 });
    return due.length;
  });
}

/** The coverage the version was audited at: flags served are the flags that were audited. */
async function auditedCoverage(db: Executor, versionId: string): Promise<number> {
  const [latest] = await db
    .select({ evaluation: audits.evaluation })
    .from(audits)
    .where(and(eq(audits.versionId, versionId), eq(audits.status, "completed")))
    .orderBy(desc(audits.completedAt))
    .limit(1);
  return latest?.evaluation.coverage ?? DEFAULT_COVERAGE;
}

/**
 * The work of a forecast job: fit the version as defined (its training window) on a fresh snapshot,
 * predict each horizon from the period's start, and store every forecast with its cells and its
 * ledger entry in one transaction — re-checking under a row lock that the version is still approved.
 */
export async function runForecastJob(job: ClaimedJob, progress: (fraction: number, message: string) => Promise<void>): Promise<void> {
  const { versionId, periodStart } = payloadSchema.parse(job.payload);
  const db = await getDb();
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version) throw new Error(`version ${versionId} is gone`);
  if (!isServable(version, new Date())) {
    await completeJob(db, job, { skipped: `version is ${version.state}` });
    return;
  }
  const definition = version.definition as unknown as VersionDefinition;
  await progress(0.05, "taking a data snapshot");
  const snapshot = await takeSnapshot(db, new Date(), job.createdBy);
  const scope = await loadScope(db, version.approvedAreaCodes ?? definition.areaCodes, definition.cellSizeM);
  await progress(0.15, `loading ${snapshot.incidentCount} incidents`);
  const events = scopeEvents(scope.grid, await loadSnapshotEvents(db, snapshot.id), definition.categories);
  await progress(0.3, `fitting ${definition.algorithm} on the training window`);
  const training = eventsFrom(events, dayNumber(definition.trainingWindow.from));
  const fitted = createModel(definition.algorithm as ModelKind, definition.parameters).fit(training, scope.grid, dayNumber(definition.trainingWindow.to));
  const coverage = await auditedCoverage(db, versionId);
  const made = FORECAST_HORIZONS.map((horizonDays, i) => {
    void progress(0.5 + 0.15 * i, `predicting ${horizonDays}-day risk for ${scope.grid.validCells.length} cells`);
    const published = publishForecast({ grid: scope.grid, fitted, events, start: dayNumber(periodStart), horizonDays, coverage, areaCodes: scope.areaCodes });
    return { horizonDays, published };
  });
  await progress(0.85, "storing the forecasts and their ledger entries");
  const grid: ForecastGrid = { originX: scope.grid.originX, originY: scope.grid.originY, cellSize: scope.grid.cellSize, nx: scope.grid.nx, ny: scope.grid.ny, centralMeridian: scope.centralMeridian };
  await db.transaction(async (tx) => {
    const [locked] = rowsOf<{ state: string; valid_until: string | Date | null }>(await tx.execute(sql`select state, valid_until from model_versions where id = ${versionId} for share`));
    if (!locked || !isServable({ state: locked.state, validUntil: locked.valid_until === null ? null : new Date(locked.valid_until) }, new Date())) {
      await completeJob(tx, job, { skipped: `version became ${locked?.state ?? "missing"} during generation` });
      return;
    }
    const pieces = made.map((piece) => ({ ...piece, id: randomUUID() }));
    // The cells first (their forecast row is checked at commit): the ledger's append lock, held to
    // the commit, is then taken only for the entries and forecast rows, never for thousands of
    // cell rows, so views and decisions elsewhere wait milliseconds, not the whole store.
    for (const { id, published } of pieces) await storeCells(tx, id, published, scope.areaCodes);
    for (const { id, horizonDays, published } of pieces) {
      await recordForecast(tx, id, { version, snapshot, periodStart, horizonDays, coverage, grid, areaCodes: scope.areaCodes, published, generatedBy: job.createdBy });
    }
    await completeJob(tx, job, { forecastIds: pieces.map((piece) => piece.id), cells: scope.grid.validCells.length, snapshotId: snapshot.id });
  });
  noteChange("forecasts");
}

async function storeCells(tx: Executor, forecastId: string, published: PublishedForecast, areaCodes: readonly string[]): Promise<void> {
  for (let i = 0; i < published.cells.length; i += CELL_BATCH) {
    await tx.insert(forecastCells).values(
      published.cells.slice(i, i + CELL_BATCH).map((cell) => ({
        forecastId,
        cell: cell.cell,
        areaCode: areaCodes[cell.area]!,
        risk: cell.risk,
        expected: cell.expected,
        rank: cell.rank,
        flagged: cell.flagged,
        explanation: cell.explanation ?? null,
      })),
    );
  }
}

/** The forecast's ledger entry (its Merkle root over the cells) and its row, which names the entry. */
async function recordForecast(
  tx: Executor,
  id: string,
  input: {
    version: ModelVersion;
    snapshot: { id: string; contentHash: string };
    periodStart: string;
    horizonDays: number;
    coverage: number;
    grid: ForecastGrid;
    areaCodes: string[];
    published: PublishedForecast;
    generatedBy: string | null;
  },
): Promise<void> {
  const { version, snapshot, published } = input;
  const categories = version.approvedCategories ?? (version.definition as unknown as VersionDefinition).categories;
  const stored = {
    id,
    versionId: version.id,
    snapshotId: snapshot.id,
    snapshotHash: snapshot.contentHash,
    periodStart: input.periodStart,
    horizonDays: input.horizonDays,
    coverage: input.coverage,
    areaCodes: input.areaCodes,
    categories,
    grid: input.grid,
    cellCount: published.cells.length,
    flaggedCount: published.flaggedCount,
    merkleRoot: published.merkleRoot,
  };
  const receipt = await appendToLedger(tx, {
    kind: "forecast.generated",
    actor: "system",
    subjects: [
      { type: "forecast", id, hash: published.merkleRoot },
      { type: "version", id: version.id, hash: version.definitionHash },
      { type: "snapshot", id: snapshot.id, hash: snapshot.contentHash },
    ],
    payloadHash: sha256Hex(canonicalJson({ ...stored, definitionHash: version.definitionHash })),
  });
  await tx.insert(forecasts).values({ ...stored, ledgerSeq: receipt.seq, generatedBy: input.generatedBy });
}

/** Forecast jobs still waiting or running, for the oversight page's progress display. */
export async function pendingForecastJobs(actor: Actor): Promise<{ id: string; versionId: string; status: string; progress: number; message: string | null }[]> {
  assertCan(actor, "forecasts.generate");
  const db = await getDb();
  const rows = await db.select().from(jobs).where(and(eq(jobs.kind, FORECAST_JOB), sql`${jobs.status} in ('queued', 'running')`));
  return rows.map((job) => ({ id: job.id, versionId: String((job.payload as { versionId?: unknown }).versionId), status: job.status, progress: job.progress, message: job.progressMessage }));
}
