/**
 * npm run db:restore -- FILE — a backup made by npm run db:backup into an empty target: the
 * PostgreSQL database of DATABASE_URL (created, without tables), or an empty SIGHTLINE_DATA_DIR.
 * Check it afterwards with npm run ledger:verify.
 */
import { restoreDatabase } from "@/db/backup";
import { parseEnv } from "@/lib/env";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run db:restore -- FILE");
  process.exit(2);
}
const config = parseEnv(process.env);
const started = performance.now();
restoreDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SIGHTLINE_DATA_DIR, file })
  .then(({ kind }) => console.log(`db:restore: ${file} into the ${kind} database in ${((performance.now() - started) / 1000).toFixed(1)} s; run npm run ledger:verify`))
  .catch((error: unknown) => {
    console.error(`db:restore: ${(error as Error).message}`);
    process.exit(1);
  });
