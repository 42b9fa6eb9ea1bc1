import "server-only";
import { closeDatabase } from "@/db";
import { scheduleDueForecasts } from "@/db/queries/forecast-generation";
import { checkpointIfDue } from "@/db/queries/ledger-checkpoints";
import { expireDueVersions } from "@/db/queries/models";
import { scheduleDueMonitoring } from "@/db/queries/monitoring";
import { sweepObjections } from "@/db/queries/objections-maintenance";
import { env } from "@/lib/env";
import { startWorkers, type WorkerPool } from "./worker";

const GLOBAL_KEY = Symbol.for("sightline.workers");
type GlobalWithWorkers = typeof globalThis & { [GLOBAL_KEY]?: WorkerPool };

/** Starts the in-process job workers once, and stops them and the database on SIGTERM/SIGINT. */
export function startBackgroundWork(): void {
  const store = globalThis as GlobalWithWorkers;
  if (store[GLOBAL_KEY]) return;
  const count = env().SIGHTLINE_WORKERS;
  const pool = startWorkers(count);
  store[GLOBAL_KEY] = pool;
  if (count > 0) console.log(`[sightline] ${count} job worker(s) running in the web process`);
  // Checkpoints are signed every N entries or M minutes, so a rewritten tail shows against them.
  const { LEDGER_CHECKPOINT_EVERY: every, LEDGER_CHECKPOINT_MINUTES: minutes } = env();
  // Expiry is also computed on every read (effectiveState); the sweep writes it down and logs it.
  const checkpointing = setInterval(() => {
    checkpointIfDue({ every, minutes }).catch((error: unknown) => console.error(`[ledger] checkpoint failed: ${(error as Error).message}`));
    // Expiry first, so a version expiring now gets no forecast for today.
    expireDueVersions()
      .catch((error: unknown) => console.error(`[registry] expiry sweep failed: ${(error as Error).message}`))
      .then(() => scheduleDueForecasts())
      .catch((error: unknown) => console.error(`[forecasts] daily schedule failed: ${(error as Error).message}`))
      // Monthly monitoring of each approved version, once its month's forecasts have all finished.
      .then(() => scheduleDueMonitoring())
      .catch((error: unknown) => console.error(`[monitoring] monthly schedule failed: ${(error as Error).message}`));
  }, 30_000);
  checkpointing.unref();
  // Closed objections' contact e-mails past retention, expired idempotency keys: hourly is plenty.
  const retention = () =>
    sweepObjections(env().OBJECTION_CONTACT_RETENTION_DAYS).catch((error: unknown) => console.error(`[objections] retention sweep failed: ${(error as Error).message}`));
  const sweeping = setInterval(retention, 60 * 60_000);
  sweeping.unref();
  setTimeout(retention, 60_000).unref();
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    clearInterval(checkpointing);
    clearInterval(sweeping);
    console.log(`[sightline] ${signal}: finishing running jobs and closing the database`);
    const deadline = setTimeout(() => process.exit(1), 9_000);
    deadline.unref();
    void pool
      .stop()
      .then(() => closeDatabase())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
