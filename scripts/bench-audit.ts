/**
 * npm run bench:audit — the St. Louis data through the application on a fresh embedded database
 * (a temporary directory, removed afterwards): import, register a SEPP version, audit it in a
 * background job, and print how long the audit took and the report's headline figures.
 * Skips with a message when ../shared/data/stlouis is absent.
 */
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { auditStLouisSepp, headlineFigures, importStLouis } from "./bench/stlouis-app";
import { stlouisAvailable, stlouisDir } from "./bench/stlouis";
import type { AuditReport } from "@/lib/audit";

async function main(): Promise<number> {
  if (!stlouisAvailable()) {
    console.log(`bench:audit skipped: no St. Louis data at ${stlouisDir()}`);
    return 0;
  }
  const db = await getDb();
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from areas`));
  if ((existing?.n ?? 0) > 0) {
    console.error("bench:audit imports St. Louis and needs an empty database: run it as npm run bench:audit, which makes a temporary one");
    return 1;
  }
  const imported = await importStLouis(stlouisDir());
  console.log(`import: ${imported.areas.importedCount} neighbourhoods, ${imported.incidents.reduce((n, o) => n + o.importedCount, 0)} incidents in ${imported.seconds.toFixed(1)} s`);
  const run = await auditStLouisSepp();
  if (run.audit.status !== "completed") {
    console.error(`audit ${run.audit.status}: ${run.audit.error ?? "did not finish"}`);
    return 1;
  }
  console.log(`audit (launch → stored report, one worker): ${run.seconds.toFixed(2)} s`);
  for (const line of headlineFigures(run.audit.report as unknown as AuditReport)) console.log(line);
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await closeDatabase();
    process.exit(1);
  });
