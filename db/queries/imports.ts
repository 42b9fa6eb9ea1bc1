import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { areas, importReports, incidents, uploads, type ImportReport } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { createAreaLocator } from "@/lib/geo/area-locator";
import { transverseMercator } from "@/lib/geo/projection";
import { IssueList, type ImportIssue } from "@/lib/import/issues";
import type { IncidentMapping } from "@/lib/import/mapping";
import { parseAreas, type AreaOptions, type DemographicsSource } from "@/lib/import/parse-areas";
import { parseIncidentCsv, type ParsedIncident } from "@/lib/import/parse-incidents";
import { AppError } from "@/lib/errors";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { enqueueJob, LeaseLostError } from "./jobs";
import { appendToLedger } from "./ledger";
import { insertIncidents } from "./incidents";
import { ensureCentralMeridian } from "./settings";

export type ProgressReporter = (fraction: number, message: string) => void | Promise<void>;

export interface ImportOutcome {
  reportId: string;
  status: ImportReport["status"];
  rowCount: number;
  importedCount: number;
  skippedCount: number;
  errorCount: number;
  errors: ImportIssue[];
}

const INSERT_BATCH = 1_000;

/** Runs inside the import's final transaction, so e.g. a job completes together with its import. */
export type ImportFinalizer = (tx: Executor, outcome: ImportOutcome) => Promise<void>;

async function storeReport(db: Executor, report: typeof importReports.$inferInsert, finalize?: ImportFinalizer): Promise<ImportOutcome> {
  return db.transaction(async (tx) => {
    const outcome = await insertReport(tx, report);
    await finalize?.(tx, outcome);
    return outcome;
  });
}

async function insertReport(db: Executor, report: typeof importReports.$inferInsert): Promise<ImportOutcome> {
  const [row] = await db.insert(importReports).values({ ...report, finishedAt: new Date() }).returning();
  if (!row) throw new Error("import report insert returned nothing");
  return {
    reportId: row.id,
    status: row.status,
    rowCount: row.rowCount,
    importedCount: row.importedCount,
    skippedCount: row.skippedCount,
    errorCount: row.errorCount,
    errors: row.errors,
  };
}

/** Rows whose id is already in the database: the import would overwrite a record, which it never does. */
async function findExistingIds(db: Executor, rows: ParsedIncident[], issues: IssueList, idColumn: string): Promise<Set<number>> {
  const clashing = new Set<number>();
  for (let start = 0; start < rows.length; start += 5_000) {
    const batch = rows.slice(start, start + 5_000);
    const found = await db
      .select({ externalId: incidents.externalId })
      .from(incidents)
      .where(inArray(incidents.externalId, batch.map((row) => row.externalId)));
    const existing = new Set(found.map((row) => row.externalId));
    batch.forEach((row, i) => {
      if (!existing.has(row.externalId)) return;
      clashing.add(start + i);
      issues.add(row.line, idColumn, `id "${row.externalId}" was already imported`);
    });
  }
  return clashing;
}

export interface IncidentImportRequest {
  fileName: string;
  content: AsyncIterable<Buffer | string>;
  mapping: IncidentMapping;
  /** Import the valid rows even when others are bad (the bad ones are reported). */
  skipInvalid: boolean;
  actorId: string | null;
  /** The importing person's ledger pseudonym; "system" for the CLI. */
  actorPseudonym?: string;
  now?: Date;
  onProgress?: ProgressReporter;
  finalize?: ImportFinalizer;
}

/**
 * Validates a whole incident file, then imports it in one transaction. A file with any bad row
 * imports nothing unless `skipInvalid` is set. The report is stored either way.
 * Trusted entry point for the CLI and the import job; pages go through `enqueueImport`.
 */
export async function runIncidentImport(request: IncidentImportRequest, executor?: Executor): Promise<ImportOutcome> {
  const db = executor ?? (await getDb());
  const progress = request.onProgress ?? (() => undefined);
  const options = { mapping: request.mapping, skipInvalid: request.skipInvalid };
  const parsed = await parseIncidentCsv(request.content, {
    fileName: request.fileName,
    mapping: request.mapping,
    now: request.now ?? new Date(),
    onProgress: (rows) => void progress(0, `read ${rows} rows`),
  });
  const base = { kind: "incidents", fileName: request.fileName, options, actorId: request.actorId, rowCount: parsed.rowCount } as const;
  if (parsed.fatal) {
    return storeReport(db, { ...base, status: "rejected", errorCount: parsed.issueCount, errors: parsed.issues, skippedCount: parsed.rowCount }, request.finalize);
  }

  const issues = new IssueList(request.fileName);
  parsed.issues.forEach((issue) => issues.push(issue));
  const areaRows = await db.select({ id: areas.id, code: areas.code, geometry: areas.geometry }).from(areas);
  const areaIdByCode = new Map(areaRows.map((area) => [area.code, area.id]));
  const clashing = await findExistingIds(db, parsed.rows, issues, request.mapping.columns.externalId);
  const unknownArea = new Set<number>();
  parsed.rows.forEach((row, i) => {
    if (row.areaCode !== null && !areaIdByCode.has(row.areaCode)) {
      unknownArea.add(i);
      issues.add(row.line, request.mapping.columns.areaCode ?? null, `no area with code "${row.areaCode}" (import the areas first)`);
    }
  });
  const valid = parsed.rows.filter((_, i) => !clashing.has(i) && !unknownArea.has(i));
  const invalidCount = parsed.invalidRowCount + (parsed.rows.length - valid.length);
  if (issues.count > 0 && !request.skipInvalid) {
    return storeReport(db, { ...base, status: "rejected", errorCount: issues.count, errors: issues.items, skippedCount: parsed.rowCount }, request.finalize);
  }

  await progress(0.1, `validated ${parsed.rowCount} rows`);
  try {
    return await db.transaction(async (tx) => {
      const meanLon = valid.reduce((sum, row) => sum + row.lon, 0) / Math.max(1, valid.length);
      const projection = transverseMercator(await ensureCentralMeridian(tx, valid.length > 0 ? meanLon : 0));
      const locate = createAreaLocator(areaRows, projection);
      const [report] = await tx
        .insert(importReports)
        .values({ ...base, status: "imported", importedCount: valid.length, skippedCount: invalidCount, errorCount: issues.count, errors: issues.items, finishedAt: new Date() })
        .returning();
      if (!report) throw new Error("import report insert returned nothing");
      for (let start = 0; start < valid.length; start += INSERT_BATCH) {
        const batch = valid.slice(start, start + INSERT_BATCH).map((row) => {
          const [x, y] = projection.forward(row.lon, row.lat);
          const areaCode = row.areaCode ?? locate(x, y);
          return {
            externalId: row.externalId,
            caseRef: row.caseRef,
            category: row.category,
            sourceCode: row.sourceCode,
            sourceDescription: row.description,
            occurredAt: row.occurredAt,
            lat: row.lat,
            lon: row.lon,
            x,
            y,
            areaId: areaCode === null ? null : (areaIdByCode.get(areaCode) ?? null),
            source: row.source,
            importId: report.id,
          };
        });
        await insertIncidents(tx, batch, `imported from ${request.fileName}`, request.actorId);
        await progress(0.1 + (0.9 * Math.min(valid.length, start + INSERT_BATCH)) / valid.length, `imported ${Math.min(valid.length, start + INSERT_BATCH)} of ${valid.length}`);
      }
      await appendToLedger(tx, {
        kind: "data.imported",
        actor: request.actorPseudonym ?? "system",
        subjects: [{ type: "import", id: report.id, hash: sha256Hex(canonicalJson(valid.map((row) => [row.externalId, row.category, row.occurredAt.toISOString(), row.lat, row.lon]))) }],
        payloadHash: sha256Hex(canonicalJson({ fileName: request.fileName, imported: valid.length, skipped: invalidCount })),
      });
      const outcome: ImportOutcome = {
        reportId: report.id,
        status: report.status,
        rowCount: report.rowCount,
        importedCount: report.importedCount,
        skippedCount: report.skippedCount,
        errorCount: report.errorCount,
        errors: report.errors,
      };
      await request.finalize?.(tx, outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof LeaseLostError) throw error;
    const failure: ImportIssue = { file: request.fileName, line: null, field: null, message: `import failed and was rolled back: ${(error as Error).message}` };
    return storeReport(db, { ...base, status: "failed", errorCount: issues.count + 1, errors: [failure, ...issues.items], skippedCount: parsed.rowCount }, request.finalize);
  }
}

export interface AreaImportRequest {
  geojsonText: string;
  options: AreaOptions;
  demographics: DemographicsSource[];
  actorId: string | null;
  finalize?: ImportFinalizer;
}

/** Imports area boundaries (upserting by code) with their populations, all or nothing. */
export async function runAreaImport(request: AreaImportRequest, executor?: Executor): Promise<ImportOutcome> {
  const db = executor ?? (await getDb());
  const parsed = parseAreas(request.geojsonText, request.options, request.demographics);
  const base = {
    kind: "areas",
    fileName: request.options.fileName,
    options: { ...request.options, demographics: request.demographics.map(({ text: _text, ...rest }) => rest) },
    actorId: request.actorId,
    rowCount: parsed.areas.length,
  } as const;
  if (parsed.issueCount > 0 || parsed.areas.length === 0) {
    const errors = parsed.issueCount > 0 ? parsed.issues : [{ file: request.options.fileName, line: null, field: null, message: "the file holds no areas" }];
    return storeReport(db, { ...base, status: "rejected", errorCount: errors.length, errors, skippedCount: parsed.areas.length }, request.finalize);
  }
  return db.transaction(async (tx) => {
    for (const area of parsed.areas) {
      await tx
        .insert(areas)
        .values(area)
        .onConflictDoUpdate({
          target: areas.code,
          set: { name: area.name, geometry: area.geometry, population: area.population, demographics: area.demographics, updatedAt: new Date() },
        });
    }
    return storeReport(tx, { ...base, status: "imported", importedCount: parsed.areas.length, errors: [] }, request.finalize);
  });
}

export interface ImportReportSummary {
  id: string;
  kind: string;
  fileName: string;
  status: string;
  rowCount: number;
  importedCount: number;
  skippedCount: number;
  errorCount: number;
  errors: ImportIssue[];
  startedAt: Date;
}

export async function listImportReports(actor: Actor, limit = 50): Promise<ImportReportSummary[]> {
  assertCan(actor, "imports.read");
  const db = await getDb();
  const rows = await db.select().from(importReports).orderBy(desc(importReports.startedAt)).limit(limit);
  return rows.map(({ id, kind, fileName, status, rowCount, importedCount, skippedCount, errorCount, errors, startedAt }) => ({
    id,
    kind,
    fileName,
    status,
    rowCount,
    importedCount,
    skippedCount,
    errorCount,
    errors,
    startedAt,
  }));
}

export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

export interface ImportUpload {
  kind: "incidents" | "areas";
  fileName: string;
  content: Uint8Array;
  /**
   * incidents: { preset | mapping, skipInvalid };
   * areas: { codeField, nameField, demographics: [{ attachment, joinColumn, populationColumn?, groupColumns, source, year }] }
   * where `attachment` indexes `attachments`.
   */
  options: Record<string, unknown>;
  /** Further files the import reads, e.g. population tables joined to area boundaries. */
  attachments?: { fileName: string; content: Uint8Array }[];
}

/** Stores an uploaded file (and its attachments) and queues its import; pages follow the job. */
export async function startImport(actor: Actor, upload: ImportUpload): Promise<{ jobId: string }> {
  assertCan(actor, "imports.run");
  const files = [{ fileName: upload.fileName, content: upload.content }, ...(upload.attachments ?? [])];
  for (const file of files) {
    if (file.content.byteLength > MAX_UPLOAD_BYTES) {
      throw new AppError("payload_too_large", `${file.fileName}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`);
    }
    if (file.content.byteLength === 0) throw new AppError("invalid_input", `${file.fileName}: the file is empty`);
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const stored = await tx
      .insert(uploads)
      .values(files.map((file) => ({ fileName: file.fileName, content: file.content, byteSize: file.content.byteLength, createdBy: actor.userId })))
      .returning({ id: uploads.id });
    const [main, ...attached] = stored.map((row) => row.id);
    const demographics = Array.isArray(upload.options.demographics)
      ? (upload.options.demographics as { attachment: number }[]).map(({ attachment, ...rest }) => {
          const uploadId = attached[attachment];
          if (!uploadId) throw new AppError("invalid_input", `demographics: attachment ${attachment} was not uploaded`);
          return { ...rest, uploadId };
        })
      : undefined;
    const jobId = await enqueueJob(tx, {
      kind: `import.${upload.kind}`,
      payload: { uploadId: main, fileName: upload.fileName, options: demographics ? { ...upload.options, demographics } : upload.options },
      createdBy: actor.userId,
      maxAttempts: 1,
    });
    return { jobId };
  });
}

export async function readUpload(db: Executor, uploadId: string): Promise<{ fileName: string; content: Uint8Array }> {
  const [row] = await db.select({ fileName: uploads.fileName, content: uploads.content }).from(uploads).where(eq(uploads.id, uploadId));
  if (!row) throw new AppError("not_found", `upload ${uploadId} is gone`);
  return row;
}
