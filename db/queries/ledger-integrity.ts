import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { jobs } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { enqueueJob } from "./jobs";

export const LEDGER_VERIFY_JOB = "ledger.verify";

export interface IntegrityStatus {
  jobId: string;
  status: string;
  progress: number;
  requestedAt: Date;
  finishedAt: Date | null;
  result: { ok?: boolean; fault?: string; seq?: number | null; detail?: string; entries?: number; checkpoints?: number; badSignatures?: number[]; seconds?: number } | null;
  error: string | null;
}

/** Queues a full verification of the ledger (every leaf, root, signature) as a background job. */
export async function startLedgerVerification(actor: Actor): Promise<{ jobId: string }> {
  assertCan(actor, "ledger.audit");
  const db = await getDb();
  return { jobId: await enqueueJob(db, { kind: LEDGER_VERIFY_JOB, payload: {}, createdBy: actor.userId, maxAttempts: 2 }) };
}

/** The most recent verification, finished or not. */
export async function latestLedgerVerification(actor: Actor): Promise<IntegrityStatus | null> {
  assertCan(actor, "ledger.audit");
  const db = await getDb();
  const [row] = await db.select().from(jobs).where(and(eq(jobs.kind, LEDGER_VERIFY_JOB))).orderBy(desc(jobs.createdAt)).limit(1);
  if (!row) return null;
  return {
    jobId: row.id,
    status: row.status,
    progress: row.progress,
    requestedAt: row.createdAt,
    finishedAt: row.finishedAt,
    result: row.result as IntegrityStatus["result"],
    error: row.error,
  };
}
