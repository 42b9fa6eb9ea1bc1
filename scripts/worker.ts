/**
 * npm run worker — extra job workers as a separate process, for a scaled deployment on
 * PostgreSQL (the embedded database admits one process, which `npm start` already runs).
 */
import { closeDatabase, getDatabaseHandle } from "@/db";
import { env } from "@/lib/env";
import { startWorkers } from "@/lib/jobs/worker";

async function main(): Promise<void> {
  const config = env();
  if (!config.DATABASE_URL) {
    console.error("worker: set DATABASE_URL. The embedded database runs its workers inside `npm start`.");
    process.exit(2);
  }
  await getDatabaseHandle();
  const count = Math.max(1, config.SIGHTLINE_WORKERS);
  const pool = startWorkers(count);
  console.log(`[worker] ${count} worker(s) polling the job queue`);
  const stop = async () => {
    await pool.stop();
    await closeDatabase();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
