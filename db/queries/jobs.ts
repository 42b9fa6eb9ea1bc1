import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "@/db";
import { jobs, type Job } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  createdBy: string | null;
  maxAttempts?: number;
}

export async function enqueueJob(db: Executor, job: NewJob): Promise<string> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: job.kind, payload: job.payload, createdBy: job.createdBy, maxAttempts: job.maxAttempts ?? 3 })
    .returning({ id: jobs.id });
  if (!row) throw new Error("job insert returned nothing");
  return row.id;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempt: number;
  leaseToken: string;
  createdBy: string | null;
}

/**
 * Claims the oldest runnable job: queued, or running with an expired lease (its worker died).
 * SKIP LOCKED lets many workers claim at once without waiting on or double-claiming a row.
 */
export async function claimJob(kinds: readonly string[], leaseSeconds: number): Promise<ClaimedJob | null> {
  const db = await getDb();
  await db.execute(sql`
    update jobs set status = 'failed', finished_at = now(), lease_token = null,
      error = coalesce(error, '') || 'lease expired after the last attempt'
    where status = 'running' and lease_expires_at < now() and attempts >= max_attempts`);
  const kindList = sql.join(kinds.map((kind) => sql`${kind}`), sql`, `);
  const result = await db.execute(sql`
    update jobs set status = 'running', attempts = attempts + 1, lease_token = gen_random_uuid(),
      lease_expires_at = now() + make_interval(secs => ${leaseSeconds}), started_at = coalesce(started_at, now())
    where id = (
      select id from jobs
      where kind in (${kindList}) and attempts < max_attempts
        and ((status = 'queued' and run_after <= now()) or (status = 'running' and lease_expires_at < now()))
      order by run_after, created_at
      for update skip locked
      limit 1)
    returning id, kind, payload, attempts, lease_token, created_by`);
  const [row] = rowsOf<Record<string, unknown>>(result);
  if (!row) return null;
  return {
    id: String(row.id),
    kind: String(row.kind),
    payload: (row.payload ?? {}) as Record<string, unknown>,
    attempt: Number(row.attempts),
    leaseToken: String(row.lease_token),
    createdBy: row.created_by === null ? null : String(row.created_by),
  };
}

/** Records progress and extends the lease; fails when another worker has taken the job over. */
export async function reportJobProgress(job: ClaimedJob, fraction: number, message: string, leaseSeconds: number): Promise<void> {
  const db = await getDb();
  const updated = await db
    .update(jobs)
    .set({
      progress: Math.max(0, Math.min(1, fraction)),
      progressMessage: message.slice(0, 500),
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where(and(eq(jobs.id, job.id), eq(jobs.leaseToken, job.leaseToken), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  if (updated.length === 0) throw new LeaseLostError(`job ${job.id} was taken over by another worker`);
}

/**
 * Marks the job done inside the transaction that commits its work. If the lease was lost the
 * update matches nothing and the throw rolls the work back: no job completes twice.
 */
export async function completeJob(tx: Executor, job: ClaimedJob, result: Record<string, unknown>): Promise<void> {
  const updated = await tx
    .update(jobs)
    .set({ status: "succeeded", progress: 1, result, finishedAt: new Date(), leaseToken: null })
    .where(and(eq(jobs.id, job.id), eq(jobs.leaseToken, job.leaseToken), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  if (updated.length === 0) throw new LeaseLostError(`job ${job.id} lost its lease before completing`);
}

/** A failed attempt: retried later with backoff, or failed for good after the last attempt. */
export async function failJobAttempt(job: ClaimedJob, error: string): Promise<void> {
  const db = await getDb();
  await db.execute(sql`
    update jobs set
      status = case when attempts >= max_attempts then 'failed' else 'queued' end,
      finished_at = case when attempts >= max_attempts then now() else null end,
      run_after = now() + make_interval(secs => power(2, attempts)::int * 5),
      error = ${error.slice(0, 2000)}, lease_token = null
    where id = ${job.id} and lease_token = ${job.leaseToken}`);
}

export interface JobStatus {
  id: string;
  kind: string;
  status: Job["status"];
  progress: number;
  progressMessage: string | null;
  attempts: number;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A job's progress, for whoever started it or may read jobs; anyone else gets not-found. */
export async function getJobStatus(actor: Actor, jobId: string): Promise<JobStatus> {
  const db = await getDb();
  const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  if (!row || (row.createdBy !== actor.userId && !can(actor, "jobs.read"))) throw new AppError("not_found", "No such job.");
  return toJobStatus(row);
}

function toJobStatus(row: Job): JobStatus {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    progressMessage: row.progressMessage,
    attempts: row.attempts,
    result: row.result,
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}
