/**
 * npm run ledger:verify — recomputes every leaf hash and the root at every signed checkpoint
 * (including the copy published outside the database), checks every signature, and names the
 * first bad sequence number. Exits 1 on any fault. Usage: npm run ledger:verify [-- --workers N]
 */
import { closeDatabase, getDb } from "@/db";
import { auditLedger } from "@/db/queries/ledger-verify";
import { defaultVerifyWorkers } from "@/lib/ledger/verify-workers";
import { readPublishedCheckpoint } from "@/lib/server/ledger-signer";

/** `--workers N`: worker threads that check and hash entries (default one per core; 0: none). */
function workersOption(): number {
  const at = process.argv.indexOf("--workers");
  if (at === -1) return defaultVerifyWorkers();
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--workers takes a whole number ≥ 0, not ${String(process.argv[at + 1])}`);
  return value;
}

async function main(): Promise<number> {
  const workers = workersOption();
  const db = await getDb();
  const audit = await auditLedger(db, readPublishedCheckpoint(), undefined, { workers });
  const seconds = (audit.milliseconds / 1000).toFixed(2);
  if (audit.badSignatures.length > 0) {
    console.log(`FAIL: checkpoint signature invalid at tree size ${audit.badSignatures.join(", ")}`);
    return 1;
  }
  if (!audit.log.ok) {
    const { fault, seq, index, detail } = audit.log;
    console.log(`FAIL: ${fault} at seq ${seq ?? "(missing)"} (leaf index ${index}): ${detail}`);
    return 1;
  }
  console.log(`OK: ${audit.entries} entries, ${audit.checkpoints} checkpoints verified in ${seconds} s (${audit.workers} worker threads); root ${audit.log.rootHash} at size ${audit.log.treeSize}`);
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDatabase().catch(() => undefined);
    process.exit(2);
  });
