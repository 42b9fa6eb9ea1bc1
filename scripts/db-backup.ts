/**
 * npm run db:backup -- FILE — the configured database to FILE: pg_dump's custom format for
 * PostgreSQL (DATABASE_URL), a gzipped copy of the data directory for the embedded PGlite (stop
 * the server first: the embedded database admits one process). Restore with npm run db:restore.
 */
import { backupDatabase } from "@/db/backup";
import { parseEnv } from "@/lib/env";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run db:backup -- FILE");
  process.exit(2);
}
const config = parseEnv(process.env);
const started = performance.now();
backupDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SIGHTLINE_DATA_DIR, file })
  .then(({ kind, bytes }) => console.log(`db:backup: ${kind} database to ${file}, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`))
  .catch((error: unknown) => {
    console.error(`db:backup: ${(error as Error).message}`);
    process.exit(1);
  });
