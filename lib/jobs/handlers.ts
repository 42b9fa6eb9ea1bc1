import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import { completeJob, type ClaimedJob } from "@/db/queries/jobs";
import { AUDIT_JOB, runAuditJob } from "@/db/queries/audits";
import { FORECAST_JOB, runForecastJob } from "@/db/queries/forecast-generation";
import { readUpload, runAreaImport, runIncidentImport } from "@/db/queries/imports";
import { LEDGER_VERIFY_JOB } from "@/db/queries/ledger-integrity";
import { MONITORING_JOB, runMonitoringJob } from "@/db/queries/monitoring";
import { auditLedger } from "@/db/queries/ledger-verify";
import { readPublishedCheckpoint } from "@/lib/server/ledger-signer";
import { mappingSchema } from "@/lib/import/mapping";
import { PRESETS } from "@/lib/import/presets";

export interface JobContext {
  job: ClaimedJob;
  progress(fraction: number, message: string): Promise<void>;
}

/**
 * A handler does its work and calls completeJob inside the transaction that commits it,
 * so the work and the job's completion land together or not at all.
 */
export type JobHandler = (context: JobContext) => Promise<void>;

const incidentImportSchema = z.object({
  uploadId: z.string().uuid(),
  fileName: z.string(),
  options: z.object({ preset: z.string().optional(), mapping: mappingSchema.optional(), skipInvalid: z.boolean().default(false) }),
});

const areaImportSchema = z.object({
  uploadId: z.string().uuid(),
  fileName: z.string(),
  options: z.object({
    codeField: z.string().min(1),
    nameField: z.string().min(1),
    demographics: z
      .array(
        z.object({
          uploadId: z.string().uuid(),
          joinColumn: z.string().min(1),
          populationColumn: z.string().min(1).optional(),
          groupColumns: z.record(z.string(), z.string()),
          source: z.string(),
          year: z.number().int().nullable(),
        }),
      )
      .default([]),
  }),
});

async function* once(content: Uint8Array): AsyncIterable<Buffer> {
  yield Buffer.from(content);
}

const importIncidents: JobHandler = async ({ job, progress }) => {
  const payload = incidentImportSchema.parse(job.payload);
  const mapping = payload.options.mapping ?? (payload.options.preset ? PRESETS[payload.options.preset] : undefined);
  if (!mapping) throw new Error(`unknown preset "${payload.options.preset}"`);
  const db = await getDb();
  const upload = await readUpload(db, payload.uploadId);
  await runIncidentImport({
    fileName: payload.fileName,
    content: once(upload.content),
    mapping,
    skipInvalid: payload.options.skipInvalid,
    actorId: job.createdBy,
    onProgress: progress,
    finalize: (tx, outcome) => completeJob(tx, job, { ...outcome }),
  });
};

const importAreas: JobHandler = async ({ job }) => {
  const payload = areaImportSchema.parse(job.payload);
  const db = await getDb();
  const upload = await readUpload(db, payload.uploadId);
  const demographics = await Promise.all(
    payload.options.demographics.map(async ({ uploadId, ...rest }) => {
      const table = await readUpload(db, uploadId);
      return { ...rest, fileName: table.fileName, text: Buffer.from(table.content).toString("utf8") };
    }),
  );
  await runAreaImport({
    geojsonText: Buffer.from(upload.content).toString("utf8"),
    options: { fileName: payload.fileName, codeField: payload.options.codeField, nameField: payload.options.nameField },
    demographics,
    actorId: job.createdBy,
    finalize: (tx, outcome) => completeJob(tx, job, { ...outcome }),
  });
};

/** Recomputes the whole ledger; the result (first bad seq, if any) is the job's result. */
const verifyLedger: JobHandler = async ({ job, progress }) => {
  const db = await getDb();
  await progress(0.05, "reading and rehashing every entry");
  const audit = await auditLedger(db, readPublishedCheckpoint());
  const result = audit.log.ok
    ? { ok: audit.badSignatures.length === 0, entries: audit.entries, checkpoints: audit.checkpoints, badSignatures: audit.badSignatures, seconds: audit.milliseconds / 1000 }
    : { ok: false, fault: audit.log.fault, seq: audit.log.seq, detail: audit.log.detail, entries: audit.entries, checkpoints: audit.checkpoints, badSignatures: audit.badSignatures, seconds: audit.milliseconds / 1000 };
  await db.transaction((tx) => completeJob(tx, job, result));
};

const auditVersion: JobHandler = ({ job, progress }) => runAuditJob(job, progress);

export const JOB_HANDLERS: Record<string, JobHandler> = {
  [AUDIT_JOB]: auditVersion,
  "import.incidents": importIncidents,
  "import.areas": importAreas,
  [LEDGER_VERIFY_JOB]: verifyLedger,
  [FORECAST_JOB]: ({ job, progress }) => runForecastJob(job, progress),
  [MONITORING_JOB]: ({ job, progress }) => runMonitoringJob(job, progress),
};
