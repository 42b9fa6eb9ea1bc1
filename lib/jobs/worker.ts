import "server-only";
import { randomUUID } from "node:crypto";
import { claimJob, failJobAttempt, LeaseLostError, reportJobProgress } from "@/db/queries/jobs";
import { JOB_HANDLERS } from "./handlers";

const LEASE_SECONDS = 120;
const IDLE_POLL_MS = 750;

export interface WorkerPool {
  stop(): Promise<void>;
}

async function runOne(workerId: string): Promise<boolean> {
  const job = await claimJob(Object.keys(JOB_HANDLERS), LEASE_SECONDS);
  if (!job) return false;
  const handler = JOB_HANDLERS[job.kind];
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    let lastReport = 0;
    await handler({
      job,
      progress: async (fraction, message) => {
        // Progress writes are throttled: a page polling once a second needs no more.
        if (Date.now() - lastReport < 500 && fraction < 1) return;
        lastReport = Date.now();
        // Not awaited: a handler may report from inside its own transaction, and the embedded
        // database has one connection, so awaiting a second statement there would deadlock.
        // A stale write after completion matches no running lease and changes nothing.
        reportJobProgress(job, fraction, message, LEASE_SECONDS).catch((error: unknown) => {
          if (!(error instanceof LeaseLostError)) console.error(`[worker ${workerId}] progress of job ${job.id}: ${(error as Error).message}`);
        });
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[worker ${workerId}] job ${job.id} (${job.kind}) attempt ${job.attempt} failed: ${message}`);
    await failJobAttempt(job, message).catch(() => undefined);
  }
  return true;
}

/** Starts `count` polling workers in this process; `stop` waits for running jobs to end. */
export function startWorkers(count: number): WorkerPool {
  let stopping = false;
  let wake: (() => void) | null = null;
  const loops = Array.from({ length: count }, async () => {
    const workerId = randomUUID().slice(0, 8);
    while (!stopping) {
      let worked = false;
      try {
        worked = await runOne(workerId);
      } catch (error) {
        console.error(`[worker ${workerId}] cannot reach the job queue: ${(error as Error).message}`);
      }
      if (!worked && !stopping) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, IDLE_POLL_MS)));
    }
  });
  return {
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await Promise.all(loops);
    },
  };
}
